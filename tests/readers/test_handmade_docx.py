"""Word files as offices make them by hand, imported: built with python-docx, some re-saved by LibreOffice.

Headings typed with direct formatting (no heading styles), Word's automatic
numbering (the "一、" is not in the text), ideographic-space and tab indents,
Shift+Enter line breaks, a statistics table, the red header in a text box,
text in the page header and footer.  No WPS-saved file from a public source
could be found, so none is imitated here.
"""

import shutil
import subprocess

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.shared import Pt

from drafter.commands.importing import import_report
from drafter.layout.blocks import paragraphs
from drafter.readers.published import read_lines
from drafter.readers.recognize import recognize
from drafter.readers.sources import load_report

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
V_NS = 'xmlns:v="urn:schemas-microsoft-com:vml"'
ORG = "枫林县司法局"
PREAMBLE = "2023年，枫林县司法局坚持以习近平法治思想为指导，扎实推进法治政府建设。现将有关情况报告如下："
POINTS = ["加强组织领导。成立法治政府建设领导小组。", "完善制度体系。修订规范性文件管理办法。"]
NUMBERING = f"""<w:numbering {W_NS}>
<w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
<w:lvlText w:val="%1、"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum><w:num w:numId="9"><w:abstractNumId w:val="7"/></w:num></w:numbering>"""


def _bold(paragraph, text, font="黑体", size=16):
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(size)
    run.element.get_or_add_rPr().get_or_add_rFonts().set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", font)
    return run


def _numbered(paragraph, level):
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="9"/></w:numPr>'))


def _text_box(document, text):
    box = (f'<w:r {W_NS} {V_NS}><w:pict><v:shape style="width:400pt;height:60pt"><v:textbox><w:txbxContent>'
           f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:color w:val="FF0000"/><w:sz w:val="72"/></w:rPr>'
           f'<w:t>{text}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>')
    document.add_paragraph()._p.append(parse_xml(box))


def _handmade(path, *, numbering=False, indent="", soft_break=False, table=False, box=False, unlabelled=False,
              run_in=False):
    document = docx.Document()
    if numbering:
        numbering_part = document.part.numbering_part
        numbering_part._element = parse_xml(NUMBERING)
    if box:
        _text_box(document, f"{ORG}文件")
    section = document.sections[0]
    section.header.paragraphs[0].text = "枫林县司法局内部资料 页眉"
    section.footer.paragraphs[0].text = "第 1 页"
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _bold(title, f"{ORG}关于2023年度", "方正小标宋简体", 22)
    if soft_break:
        title.runs[0].add_break()
    _bold(title, "法治政府建设情况的报告", "方正小标宋简体", 22)
    document.add_paragraph(indent + PREAMBLE)
    parts = ["主要举措和成效", "存在的不足和原因", "下一年度工作安排"]
    for n, part in enumerate(parts):
        heading = document.add_paragraph(indent)
        if numbering:
            _numbered(heading, 0)
        label = "" if numbering or unlabelled else "一二三"[n] + "、"
        _bold(heading, label + part)
        if n == 0:
            section_heading = document.add_paragraph(indent)
            if numbering:
                _numbered(section_heading, 1)
            _bold(section_heading, ("" if numbering else "（一）") + "坚持党的领导", "楷体_GB2312")
            for k, point in enumerate(POINTS):
                if run_in:  # the heading's own bold run, no closing mark, the points after it in the paragraph
                    section_heading.add_run("一二"[k] + "是" + point)
                else:
                    document.add_paragraph(indent + "一二"[k] + "是" + point)
            if table:
                grid = document.add_table(rows=2, cols=2)
                for r, row in enumerate([("复议案件数", "178"), ("纠错率", "21.01%")]):
                    for c, value in enumerate(row):
                        grid.cell(r, c).text = value
        else:
            document.add_paragraph(indent + f"{part}的内容。这是第{n + 1}部分的段落。")
    document.add_paragraph("特此报告。")
    document.add_paragraph(ORG)
    document.add_paragraph("2024年1月20日")
    document.save(str(path))
    return path


