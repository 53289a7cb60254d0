"""drafter publish: refused until finished; the final files carry nothing but the report."""

import re
import zipfile

import docx
import pytest
from conftest import EXAMPLE, MINIMAL, run, write

from drafter.commands.next_year import next_year
from drafter.commands.publish import publish
from drafter.writers.pdf import find_soffice


def test_a_draft_with_gaps_is_refused_and_nothing_written(tmp_path):
    next_year(EXAMPLE, tmp_path / "2022")
    result = run("publish", tmp_path / "2022", "-o", tmp_path / "发布", "--no-pdf")
    assert result.exit_code == 2
    assert "还有待填写的内容" in result.output and "还没有填写成文日期" in result.output
    assert "还没有填写今年的数值" in result.output
    assert not (tmp_path / "发布").exists()


def test_errors_are_refused(tmp_path):
    source = write(tmp_path / "r.yaml", MINIMAL.replace("year: 2023", "year: 今年"))
    result = run("publish", source, "-o", tmp_path / "发布", "--no-pdf")
    assert result.exit_code == 2 and "应为整数" in result.output


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    dest = tmp_path_factory.mktemp("pub") / "发布"
    return publish(EXAMPLE, dest, pdf=find_soffice() is not None), dest


def _cjk(text):
    return [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]


def test_final_docx_has_no_comments_highlights_or_fingerprint(published):
    result, dest = published
    final = next(p for p in result.files if p.suffix == ".docx")
    with zipfile.ZipFile(final) as package:
        names = package.namelist()
        document = package.read("word/document.xml").decode("utf-8")
    assert "word/comments.xml" not in names and "docProps/custom.xml" not in names
    assert "w:highlight" not in document and "commentReference" not in document


def test_html_and_text_keep_every_character_and_no_styling(published):
    result, dest = published
    final = next(p for p in result.files if p.suffix == ".docx")
    words = _cjk("".join(p.text for p in docx.Document(str(final)).paragraphs))
    html = next(p for p in result.files if p.suffix == ".html").read_text(encoding="utf-8")
    text = next(p for p in result.files if p.suffix == ".txt").read_text(encoding="utf-8")
    assert _cjk(re.sub(r"<[^>]+>", "", html)) == words
    assert _cjk(text) == words
    tags = set(re.findall(r"<(\w+)", html))
    assert tags <= {"h1", "h2", "h3", "p", "strong", "table", "tr", "td"}
    assert "class=" not in html and "font" not in html and "mso" not in html
    assert set(re.findall(r'style="([^"]*)"', html)) == {"text-align: right"}
    assert "<h2>一、推进法治政府建设的主要举措和成效</h2>" in html
    assert "<p><strong>（二）持续完善依法行政制度体系。</strong>一是突出地方立法特色。" in html
    assert "，" in text and "," not in text.replace("FM88.7", "")  # full-width punctuation


def test_regulation_warnings(published, tmp_path):
    result, dest = published
    assert any("第一责任人职责" in w.message for w in result.warnings)
    late = write(tmp_path / "r.yaml", MINIMAL.replace("date: 2024-01-15", "date: 2024-05-06"))
    late_result = publish(late, tmp_path / "out", pdf=False)
    assert any("晚于规定的公开期限（2024年4月1日前）" in w.message for w in late_result.warnings)


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_pdf_is_pdf_a(published):
    result, dest = published
    pdf = next(p for p in result.files if p.suffix == ".pdf").read_bytes()
    assert b"<pdfaid:part>2</pdfaid:part>" in pdf


def test_publish_never_writes_into_a_folder_with_files(tmp_path):
    (tmp_path / "发布").mkdir()
    (tmp_path / "发布" / "旧.docx").write_bytes(b"old")
    assert run("publish", EXAMPLE, "-o", tmp_path / "发布", "--no-pdf").exit_code == 2
    assert (tmp_path / "发布" / "旧.docx").read_bytes() == b"old"


def test_web_copies_carry_the_imprint_like_the_red_header(tmp_path):
    """The red header reaches the website as plain paragraphs; so does the 版记, after everything."""
    formal = MINIMAL.replace("date: 2024-01-15", "date: 2024-01-15\nmasthead:\n  organ: 测试县司法局文件\n  number: 测司〔2024〕1号\n"
                             "imprint:\n  copy_to: [县委依法治县办, 市司法局]\n  printed_by: 测试县司法局办公室\n  printed_on: 2024-01-16\n")
    result = publish(write(tmp_path / "r.yaml", formal), tmp_path / "发布", pdf=False)
    html = next(p for p in result.files if p.suffix == ".html").read_text(encoding="utf-8")
    text = next(p for p in result.files if p.suffix == ".txt").read_text(encoding="utf-8")
    assert html.startswith("<p>测试县司法局文件</p>")
    assert html.endswith("<p>抄送：县委依法治县办，市司法局。</p>\n<p>测试县司法局办公室\u30002024年1月16日印发</p>\n")
    assert text.endswith("2024年1月15日\n\n抄送：县委依法治县办，市司法局。\n\n测试县司法局办公室\u30002024年1月16日印发\n")
