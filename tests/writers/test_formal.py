"""Formal-document elements of GB/T 9704: 主送机关, signature with a seal, joint signature."""

import pytest
from conftest import MINIMAL, build_doc, write

from drafter.layout.blocks import width
from drafter.readers.sources import load_report


def _tail(tmp_path, extra: str):
    source = write(tmp_path / "r.yaml", MINIMAL.replace("date: 2024-01-15", "date: 2024-01-15\n" + extra))
    paragraphs = [p for p in build_doc(source, tmp_path).paragraphs]
    return paragraphs


def _start(text: str) -> float:
    """Where a line's text starts, in characters (leading blanks: ideographic space 1, en space ½)."""
    return sum(1 if ch == "\u3000" else 0.5 for ch in text[: len(text) - len(text.lstrip("\u3000\u2002"))])


def test_addressee_flush_left_under_the_title_with_a_colon(tmp_path):
    paragraphs = _tail(tmp_path, "addressee: 县委、县政府")
    assert [p.text for p in paragraphs[:3]] == ["测试县司法局2023年法治政府建设年度报告", "", "县委、县政府："]
    assert paragraphs[2].style.name == "主送机关"
    assert paragraphs[2].style.paragraph_format.first_line_indent == 0


def test_without_seal_name_two_in_from_the_right_and_date_two_further_right(tmp_path):
    *_, name, date = _tail(tmp_path, "")
    assert name.text.strip("\u3000\u2002") == "测试县司法局" and date.text.strip("\u3000\u2002") == "2024年1月15日"
    # the date (6.5 wide) is longer than the name (6) + 2: date 右空二字, name two characters left of it
    assert _start(date.text) + width("2024年1月15日") == 28 - 2
    assert _start(name.text) == _start(date.text) - 2


def test_with_seal_date_four_in_and_name_centred_over_it(tmp_path):
    *_, name, date = _tail(tmp_path, "seal: true")
    date_width = width("2024年1月15日")
    assert _start(date.text) + date_width == 28 - 4
    assert _start(name.text) + width("测试县司法局") / 2 == pytest.approx(_start(date.text) + date_width / 2, abs=0.25)


def test_joint_signature_lead_organ_first(tmp_path):
    *_, first, second, date = _tail(tmp_path, "signature: [中共测试县委员会, 测试县人民政府]")
    assert first.text.strip("\u3000\u2002") == "中共测试县委员会" and second.text.strip("\u3000\u2002") == "测试县人民政府"
    assert _start(first.text) == _start(second.text) == _start(date.text) - 2
    # the names align on their first character; the date (6.5 + 2) outruns the longest name (8): 右空二字
    assert _start(date.text) + width("2024年1月15日") == 28 - 2
    report = load_report(tmp_path / "r.yaml")
    assert report.signer == "中共测试县委员会、测试县人民政府"


IMPRINT = "imprint:\n  copy_to: [县委依法治县办, 市司法局]\n  printed_by: 测试县司法局办公室\n  printed_on: 2024-01-16\n"


def _document_xml(tmp_path, extra: str) -> str:
    import zipfile

    from drafter.commands.build import build

    source = write(tmp_path / "r.yaml", MINIMAL.replace("date: 2024-01-15", "date: 2024-01-15\n" + extra))
    with zipfile.ZipFile(build(source, tmp_path / "out.docx")) as package:
        return package.read("word/document.xml").decode("utf-8")


def test_imprint_lines_as_the_standard_writes_them(tmp_path):
    source = write(tmp_path / "r.yaml", MINIMAL.replace("date: 2024-01-15", "date: 2024-01-15\n" + IMPRINT))
    document = build_doc(source, tmp_path)
    lines = [(p.style.name, p.text) for row in document.tables[-1].rows for p in row.cells[0].paragraphs]
    assert lines == [("版记抄送", "抄送：县委依法治县办，市司法局。"), ("版记印发", "测试县司法局办公室\t2024年1月16日印发")]


def test_imprint_without_copy_to_has_only_the_printed_line(tmp_path):
    source = write(tmp_path / "r.yaml", MINIMAL.replace(
        "date: 2024-01-15", "date: 2024-01-15\nimprint:\n  printed_by: 测试县司法局办公室\n  printed_on: 2024-02-01\n"))
    imprint = build_doc(source, tmp_path).tables[-1]
    assert [p.text for row in imprint.rows for p in row.cells[0].paragraphs] == ["测试县司法局办公室\t2024年2月1日印发"]


