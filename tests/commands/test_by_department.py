"""build --by-department and merge: each department gets its own Word file and mails it back.

Written the way a department works: open its file, fill in a gap, reword a
point, add one, change a number, save (in Word, here python-docx; or in
LibreOffice), mail it back; the office merges it into the sources.
"""

import os
import shutil
import subprocess

import docx
import pytest
from conftest import EXAMPLE, ROOT, at_terminal, run, snapshot, write
from docx.oxml.ns import qn
from wordedits import add_paragraph_after, insert_text, replace, review

from drafter.commands.build import build
from drafter.commands.next_year import next_year
from drafter.ooxml.package import read_parts, zip_parts
from drafter.readers.reviewed import read_reviewed
from drafter.writers.pdf import find_soffice

SECTION = "sections/02-制度体系.yaml"
DEPARTMENTS = ["法治督察科", "立法科", "行政执法协调监督科", "普法与依法治理科", "公共法律服务管理科"]


@pytest.fixture
def report(tmp_path):
    return shutil.copytree(EXAMPLE, tmp_path / "资料")


def by_department(report, folder, *more):
    result = run("build", report, "--by-department", "-o", folder, *more)
    assert result.exit_code == 0, result.output
    return result


def texts(path):
    return [p.text for p in read_reviewed(path).paragraphs if p.text.strip()]


def sources_only(folder):
    return {name: data for name, data in snapshot(folder).items() if not name.startswith(".drafter/")}


