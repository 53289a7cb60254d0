"""Figures as data: declared once, referred to, computed, checked."""

import csv
import re

import pytest
from conftest import MINIMAL, body_texts, build_doc, run, write

from drafter.checks.check import check
from drafter.commands.next_year import next_year
from drafter.model.figures import format_number
from drafter.readers.sources import load_report

FIGURES = MINIMAL.replace("组织学习10次。", "{text}").replace("date: 2024-01-15", "date: 2024-01-15\n{extra}") + """\
        figures:
          - {{name: 调解案件数, value: 7623, unit: 宗, last_year: 7000}}
          - {{name: 调解成功数, value: 7499, unit: 宗, last_year: 6800}}
          - {{name: 调解成功率, rate: [调解成功数, 调解案件数], decimals: 1}}
"""


def report(tmp_path, text, extra=""):
    return write(tmp_path / "r.yaml", FIGURES.format(text=text, extra=extra))


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [(178, None, "178"), (211652, None, "211652"), (326.5, None, "326.5"), (29 / 138 * 100, 2, "21.01"),
     (43 / 138 * 100, 2, "31.16"), (2.675, 2, "2.68"), (0.125, 2, "0.13"), (98.35, 1, "98.4")],
)
def test_numbers_are_written_as_reports_write_them_and_rounded_half_up(value, decimals, shown):
    assert format_number(value, decimals) == shown


def test_references_rates_and_year_on_year_in_the_text(tmp_path):
    source = report(tmp_path, "调解【调解案件数】宗（【调解案件数:同比】，上年【调解案件数:上年】宗），成功【调解成功数】宗，"
                              "成功率【调解成功率】，【调解成功率:同比】，成功数【调解成功数:同比】。")
    text = "".join(body_texts(build_doc(source, tmp_path)))
    assert ("调解7623宗（同比增长8.9%，上年7000宗），成功7499宗，成功率98.4%，上升1.2个百分点，"
            "成功数同比增长10.3%。") in text


def test_undeclared_and_unused_figures(tmp_path):
    result = check(report(tmp_path, "调解【调解总数】宗，成功率【调解成功率】。"))
    line = next(n for n, text in enumerate(FIGURES.splitlines(), 0) if "{text}" in text)
    assert [(e.message, e.position.line) for e in result.errors] == [("未知的占位符“【调解总数】”", line)]
    result = check(report(tmp_path, "成功率【调解成功率】。"))
    assert not result.errors and not result.warnings  # the rate uses both counts
    result = check(report(tmp_path, "只写了【调解案件数】宗。"))
    assert [w.message for w in result.warnings] == ["数据“调解成功率”声明了，但文字中没有用到"]
    source = write(tmp_path / "s.yaml", FIGURES.format(text="无。", extra="").replace(
        "          - {name: 调解成功率, rate: [调解成功数, 调解案件数], decimals: 1}\n", ""))
    unused = [w for w in check(source).warnings if "没有用到" in w.message]
    lines = source.read_text(encoding="utf-8").splitlines()
    declared = [n for n, line in enumerate(lines, 1) if "{name: 调解" in line]
    assert [(w.message, w.position.line) for w in unused] == [
        ("数据“调解案件数”声明了，但文字中没有用到", declared[0]), ("数据“调解成功数”声明了，但文字中没有用到", declared[1])]


def test_a_typed_percentage_is_checked_at_its_own_precision(tmp_path):
    wrong = check(report(tmp_path, "共调解【调解案件数】宗，其中成功【调解成功数】宗，调解成功率达98.3%。成功率【调解成功率】。"))
    messages = [w.message for w in wrong.warnings]
    assert messages == ["“98.3%”与数据不符：【调解成功数】/【调解案件数】= 7499/7623 = 98.37%，按所写的精度应为 98.4%"]
    assert wrong.warnings[0].position.column > 20
    for typed in ("98.4%", "98%", "98.37%"):
        right = check(report(tmp_path, f"共调解【调解案件数】宗，成功【调解成功数】宗，成功率{typed}。成功率【调解成功率】。"))
        assert not right.warnings, typed


def test_the_example_reports_the_seeds_wrong_rate():
    from conftest import EXAMPLE

    messages = [w.message for w in check(EXAMPLE).warnings]
    assert any("“98.3%”与数据不符" in m and "7499/7623 = 98.37%" in m for m in messages), messages