VARIANTS = {
    "typed-labels-direct-formatting": {},
    "automatic-numbering": {"numbering": True},
    "ideographic-indents": {"indent": "\u3000\u3000"},
    "tab-indents": {"indent": "\t"},
    "soft-break-in-title": {"soft_break": True},
    "statistics-table": {"table": True},
    "red-header-text-box": {"box": True},
    "headings-by-formatting-only": {"unlabelled": True},
    "run-in-heading-without-closing-mark": {"run_in": True},
}


def _expect_report(imported, name):
    report = imported.report
    assert report.organization == ORG and imported.year == 2023
    assert (report.title or "").replace("\n", "") == f"{ORG}关于2023年度法治政府建设情况的报告"
    assert [p.title for p in report.parts] == ["主要举措和成效", "存在的不足和原因", "下一年度工作安排"]
    assert [s.title for s in report.parts[0].sections] == ["坚持党的领导"]
    # a table's rows are kept as text after the paragraph before it (the import says so)
    rows = "复议案件数\u3000178纠错率\u300021.01%" if name == "statistics-table" else ""
    assert [(p.title, p.text) for p in report.parts[0].sections[0].points] == [
        ("加强组织领导", "成立法治政府建设领导小组。"), ("完善制度体系", "修订规范性文件管理办法。" + rows)]
    assert report.date.isoformat() == "2024-01-20" and [p.text for p in report.closing] == ["特此报告。"]
    text = "".join(block.text for block in paragraphs(report))
    assert PREAMBLE in text and "页眉" not in text and "第 1 页" not in text
    if name == "statistics-table":
        assert "复议案件数\u3000178" in text and any("表格" in note for note in imported.notes)
    if name == "red-header-text-box":
        assert report.masthead is not None and report.masthead.organ == f"{ORG}文件"


@pytest.mark.parametrize("name", VARIANTS)
def test_handmade_docx_imports_as_written(tmp_path, name):
    path = _handmade(tmp_path / f"{name}.docx", **VARIANTS[name])
    _expect_report(recognize(read_lines(path)), name)
    import_report(path, tmp_path / "src")
    loaded = load_report(tmp_path / "src")  # the sources load back, the red header with them
    assert loaded.organization == ORG and (loaded.masthead is not None) == (name == "red-header-text-box")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_handmade_docx_resaved_by_libreoffice_imports_the_same(tmp_path):
    names = ["automatic-numbering", "statistics-table", "red-header-text-box", "soft-break-in-title"]
    made = [_handmade(tmp_path / f"{name}.docx", **VARIANTS[name]) for name in names]
    out = tmp_path / "resaved"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--convert-to", "docx", "--outdir", str(out), *map(str, made)],
                   check=True, capture_output=True, timeout=180)
    for name in names:
        lines = read_lines(out / f"{name}.docx")
        _expect_report(recognize(lines), name)
        # a text box is read once, though the file holds it twice (the markup-compatibility fallback)
        assert sum(line.text == f"{ORG}文件" for line in lines) == (name == "red-header-text-box")


def _convert(tmp_path, source, target):
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--convert-to", target, "--outdir", str(tmp_path / target), str(source)],
                   check=True, capture_output=True, timeout=180)
    return tmp_path / target / f"{source.stem}.{target}"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_doc_file_is_converted_by_libreoffice_and_says_so(tmp_path):
    doc = _convert(tmp_path, _handmade(tmp_path / "旧报告.docx", numbering=True), "doc")
    result = import_report(doc, tmp_path / "src")
    assert result.imported.notes[0].startswith(".doc 文件已用 LibreOffice 转换")
    _expect_report(result.imported, "automatic-numbering")


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice or pdftotext is not installed")
def test_a_pdf_is_read_with_pdftotext_and_its_lines_joined_into_paragraphs(tmp_path):
    pdf = _convert(tmp_path, _handmade(tmp_path / "报告.docx"), "pdf")
    result = import_report(pdf, tmp_path / "src")
    report = result.imported.report
    assert result.imported.notes[0].startswith("PDF 已用 pdftotext 提取文字")
    assert report.organization == ORG and result.imported.year == 2023
    assert [p.title for p in report.parts] == ["主要举措和成效", "存在的不足和原因", "下一年度工作安排"]
    assert [p.text for p in report.preamble] == [PREAMBLE]  # two printed lines, one paragraph again
    assert report.date.isoformat() == "2024-01-20"
