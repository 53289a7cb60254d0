"""End to end: build real .docx files and read them back."""

import os
import re
import shutil
import zipfile

import docx
import pytest
from conftest import EXAMPLE, MINIMAL, SEED, body_texts, build_doc, run, write
from docx.shared import Mm

from drafter.commands.build import build

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def seed_paragraphs() -> list[str]:
    """The seed's title and body paragraphs, with its numbering slips corrected."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    body = lines[lines.index("【字体:") + 1:]
    text = "\n".join([lines[0]] + [line for line in body if line])
    for slip, fixed in [
        ("二充分发挥行政复议、人民调解作用稳步", "二是充分发挥行政复议、人民调解作用。稳步"),
        ("二提高公证行业、法律援助服务质量市国信", "二是提高公证行业、法律援助服务质量。市国信"),
        ("专项治理活动对全市", "专项治理活动。对全市"),
    ]:
        assert slip in text
        text = text.replace(slip, fixed)
    return text.split("\n")


_WIDTH = str.maketrans("，：；（）—\u3000\u2002", ",:;()-  ")


def same_width(text: str) -> str:
    """Punctuation width aside: the scrape turned full-width punctuation half-width."""
    return text.translate(_WIDTH).strip()


def test_example_reproduces_the_seed_paragraph_by_paragraph(example_docx):
    produced = body_texts(docx.Document(str(example_docx)))
    expected = seed_paragraphs() + ["清远市司法局", "2022年2月7日"]
    assert [same_width(p) for p in produced] == [same_width(p) for p in expected]


def test_example_paragraph_styles(example_docx):
    document = docx.Document(str(example_docx))
    styled = [(p.style.name, p.text[:4]) for p in document.paragraphs if p.text.strip()]
    assert styled[0] == ("Title", "清远市司")
    assert [t for s, t in styled if s == "Heading 1"] == ["一、推进", "二、存在", "三、下一"]
    assert [t[:3] for s, t in styled if s == "二级标题段落"] == [f"（{n}）" for n in "一二三四五六七"]
    assert styled[-2][0] == "发文机关署名" and styled[-1][0] == "成文日期"
    # run-in: the section heading is its own 楷体 run, the points' leads theirs
    section = next(p for p in document.paragraphs if p.text.startswith("（二）"))
    assert section.runs[0].text == "（二）持续完善依法行政制度体系。"
    assert section.runs[0].style.name == "二级标题（接排）"
    assert [r.text for r in section.runs if r.style.name == "要点开头"] == [
        "一是突出地方立法特色。", "二是加强地方性法规实施工作。", "三是加强规范性文件制定监督管理。"]


def _style_fonts(document, style_name):
    """East Asian font and size (pt) a paragraph or character style resolves to."""
    style = document.styles[style_name]
    east, size = None, None
    while style is not None and (east is None or size is None):
        rpr = style.element.rPr
        if rpr is not None:
            fonts = rpr.find(f"{W}rFonts")
            if east is None and fonts is not None and fonts.get(f"{W}eastAsia"):
                east = fonts.get(f"{W}eastAsia")
            if size is None and style.font.size is not None:
                size = style.font.size.pt
        style = style.base_style
    defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    east = east or defaults.find(f"{W}rFonts").get(f"{W}eastAsia")
    size = size or int(defaults.find(f"{W}sz").get(f"{W}val")) / 2
    return east, size


@pytest.mark.parametrize(
    ("style", "font", "size"),
    [("Title", "方正小标宋简体", 22), ("Heading 1", "黑体", 16), ("Heading 2", "楷体_GB2312", 16),
     ("二级标题（接排）", "楷体_GB2312", 16), ("Normal", "仿宋_GB2312", 16), ("Footer", "宋体", 14)],
)
def test_fonts_and_sizes_per_gbt9704(example_docx, style, font, size):
    assert _style_fonts(docx.Document(str(example_docx)), style) == (font, size)


def test_no_theme_fonts_and_chinese_language(example_docx):
    with zipfile.ZipFile(example_docx) as package:
        styles = package.read("word/styles.xml").decode("utf-8")
        settings = package.read("word/settings.xml").decode("utf-8")
    assert "Theme" not in styles  # w:asciiTheme / w:eastAsiaTheme would override the fonts
    assert 'w:eastAsia="zh-CN"' in styles
    assert 'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"' in settings
    assert "<w:evenAndOddHeaders/>" in settings


def test_body_grid_values(example_docx):
    document = docx.Document(str(example_docx))
    defaults = document.styles.element.find(f"{W}docDefaults")
    spacing = defaults.find(f"{W}pPrDefault/{W}pPr/{W}spacing")
    assert (spacing.get(f"{W}line"), spacing.get(f"{W}lineRule"), spacing.get(f"{W}after")) == ("579", "exact", "0")
    assert defaults.find(f"{W}pPrDefault/{W}pPr/{W}widowControl").get(f"{W}val") == "0"
    assert defaults.find(f"{W}rPrDefault/{W}rPr/{W}spacing").get(f"{W}val") == "-5"
    normal = document.styles["Normal"].paragraph_format
    assert normal.first_line_indent.pt == 32  # two characters of 16 pt
    grid = document.sections[0]._sectPr.find(f"{W}docGrid")
    assert (grid.get(f"{W}type"), grid.get(f"{W}linePitch")) == ("lines", "579")


def test_page_size_and_margins(example_docx):
    section = docx.Document(str(example_docx)).sections[0]
    measured = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
                section.left_margin, section.right_margin]
    for value, expected in zip(measured, [210, 297, 37, 35, 28, 26]):
        assert abs(value.mm - Mm(expected).mm) < 0.1


def test_page_numbers_odd_right_even_left(example_docx):
    document = docx.Document(str(example_docx))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, side in [(section.footer, "right"), (section.even_page_footer, "left")]:
        paragraph = footer.paragraphs[0]
        xml = paragraph._p.xml
        assert "PAGE" in "".join(t.text for t in paragraph._p.iter(f"{W}instrText"))
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert f'w:jc w:val="{side}"' in xml and f'w:{side}="280"' in xml


def _outline_level(paragraph):
    style = paragraph.style
    while style is not None:
        level = style.element.find(f"{W}pPr/{W}outlineLvl")
        if level is not None:
            return int(level.get(f"{W}val"))
        style = style.base_style
    return None


@pytest.mark.parametrize("layout", ["run-in", "paragraph"])
def test_navigation_pane_shows_every_part_and_section(tmp_path, layout):
    source = shutil.copytree(EXAMPLE, tmp_path / "src")
    report = source / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("layout: run-in", f"layout: {layout}"), encoding="utf-8")
    document = build_doc(source, tmp_path)
    levels = [(_outline_level(p), p.text) for p in document.paragraphs if p.text.strip()]
    assert [t for lv, t in levels if lv == 0] == ["一、推进法治政府建设的主要举措和成效", "二、存在问题", "三、下一步工作计划"]
    sections = [t for lv, t in levels if lv == 1]
    assert [t[:3] for t in sections] == [f"（{n}）" for n in "一二三四五六七"]
    if layout == "paragraph":
        assert sections[1] == "（二）持续完善依法行政制度体系"
        assert "一是突出地方立法特色。完成地方性法规" in [t[:18] for lv, t in levels]
        headings = [p for p in document.paragraphs if p.style.name == "Heading 2"]
        assert len(headings) == 7 and all(p.paragraph_format.keep_with_next is not False for p in headings)


def test_labels_are_generated_past_ten_and_typed_ones_stripped(tmp_path):
    sections = "\n".join(
        f"      - title: {'（三）' if n == 3 else ''}第{n}节\n        points:\n"
        + "\n".join(f"          - title: {'一是' if k == 1 else ''}要点{k}\n            text: 正文" for k in range(1, 13))
        for n in range(1, 22)
    )
    source = write(tmp_path / "r.yaml", f"""