def test_figure_declaration_errors(tmp_path):
    source = report(tmp_path, "【调解成功率】", extra="figures:\n  - {name: 调解案件数, value: 1}\n  - {name: 比, rate: [甲, 调解案件数]}\n  - {name: 年度, value: 2}")
    messages = [e.message for e in check(source).errors]
    assert "数据“调解案件数”声明了两次（第一次在 r.yaml 第 5 行）" in messages
    assert "比率“比”用到的数据“甲”没有声明" in messages
    assert "“年度”是内置占位符的名称，不能用作数据名称" in messages


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_figures_from_a_department_sheet(tmp_path, kind):
    rows = [["名称", "数值", "单位", "去年数值"], ["调解案件数", "7623", "宗", "7000"], ["调解成功数", "7499", "宗", ""]]
    if kind == "csv":
        with open(tmp_path / "统计.csv", "w", encoding="gbk", newline="") as handle:
            csv.writer(handle).writerows(rows)
    else:
        from openpyxl import Workbook

        book = Workbook()
        book.active.title = "调解"
        for row in rows:
            book.active.append([int(c) if c.isdigit() else (c or None) for c in row])
        book.save(tmp_path / "统计.xlsx")
    source = write(tmp_path / "r.yaml", MINIMAL.replace("组织学习10次。", "调解【调解案件数】宗，成功【调解成功数】宗（【调解案件数:同比】）。")
                   + f"        figures_from: 统计.{kind}\n")
    assert "调解7623宗，成功7499宗（同比增长8.9%）。" in "".join(body_texts(build_doc(source, tmp_path)))
    # a bad cell is named by file, sheet, row and column
    rows[2][1] = "七千"
    if kind == "csv":
        with open(tmp_path / "统计.csv", "w", encoding="gbk", newline="") as handle:
            csv.writer(handle).writerows(rows)
        where = "统计.csv:3:2:"
    else:
        book.active["B3"] = "七千"
        book.save(tmp_path / "统计.xlsx")
        where = "统计.xlsx#调解:3:2:"
    result = run("check", source)
    assert result.exit_code == 2 and where in result.output and "“七千”不是数字" in result.output


def test_sheets_must_stay_inside_the_report_folder(tmp_path):
    source = write(tmp_path / "r.yaml", MINIMAL + "        figures_from: ../统计.csv\n")
    assert "指向报告文件夹之外" in run("check", source).output


def test_next_carries_each_figure_into_last_year(tmp_path):
    source = report(tmp_path / "2023", "调解【调解案件数】宗（【调解案件数:同比】），成功率【调解成功率】（【调解成功率:同比】）。")
    next_year(source, tmp_path / "2024")
    figures = {f.name: f for f in load_report(tmp_path / "2024").parts[0].sections[0].figures}
    assert (figures["调解案件数"].value, figures["调解案件数"].last_year) == (None, 7623)
    assert figures["调解成功率"].rate == ["调解成功数", "调解案件数"]


def test_statistics_attachment(tmp_path):
    source = report(tmp_path, "成功率【调解成功率】。", extra="statistics_attachment: true")
    document = build_doc(source, tmp_path)
    texts = body_texts(document)
    assert [t.strip("\u3000\u2002") for t in texts[-5:]] == [
        "附件：主要数据统计表", "测试县司法局", "2024年1月15日", "附件", "主要数据统计表"]
    label = next(p for p in document.paragraphs if p.text == "附件")
    assert label.style.name == "附件标识" and label.style.paragraph_format.page_break_before
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "项目", "单位", "年份", "数值", "比上年"]
    assert [c.text for c in table.rows[3].cells] == ["3", "调解成功率", "%", "2023", "98.4", "+1.2个百分点（上年97.1）"]
    widths = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', _document_xml(tmp_path / "out.docx"))]
    # the columns as wide as their content, the names taking what is left of the 156 mm
    assert sum(widths) == 8844 and widths[0] < widths[1] and widths[1] > len("调解成功率") * 280 and widths[5] > 12 * 280


def _document_xml(path):
    import zipfile

    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml").decode("utf-8")


def test_a_figure_of_a_fixed_year_is_listed_under_it_and_kept_by_next(tmp_path):
    source = report(tmp_path / "2023", "成功率【调解成功率】。", extra="statistics_attachment: true")
    text = source.read_text(encoding="utf-8").replace(
        "        figures:\n", "        figures:\n          - {name: 考评名次2020年, value: 13, unit: 名, year: 2020}\n", 1)
    source.write_text(text, encoding="utf-8")
    table = build_doc(source, tmp_path).tables[0]
    assert [c.text for c in table.rows[1].cells] == ["1", "考评名次2020年", "名", "2020", "13", "—"]
    next_year(source, tmp_path / "2024")
    figures = {f.name: f for f in load_report(tmp_path / "2024").parts[0].sections[0].figures}
    assert (figures["考评名次2020年"].value, figures["考评名次2020年"].year, figures["考评名次2020年"].last_year) == (13, 2020, None)