def test_imprint_after_an_odd_last_page_starts_an_even_page_numbered(tmp_path):
    """What Word and WPS are told when the body ends on page 1: the 版记's section starts on an
    even page and keeps the body's numbered footers (GB/T 9704 §7.5 numbers it: no blank page
    precedes it); its table floats at the foot of the text area."""
    import re

    document = _document_xml(tmp_path, IMPRINT)
    body, last = re.findall(r"<w:sectPr>.*?</w:sectPr>", document)
    assert 'r:id="rIdFooterOdd"' in body and "<w:type " not in body
    assert '<w:type w:val="evenPage"/>' in last and 'r:id="rIdFooterOdd"' in last
    assert document.index(body) < document.index("抄送：") < document.index(last)
    assert re.search(r'<w:tblpPr [^>]*w:vertAnchor="margin"[^>]*w:tblpYSpec="bottom"', document)
    without = _document_xml(tmp_path / "plain", "")
    assert "evenPage" not in without and without.count("<w:sectPr>") == 1


@pytest.mark.parametrize(("placement", "sections", "even", "footer"), [
    ("same-page", 1, False, "rIdFooterOdd"), ("next-page", 2, True, "rIdFooterOdd"), ("after-blank", 2, True, "rIdFooterImprint")])
def test_each_imprint_placement_from_any_other(tmp_path, placement, sections, even, footer):
    import re

    from drafter.writers.docx.parts import imprint_placement, place_imprint

    document = _document_xml(tmp_path, IMPRINT)
    for start in ("same-page", "next-page", "after-blank"):
        placed = place_imprint(place_imprint(document, start), placement)
        assert imprint_placement(placed) == placement
        found = re.findall(r"<w:sectPr>.*?</w:sectPr>", placed)
        assert len(found) == sections and ('<w:type w:val="evenPage"/>' in found[-1]) == even
        assert f'r:id="{footer}"' in found[-1] and 'r:id="rIdFooterOdd"' in found[0]
        assert placed.count("抄送：") == 1


def test_printed_before_dated_is_a_warning(tmp_path):
    from drafter.checks.check import check

    early = write(tmp_path / "r.yaml", MINIMAL.replace("date: 2024-01-15", "date: 2024-01-15\n" + IMPRINT.replace("2024-01-16", "2024-01-10")))
    assert any("印发日期 2024年1月10日 早于成文日期 2024年1月15日" in w.message for w in check(early).warnings)
    same_day = write(tmp_path / "s.yaml", MINIMAL.replace("date: 2024-01-15", "date: 2024-01-15\n" + IMPRINT.replace("2024-01-16", "2024-01-15")))
    assert not any("印发日期" in w.message for w in check(same_day).warnings)


@pytest.mark.parametrize("extra", ["", "statistics_attachment: true\nfigures:\n  - {name: 学习次数, value: 10}"])
def test_the_body_end_keeps_with_the_signature_and_date_in_word(tmp_path, extra):
    """GB/T 9704 §7.3.5.5, as Word reads it: keep-with-next from the body's last paragraph down to the date."""
    paragraphs = _tail(tmp_path, extra)
    styles = [p.style.name for p in paragraphs]
    first = styles.index("二级标题段落（末段）")  # MINIMAL ends with a run-in section
    assert paragraphs[first].text.endswith("组织学习10次。") and paragraphs[first].style.base_style.name == "二级标题段落"
    *kept, date = paragraphs[first:styles.index("成文日期") + 1]
    assert date.style.name == "成文日期" and date.style.paragraph_format.keep_with_next is None
    assert [p.text for p in kept if p.style.name == "正文末段"] == (["", "附件：主要数据统计表"] if extra else [])
    assert [p.style.name for p in kept[-2:]] == ["发文机关署名"] * 2  # the blank line above the name, the name
    for paragraph in kept:
        assert paragraph.style.paragraph_format.keep_with_next, paragraph.text
    assert paragraphs[first].style.paragraph_format.widow_control  # in Word, at least two of its lines come along


def test_a_seal_gets_two_blank_lines_above_the_name(tmp_path):
    # §7.3.5.1: a 42 mm seal, its top within a line of the body, the name and date below its centre
    for extra, blanks in (("", 1), ("seal: true", 2)):
        styles = [(p.style.name, p.text) for p in _tail(tmp_path / str(blanks), extra)]
        name = next(i for i, (style, text) in enumerate(styles) if style == "发文机关署名" and text)
        assert [text for _, text in styles[name - blanks:name]] == [""] * blanks
        assert styles[name - blanks - 1][1].endswith("组织学习10次。")