# --- the files -------------------------------------------------------------------------------
def test_one_file_per_department_with_its_sections_numbered_as_in_the_report(report, tmp_path):
    folder = tmp_path / "各科室"
    result = by_department(report, folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{name}.docx" for name in DEPARTMENTS)
    assert "立法科.docx（立法科，2 个小节，待填写 0 处）" in result.output and "drafter merge" in result.output
    whole = texts(build(report, tmp_path / "全文.docx"))
    mine = texts(folder / "立法科.docx")
    assert mine[0] == "清远市司法局2021年法治政府建设年度报告\n（立法科填写稿）" and "黄色" in mine[1]
    # The part heading, then sections （二） and （四） exactly as the whole report prints them.
    assert [t for t in mine[2:] if not t.startswith("数据　")] == [t for t in whole if t.startswith(("一、", "（二）", "（四）"))]
    # Under each section, a line per figure it counts, to be changed there too.
    assert mine[4:6] == ["数据　规范性文件合法性审核意见数：191份", "数据　向省政府和市人大各报备规范性文件数：20份"]
    assert "审核意见191份" in mine[3]  # figures resolved as in the report
    assert not any(t.startswith(("（一）", "（三）", "二、")) or "2022年2月7日" in t for t in mine)  # no other's, no 落款


def test_next_years_draft_highlights_gaps_and_comments_each_point_with_last_year(tmp_path):
    next_year(EXAMPLE, tmp_path / "2022")
    folder = tmp_path / "各科室"
    result = by_department(tmp_path / "2022", folder)
    assert "立法科.docx（立法科，2 个小节，待填写 10 处）" in result.output
    parts = read_parts((folder / "立法科.docx").read_bytes())
    document = docx.Document(str(folder / "立法科.docx"))
    highlighted = [r.text for p in document.paragraphs for r in p.runs if r._element.find(f"{qn('w:rPr')}/{qn('w:highlight')}") is not None]
    assert highlighted == ["【待填写】"] * 10  # six points' texts, four figures' values
    lines = [p.text for p in document.paragraphs if p.text.startswith("数据　")]
    assert lines[0] == "数据　规范性文件合法性审核意见数：【待填写】份（去年191份）" and len(lines) == 4
    comments = read_reviewed(folder / "立法科.docx").comments
    notes = [c.text for c in comments.values()]
    assert len(notes) == 6 and all(c.author == "drafter" for c in comments.values())
    assert notes[2] == ("去年：加强规范性文件制定监督管理。出具规范性文件合法性审核意见191份，向省政府、市人大报备市政府规范性文件各20份，"
                        "并分别完成涉及计划生育、长江流域保护、行政处罚内容的规范性文件专项清理工作。")
    # Each comment sits on its point: the lead "三是加强规范性文件制定监督管理。".
    anchored = {n: p.text[at:at + 20] for p in read_reviewed(folder / "立法科.docx").paragraphs for n, at in p.comments.items()}
    assert sorted(text[:2] for text in anchored.values()) == ["一是", "一是", "三是", "三是", "二是", "二是"]
    assert any(text.startswith("三是加强规范性文件制定监督管理") for text in anchored.values())
    assert b"drafter-department" in parts["docProps/custom.xml"]


def test_a_point_another_department_answers_for_says_so_in_its_comment(report, tmp_path):
    by_department(report, tmp_path / "各科室")
    notes = [c.text for c in read_reviewed(tmp_path / "各科室" / "普法与依法治理科.docx").comments.values()]
    assert notes == ["本要点由行政复议与应诉科负责"] * 2
    assert not (tmp_path / "各科室" / "行政复议与应诉科.docx").exists()  # its points stay with the section's file


def test_plans_for_a_point_are_in_its_comment(tmp_path):
    root = tmp_path / "2023"
    write(root / "report.yaml", """
        organization: 测试县司法局
        year: 2023
        parts:
          - title: 主要举措和成效
            sections: sections/*.yaml
    """)
    write(root / "sections/01-制度.yaml", """
        department: 法制科
        title: 完善制度
        points:
          - title: 清理规章
            text: 【待填写】
            last_year:
              title: 清理规章
              text: 清理规章5件。
            plan: 完成全部规章的清理。
    """)
    by_department(root, tmp_path / "各科室")
    notes = [c.text for c in read_reviewed(tmp_path / "各科室" / "法制科.docx").comments.values()]
    assert notes == ["去年：清理规章。清理规章5件。\n去年计划：完成全部规章的清理。"]


def test_sections_without_a_department_go_to_a_file_of_their_own_with_a_warning(report, tmp_path):
    path = report / "sections/03-营商环境.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("department: 行政执法协调监督科\n", ""), encoding="utf-8")
    result = by_department(report, tmp_path / "各科室")
    assert "未注明科室.docx" in result.output and "没有写负责科室" in result.output and "department:" in result.output
    assert "03-营商环境.yaml" in result.output
    assert texts(tmp_path / "各科室" / "未注明科室.docx")[3].startswith("（三）")


def test_a_department_name_never_becomes_an_unsafe_path(report, tmp_path):
    path = report / SECTION
    path.write_text(path.read_text(encoding="utf-8").replace("department: 立法科", 'department: "../立法科:二组"'), encoding="utf-8")
    folder = tmp_path / "各科室"
    by_department(report, folder)
    assert "..-立法科-二组.docx" not in os.listdir(folder) and "立法科-二组.docx" in os.listdir(folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["各科室", "资料"]


def test_a_file_a_department_may_have_returned_edited_is_never_overwritten(report, tmp_path):
    folder = tmp_path / "各科室"
    by_department(report, folder)
    by_department(report, folder)  # unedited: replaced silently
    review(folder / "立法科.docx", lambda d: replace(d, "提高立法可操作性", "增强立法的可操作性"))
    before = snapshot(folder)
    refused = run("build", report, "--by-department", "-o", folder)
    assert refused.exit_code == 2 and "立法科.docx" in refused.output and "修改过" in refused.output
    assert snapshot(folder) == before  # no file written, not even the unedited ones
    forced = run("build", report, "--by-department", "-o", folder, "--force")
    assert forced.exit_code == 0 and "原文件已另存为" in forced.output
    assert any("修改稿备份" in name for name in os.listdir(folder))


# --- back into the sources ------------------------------------------------------------------
def _department_edits(document):
    replace(document, "提高立法可操作性", "增强立法的可操作性")  # a reworded point
    replace(document, "审核意见191份", "审核意见195份")  # a figure's number
    insert_text(document, "规范性文件专项清理工作。", "四是加强合法性审核队伍建设。组织审核人员培训2次。")  # a new point


def _expected_section():
    original = (EXAMPLE / SECTION).read_text(encoding="utf-8")
    return (original.replace("提高立法可操作性", "增强立法的可操作性").replace("    value: 191\n", "    value: 195\n")
            .replace("清理工作。\n", "清理工作。\n  - title: 加强合法性审核队伍建设\n    text: 组织审核人员培训2次。\n", 1))


def test_a_returned_file_changes_exactly_its_departments_file(report, tmp_path):
    folder = tmp_path / "各科室"
    by_department(report, folder)
    returned = review(folder / "立法科.docx", _department_edits)
    before = sources_only(report)
    result = run("merge", returned, report)
    assert result.exit_code == 0, result.output
    after = sources_only(report)
    assert [name for name in after if after[name] != before[name]] == [SECTION]
    assert (report / SECTION).read_text(encoding="utf-8") == _expected_section()
    # Built again, the department's file reads as the department left it, the figure's line with the new number too.
    again = tmp_path / "再次"
    by_department(report, again)
    assert texts(again / "立法科.docx") == [t.replace("意见数：191份", "意见数：195份") for t in texts(returned)]
    assert run("undo", report).exit_code == 0 and sources_only(report) == before


def test_a_next_years_draft_filled_in(tmp_path):
    next_year(EXAMPLE, tmp_path / "2022")
    root, folder = tmp_path / "2022", tmp_path / "各科室"
    by_department(root, folder)
    before = (root / SECTION).read_text(encoding="utf-8")

    def fill(document):
        paragraph = next(p for p in document.paragraphs if "三是加强规范性文件制定监督管理" in p.text)
        gaps = [r for r in paragraph.runs if r.text == "【待填写】"]
        gaps[2].text = "出具合法性审核意见205份。"  # the third point's gap
        figure = next(p for p in document.paragraphs if p.text.startswith("数据　规范性文件合法性审核意见数"))
        next(r for r in figure.runs if r.text == "【待填写】").text = "205"  # the figure's value
        add_paragraph_after(document, "数据　向省政府和市人大", "四是加强合法性审核队伍建设。组织审核人员培训2次。")  # a new point

    returned = review(folder / "立法科.docx", fill)
    result = run("merge", returned, root)
    assert result.exit_code == 0, result.output
    assert "数据 1 项（（空） → 205），新增 1 项" in result.output
    assert "【待填写】处的文字被立法科改写" in result.output  # the department's words, not a reviewer's
    marker = "  - title: 加强规范性文件制定监督管理\n    text: 【待填写】\n"
    figure = "  - name: 规范性文件合法性审核意见数\n    value:\n"
    assert marker in before and figure in before
    last_point = before.index("# 本小节用到的数据")
    expected = (before[:last_point] + "  - title: 加强合法性审核队伍建设\n    text: 组织审核人员培训2次。\n" + before[last_point:])
    expected = expected.replace(marker, marker.replace("【待填写】", "出具合法性审核意见205份。"))
    expected = expected.replace(figure, figure.replace("value:", "value: 205"))
    assert (root / SECTION).read_text(encoding="utf-8") == expected
    # Built again, the department sees what it wrote, the figure no longer a gap.
    again = tmp_path / "再次"
    by_department(root, again)
    assert "数据　规范性文件合法性审核意见数：205份（去年191份）" in texts(again / "立法科.docx")


def test_words_typed_for_a_figures_value_are_listed_not_merged(tmp_path):
    next_year(EXAMPLE, tmp_path / "2022")
    root, folder = tmp_path / "2022", tmp_path / "各科室"
    by_department(root, folder)
    before = snapshot(root)

    def fill(document):
        figure = next(p for p in document.paragraphs if p.text.startswith("数据　规范性文件合法性审核意见数"))
        next(r for r in figure.runs if r.text == "【待填写】").text = "约两百"

    result = run("merge", review(folder / "立法科.docx", fill), root)
    assert result.exit_code == 0, result.output
    assert "【规范性文件合法性审核意见数】的数值改成了“约两百”，不是数字，没有合并（只写阿拉伯数字）" in result.output
    assert snapshot(root) == before


def test_the_same_after_libreoffice_saves_the_returned_file(report, tmp_path):
    if find_soffice() is None:
        pytest.skip("LibreOffice is not installed")
    folder = tmp_path / "各科室"
    by_department(report, folder)
    returned = review(folder / "立法科.docx", _department_edits)
    out = tmp_path / "lo"
    subprocess.run([find_soffice(), "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--convert-to", "docx", "--outdir", str(out), str(returned)], check=True, capture_output=True, timeout=180)
    result = run("merge", out / returned.name, report)
    assert result.exit_code == 0, result.output
    assert (report / SECTION).read_text(encoding="utf-8") == _expected_section()


def test_without_the_map_the_department_is_still_known(report, tmp_path):
    folder = tmp_path / "各科室"
    by_department(report, folder)
    returned = review(folder / "立法科.docx", _department_edits)
    parts = read_parts(returned.read_bytes())
    for name in [n for n in parts if n.startswith("customXml/")]:
        del parts[name]
    returned.write_bytes(zip_parts(parts))
    result = run("merge", returned, report)
    assert result.exit_code == 0, result.output
    assert (report / SECTION).read_text(encoding="utf-8") == _expected_section()


def test_edits_outside_the_departments_sections_are_refused_and_nothing_is_written(report, tmp_path):
    folder = tmp_path / "各科室"
    by_department(report, folder)

    def outside(document):
        replace(document, "提高立法可操作性", "增强立法的可操作性")  # its own: fine, but not alone
        replace(document, "年度报告", "年度工作报告")  # the title
        add_paragraph_after(document, "一、推进法治政府建设", "另外，我科还做了很多工作。")  # before any of its sections
        replace(document, "推进法治政府建设的主要举措和成效", "主要举措和成效")  # the part heading (report.yaml)
        add_paragraph_after(document, "（四）持续健全", "（八）加强队伍建设。一是开展培训。")  # a new section

    returned = review(folder / "立法科.docx", outside)
    before = snapshot(report)
    result = run("merge", returned, report)
    assert result.exit_code == 2
    shown = result.output
    assert shown.count("错误：立法科的填写稿：") == 4, shown
    assert "改动了不属于本科室的“清远市司法局2021年法治政府建设年度报告 （立…”（改为“清远市司法局2021年法治政府建设年度工作报告" in shown
    assert "改动了不属于本科室的“一、推进法治政府建设的主要举措和成效”" in shown
    assert "新增的段落“另外，我科还做了很多工作。”不在本科室负责的小节中" in shown
    assert "新增了一个小节“加强队伍建设”" in shown
    assert "请在 Word 中撤销这处修改" in shown and "没有写入任何文件" in shown and "立法科.docx" in shown
    assert snapshot(report) == before


def test_a_title_typed_over_is_one_change_of_the_title(report, tmp_path):
    """Retyped whole, the title no longer resembles itself: it is still said as the title changed,
    not as a paragraph added."""
    folder = tmp_path / "各科室"
    by_department(report, folder)
    returned = review(folder / "立法科.docx", lambda document: replace(document, "清远市司法局2021年法治政府建设年度报告", "我们的总结"))
    result = run("merge", returned, report)
    assert result.exit_code == 2
    assert "改动了不属于本科室的“清远市司法局2021年法治政府建设年度报告 （立…”（改为“我们的总结 （立法科填写稿）”）" in result.output
    assert "新增的段落" not in result.output and result.output.count("错误：") == 1


def test_lines_drafter_wrote_for_the_department_may_be_deleted(report, tmp_path):
    folder = tmp_path / "各科室"
    by_department(report, folder)

    def tidy(document):
        guide = next(p for p in document.paragraphs if "黄色标出" in p.text)
        guide._element.getparent().remove(guide._element)
        replace(document, "提高立法可操作性", "增强立法的可操作性")

    result = run("merge", review(folder / "立法科.docx", tidy), report)
    assert result.exit_code == 0, result.output
    assert "增强立法的可操作性" in (report / SECTION).read_text(encoding="utf-8")


def test_a_figure_declared_outside_its_sections_is_refused(tmp_path):
    root = tmp_path / "资料"
    write(root / "report.yaml", """
        organization: 测试县司法局
        year: 2023
        figures:
          - name: 全局案件数
            value: 100
        parts:
          - title: 主要举措和成效
            sections: sections/*.yaml
    """)
    write(root / "sections/01-复议.yaml", """
        department: 复议科
        title: 化解矛盾
        points:
          - title: 办理案件
            text: 全局办理案件【全局案件数】件，其中复议【复议数】件。
        figures:
          - name: 复议数
            value: 30
    """)
    by_department(root, tmp_path / "各科室")
    returned = review(tmp_path / "各科室" / "复议科.docx", lambda d: replace(d, "全局办理案件100件", "全局办理案件120件"))
    result = run("merge", returned, root)
    assert result.exit_code == 2 and "数据【全局案件数】" in result.output and "不在本科室的小节中" in result.output
    returned = review(returned, lambda d: (replace(d, "全局办理案件120件", "全局办理案件100件"), replace(d, "复议30件", "复议32件")))
    result = run("merge", returned, root)
    assert result.exit_code == 0, result.output
    assert "value: 32" in (root / "sections/01-复议.yaml").read_text(encoding="utf-8")


def test_the_sources_changed_since_the_file_was_built_merge_by_field(report, tmp_path):
    folder = tmp_path / "各科室"
    by_department(report, folder)
    section = report / SECTION
    section.write_text(section.read_text(encoding="utf-8").replace("实现政府立法精细化", "推进政府立法精细化"), encoding="utf-8")
    returned = review(folder / "立法科.docx", lambda d: replace(d, "审核意见191份", "审核意见195份"))
    result = run("merge", returned, report)
    assert result.exit_code == 0, result.output
    text = section.read_text(encoding="utf-8")
    assert "推进政府立法精细化" in text and "    value: 195\n" in text
    clash = review(folder / "立法科.docx", lambda d: replace(d, "实现政府立法精细化", "做到政府立法精细化"))
    result = run("merge", clash, report)
    assert result.exit_code == 2 and "冲突" in result.output


def test_comments_the_department_added_are_listed(report, tmp_path):
    folder = tmp_path / "各科室"
    by_department(report, folder)
    document = docx.Document(str(folder / "立法科.docx"))
    piece = next(r for p in document.paragraphs for r in p.runs if "提高立法可操作性" in r.text)
    document.add_comment(piece, text="条例名称请法制科核实", author="李科员")
    document.save(str(folder / "立法科.docx"))
    result = run("merge", folder / "立法科.docx", report, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "立法科的批注（按资料文件和行号）：" in result.output
    assert f"  {SECTION}:8  李科员：条例名称请法制科核实" in result.output


def test_at_a_terminal(report, tmp_path):
    folder = tmp_path / "各科室"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    code, shown = at_terminal(["build", str(report), "--by-department", "-o", str(folder)], env)
    assert code == 0 and "已生成" in shown and "立法科.docx" in shown and "Traceback" not in shown, shown
    review(folder / "立法科.docx", _department_edits)
    code, shown = at_terminal(["merge", str(folder / "立法科.docx"), str(report)], env)
    assert code == 0 and "改写 1 处，数据 1 项（191 → 195），新增 1 项" in shown and "Traceback" not in shown, shown
    code, shown = at_terminal(["build", str(report), "--by-department"], env)
    assert code == 2 and "-o" in shown and "Traceback" not in shown


def test_pdfs_of_the_departments_files(tmp_path):
    """Their comments never print, and with them LibreOffice once aborted before writing any PDF."""
    if find_soffice() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or pdftotext is not installed")
    next_year(EXAMPLE, tmp_path / "2022")
    folder = tmp_path / "各科室"
    by_department(tmp_path / "2022", folder, "--pdf")
    assert sorted(p.name for p in folder.glob("*.pdf")) == sorted(f"{name}.pdf" for name in DEPARTMENTS)
    shown = subprocess.run(["pdftotext", str(folder / "立法科.pdf"), "-"], capture_output=True, encoding="utf-8", check=True).stdout
    assert "（立法科填写稿）" in shown and "（四）持续健全行政决策制度体系" in shown and "去年：" not in shown