organization: 某局
year: 2022
layout: paragraph
point_style: 一是
parts:
  - title: 一、举措
    sections:
{sections}
    paragraphs:
      - 3.5万人次参加培训。
      - 十九届六中全会精神。
""")
    texts = body_texts(build_doc(source, tmp_path))
    assert "一、举措" in texts
    assert "（三）第3节" in texts and "（十一）第11节" in texts and "（二十一）第21节" in texts
    assert "一是要点1。正文" in texts and "十一是要点11。正文" in texts and "十二是要点12。正文" in texts
    assert "3.5万人次参加培训。" in texts and "十九届六中全会精神。" in texts


def test_arabic_point_style_and_items(tmp_path):
    source = write(tmp_path / "r.yaml", MINIMAL.replace("year: 2023", "year: 2023\npoint_style: 1.")
                   + "            items: [（1）甲项, 乙项]\n")
    texts = body_texts(build_doc(source, tmp_path))
    assert "（一）加强党的领导。1.认真学习。组织学习10次。（1）甲项（2）乙项" in texts


def test_text_survives_escaping_exactly(tmp_path):
    tricky = "A & B <c> \"d\" 'e' {{ 7*191 }} {% if %} 😀 𠀀 ＆ \\ ]]> --"
    source = write(tmp_path / "r.yaml", MINIMAL.replace("text: 组织学习10次。", f"text: '{tricky.replace(chr(39), chr(39) * 2)}'"))
    texts = body_texts(build_doc(source, tmp_path))
    assert f"（一）加强党的领导。一是认真学习。{tricky}" in texts


def test_placeholders_follow_the_year(tmp_path):
    source = write(tmp_path / "r.yaml", MINIMAL.replace("组织学习10次。", "【年度】年以来，【单位】对照【上年度】年问题"))
    assert "一是认真学习。2023年以来，测试县司法局对照2022年问题" in "".join(body_texts(build_doc(source, tmp_path)))


def test_long_default_title_breaks_after_the_year(tmp_path):
    source = write(tmp_path / "r.yaml", MINIMAL.replace("测试县司法局", "广东省清远市清城区人民政府"))
    title = build_doc(source, tmp_path).paragraphs[0]
    assert title.text == "广东省清远市清城区人民政府2023年\n法治政府建设年度报告"


def test_signature_and_date_placed_per_gbt9704(example_docx):
    paragraphs = [p for p in docx.Document(str(example_docx)).paragraphs]
    assert paragraphs[-3].text == ""  # one blank line below the body
    name, date = paragraphs[-2].text, paragraphs[-1].text
    # On the 28-character line the date (6 wide: digits count half) starts two
    # characters right of the name and ends 右空二字: the name starts at 28-2-6-2.
    assert name == "\u3000" * 18 + "清远市司法局"
    assert date == "\u3000" * 20 + "2022年2月7日"


def test_builds_are_byte_identical(tmp_path):
    first = build(EXAMPLE, tmp_path / "a.docx").read_bytes()
    second = build(EXAMPLE, tmp_path / "b.docx").read_bytes()
    assert first == second


def test_document_properties_come_from_the_report(example_docx):
    properties = docx.Document(str(example_docx)).core_properties
    assert properties.title == "清远市司法局2021年法治政府建设年度报告"
    assert properties.author == "清远市司法局"
    assert properties.created.isoformat().startswith("2022-02-07")


def test_bad_source_leaves_existing_output_untouched(tmp_path):
    target = tmp_path / "报告.docx"
    target.write_bytes(b"earlier work")
    source = write(tmp_path / "r.yaml", MINIMAL.replace("year: 2023", "year: 今年"))
    assert run("build", source, "-o", target).exit_code == 2
    assert target.read_bytes() == b"earlier work"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.yaml", "报告.docx"]


def test_output_folder_must_exist(tmp_path):
    result = run("build", EXAMPLE, "-o", tmp_path / "没有" / "x.docx")
    assert result.exit_code == 2 and "输出文件夹不存在" in result.output


def test_default_output_name_is_the_title(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build", EXAMPLE)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "清远市司法局2021年法治政府建设年度报告.docx").is_file()


def test_module_entry_point(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-X", "warn_default_encoding", "-W", "error::EncodingWarning",
                             "-m", "drafter", "build", str(EXAMPLE), "-o", str(tmp_path / "m.docx")],
                            capture_output=True, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert re.search(r"已生成", result.stdout)


@pytest.mark.skipif(not hasattr(os, "umask"), reason="POSIX file modes")
def test_output_is_readable_like_any_other_file(tmp_path):
    """The temporary file behind the atomic write is private; the .docx must not stay so."""
    mask = os.umask(0o022)
    try:
        build(EXAMPLE, tmp_path / "x.docx")
    finally:
        os.umask(mask)
    assert (tmp_path / "x.docx").stat().st_mode & 0o777 == 0o644
