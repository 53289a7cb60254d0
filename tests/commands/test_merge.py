"""drafter merge: a reviewer's Word edits come back into the department files.

The reviewer's edits are made with python-docx the way Word stores them: text
changed inside runs, text deleted across runs, paragraphs added and removed,
tracked changes (w:ins / w:del) and comments.
"""

import json
import os
import shutil
import subprocess

import docx
import pytest
import yaml
from conftest import EXAMPLE, ROOT, at_terminal, run
from docx.oxml.ns import qn
from lxml import etree
from wordedits import (
    add_paragraph_after,
    cut,
    insert_text,
    paragraph_with,
    replace,
    review,
)

from drafter.commands.build import build
from drafter.ooxml.package import add_part, read_parts, zip_parts
from drafter.readers.reviewed import read_reviewed
from drafter.writers.pdf import find_soffice

SECTION = "sections/02-制度体系.yaml"
DELETED_POINT = ("二是加强地方性法规实施工作。配合开展《清远市村庄规划建设管理条例》执法检查。将地方性法规实施工作纳入法治清远建设考评、"
                 "依法行政考评考核指标，推动《清远市城市市容和环境卫生管理条例》《清远市文明行为促进条例》《清远市城市生活垃圾管理条例》"
                 "等地方性法规贯彻实施。")


@pytest.fixture
def report(tmp_path):
    folder = tmp_path / "资料"
    shutil.copytree(EXAMPLE, folder)
    return folder


def built(report, tmp_path, name="审核稿.docx"):
    return build(report, tmp_path / name)


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
            and ".drafter" not in p.parts}


def changed_files(before, folder):
    after = snapshot(folder)
    return sorted(name for name in after if before.get(name) != after[name])


def texts(path):
    return [p.text for p in read_reviewed(path).paragraphs]


# --- the map -----------------------------------------------------------------------
def test_the_map_rides_outside_the_body_and_the_fingerprint_still_works(report, tmp_path):
    target = built(report, tmp_path)
    parts = read_parts(target.read_bytes())
    assert "customXml/item1.xml" in parts and b"urn:drafter:sourcemap:1" in parts["customXml/item1.xml"]
    assert b"drafter" not in parts["word/document.xml"].lower().replace(b"drafter-", b"")
    built_map = read_reviewed(target).map
    assert [p.text for p in built_map.paragraphs] == texts(target)
    point = next(f for p in built_map.paragraphs for f in p.fields if f.local == ("points", 2, "text") and f.file == SECTION)
    assert point.source.startswith("出具规范性文件合法性审核意见【规范性文件合法性审核意见数】份")
    assert [(r.name, r.text) for r in point.refs] == [("规范性文件合法性审核意见数", "191"), ("向省政府和市人大各报备规范性文件数", "20")]
    assert set(built_map.files) == {"report.yaml", *(f"sections/{p.name}" for p in (report / "sections").iterdir())}
    # Unedited, the file is replaced silently; edited, it is kept.
    assert run("build", report, "-o", target).exit_code == 0
    review(target, lambda d: replace(d, "提高立法可操作性", "增强立法的可操作性"))
    assert run("build", report, "-o", target).exit_code == 2


# --- merging edits -------------------------------------------------------------------
def _edits(document):
    replace(document, "提高立法可操作性", "增强立法的可操作性")            # a reworded sentence
    replace(document, "审核意见191份", "审核意见195份")                   # a number that printed a figure
    cut(document, DELETED_POINT)                                         # a deleted point
    replace(document, "这些都需要加以重视", "这些问题都需要高度重视", tracked=True)  # a tracked change
    add_paragraph_after(document, "我局在推进法治政府建设工作方面", "同时，队伍专业化水平有待提升。")  # an added paragraph


def test_edits_of_every_kind_come_back_into_their_fields(report, tmp_path):
    target = review(built(report, tmp_path), _edits)
    before = snapshot(report)
    result = run("merge", target, report)
    assert result.exit_code == 0, result.output
    assert changed_files(before, report) == ["report.yaml", SECTION]
    section = (report / SECTION).read_text(encoding="utf-8")
    original = (EXAMPLE / SECTION).read_text(encoding="utf-8")
    expected = (original.replace("提高立法可操作性", "增强立法的可操作性").replace("    value: 191\n", "    value: 195\n")
                .replace("  - title: 加强地方性法规实施工作\n    text: " + DELETED_POINT.split("。", 1)[1] + "\n", ""))
    assert section == expected
    main = (report / "report.yaml").read_text(encoding="utf-8")
    original = (EXAMPLE / "report.yaml").read_text(encoding="utf-8")
    paragraph = "这些都需要加以重视并采取有效措施解决。\n"
    assert main == original.replace(paragraph, "这些问题都需要高度重视并采取有效措施解决。\n      - 同时，队伍专业化水平有待提升。\n")
    assert "【年度】年以来，我局在推进" in main  # the placeholder the reviewer did not touch stays
    assert f"{SECTION}：改写 1 处，数据 1 项（191 → 195），删除 1 项" in result.output
    assert "插入 1 处，删除 1 处" in result.output and "drafter check" in result.output and "drafter build" in result.output

    # Rebuilt, the report reads as the reviewer left it, but for the renumbered point.
    again = build(report, tmp_path / "新.docx")
    reviewed, rebuilt = texts(target), texts(again)
    assert len(reviewed) == len(rebuilt)
    differ = [(a, b) for a, b in zip(reviewed, rebuilt) if a != b]
    assert len(differ) == 1 and differ[0][0].replace("三是加强规范性", "二是加强规范性") == differ[0][1]

    # Undone, every file is as it was, byte for byte.
    assert run("undo", report).exit_code == 0
    assert changed_files(before, report) == []


def test_dry_run_shows_diffs_and_writes_nothing(report, tmp_path):
    target = review(built(report, tmp_path), _edits)
    before = snapshot(report)
    result = run("merge", target, report, "--dry-run")
    assert result.exit_code == 0, result.output
    assert snapshot(report) == before and not (report / ".drafter").exists()
    assert f"--- {SECTION}（合并前）" in result.output and f"+++ {SECTION}（合并后）" in result.output
    assert "-    value: 191" in result.output and "+    value: 195" in result.output
    assert "没有写入任何文件" in result.output


def test_the_same_after_libreoffice_saves_the_reviewed_file(report, tmp_path):
    if find_soffice() is None:
        pytest.skip("LibreOffice is not installed")
    target = review(built(report, tmp_path), _edits)
    out = tmp_path / "lo"
    subprocess.run([find_soffice(), "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--convert-to", "docx", "--outdir", str(out), str(target)], check=True, capture_output=True, timeout=180)
    resaved = out / target.name
    assert read_reviewed(resaved).map is not None  # the custom XML part survived
    expected = tmp_path / "expected"
    shutil.copytree(report, expected)
    assert run("merge", target, expected).exit_code == 0
    result = run("merge", resaved, report)
    assert result.exit_code == 0, result.output
    assert snapshot(report) == snapshot(expected)


def test_points_added_and_moved_and_items_of_a_paragraph_layout(report, tmp_path):
    target = built(report, tmp_path)
    added = "四是加强合法性审核队伍建设。组织审核人员培训2次。"

    def edit(document):
        insert_text(document, "规范性文件专项清理工作。", added)

    review(target, edit)
    before = snapshot(report)
    result = run("merge", target, report)
    assert result.exit_code == 0, result.output
    assert changed_files(before, report) == [SECTION]
    section = (report / SECTION).read_text(encoding="utf-8")
    assert section.replace("  - title: 加强合法性审核队伍建设\n    text: 组织审核人员培训2次。\n", "") == (EXAMPLE / SECTION).read_text(encoding="utf-8")
    assert texts(build(report, tmp_path / "新.docx")) == texts(target)


def test_a_moved_point_is_moved_with_its_comments(report, tmp_path):
    target = built(report, tmp_path)
    first = paragraph_with(docx.Document(str(target)), "一是突出地方立法特色").text
    start = first.index("一是突出地方立法特色")
    end = first.index("二是加强地方性法规实施工作")
    moved = first[start:end]

    def edit(document):
        cut(document, moved)
        insert_text(document, "规范性文件专项清理工作。", moved.replace("一是", "三是", 1))

    review(target, edit)
    result = run("merge", target, report)
    assert result.exit_code == 0, result.output
    assert "移动 1 项" in result.output
    section = (report / SECTION).read_text(encoding="utf-8")
    assert section.index("title: 突出地方立法特色") > section.index("title: 加强规范性文件制定监督管理")
    assert sorted(section.splitlines()) == sorted((EXAMPLE / SECTION).read_text(encoding="utf-8").splitlines())


def test_a_new_section_becomes_a_new_file_to_give_a_department(report, tmp_path):
    target = built(report, tmp_path)
    review(target, lambda d: add_paragraph_after(d, "（七）持续优化公共法律服务体系", "（八）加强法治队伍建设。一是开展培训。全年培训3次。二是严格考核。"))
    result = run("merge", target, report)
    assert result.exit_code == 0, result.output
    new = report / "sections" / "08-加强法治队伍建设.yaml"
    assert new.is_file() and "请填写负责科室" in new.read_text(encoding="utf-8")
    assert texts(build(report, tmp_path / "新.docx")) == texts(target)
    assert run("undo", report).exit_code == 0  # the other files were untouched: one change set
    assert not new.exists()


# --- what cannot be placed, and what the program computes -------------------------------
def test_a_changed_rate_is_a_conflict_explained(report, tmp_path):
    target = review(built(report, tmp_path), lambda d: replace(d, "21.01%", "22.00%"))
    before = snapshot(report)
    result = run("merge", target, report)
    assert result.exit_code == 2
    assert "由程序计算" in result.output and "修改它所依据的数据" in result.output
    assert "sections/06-化解矛盾.yaml:" in result.output.replace("\\", "/")  # where the rate is declared
    assert snapshot(report) == before
    kept = run("merge", target, report, "--theirs")  # no side makes a computed value typed
    assert kept.exit_code == 0 and "仍按程序计算" in kept.output and snapshot(report) == before


def test_a_changed_count_lists_the_rates_computed_from_it(report, tmp_path):
    target = review(built(report, tmp_path), lambda d: replace(d, "责令履行）的行政复议案件共29宗", "责令履行）的行政复议案件共30宗"))
    result = run("merge", target, report)
    assert result.exit_code == 0, result.output
    assert "直接纠错率 21.01% → 21.74%" in result.output


def test_edits_merge_cannot_place_are_listed_and_change_nothing(report, tmp_path):
    target = review(built(report, tmp_path), _sign)
    before = snapshot(report)
    result = run("merge", target, report)
    assert result.exit_code == 0, result.output
    assert "无法对应到资料文件" in result.output and "落款" in result.output
    assert snapshot(report) == before


def _sign(document, old="清远市司法局", new="清远市司法局办公室"):
    paragraph = [p for p in document.paragraphs if p.text.strip() == old][0]
    paragraph.runs[0].text = paragraph.runs[0].text.replace(old, new)


# --- three ways ------------------------------------------------------------------------
def test_sources_changed_since_the_build_merge_by_field(report, tmp_path):
    target = review(built(report, tmp_path), lambda d: replace(d, "提高立法可操作性", "增强立法的可操作性"))
    section = report / SECTION
    # Another field of the same file, changed by the department since: both kept.
    section.write_text(section.read_text(encoding="utf-8").replace("突出地方立法特色", "突出清远地方立法特色"), encoding="utf-8")
    result = run("merge", target, report)
    assert result.exit_code == 0, result.output
    text = section.read_text(encoding="utf-8")
    assert "突出清远地方立法特色" in text and "增强立法的可操作性" in text


def test_a_figure_declared_before_the_edited_one_since_the_build(report, tmp_path):
    target = review(built(report, tmp_path), lambda d: replace(d, "审核意见191份", "审核意见195份"))
    section = report / SECTION
    section.write_text(section.read_text(encoding="utf-8").replace(
        "figures:\n", "figures:\n  - name: 新增数据\n    value: 7\n"), encoding="utf-8")
    result = run("merge", target, report)
    assert result.exit_code == 0, result.output
    text = section.read_text(encoding="utf-8")
    assert "  - name: 新增数据\n    value: 7\n" in text and "    value: 195\n    unit: 份\n" in text


def test_a_point_inserted_before_the_edited_one_since_the_build(report, tmp_path):
    target = review(built(report, tmp_path), lambda d: replace(d, "提高立法可操作性", "增强立法的可操作性"))
    section = report / SECTION
    section.write_text(section.read_text(encoding="utf-8").replace(
        "points:\n", "points:\n  - title: 新要点\n    text: 科室新写的内容。\n"), encoding="utf-8")
    before = section.read_text(encoding="utf-8")
    result = run("merge", target, report)
    assert result.exit_code == 0, result.output
    assert section.read_text(encoding="utf-8") == before.replace("提高立法可操作性", "增强立法的可操作性")


def test_the_same_field_changed_on_both_sides_is_a_conflict(report, tmp_path):
    target = review(built(report, tmp_path), lambda d: replace(d, "提高立法可操作性", "增强立法的可操作性"))
    section = report / SECTION
    section.write_text(section.read_text(encoding="utf-8").replace("提高立法可操作性", "提升可操作性"), encoding="utf-8")
    before = snapshot(report)
    result = run("merge", target, report)
    assert result.exit_code == 2
    assert f"{SECTION}:8" in result.output.replace("\\", "/") and "提升可操作性" in result.output and "增强立法的可操作性" in result.output
    assert snapshot(report) == before
    assert run("merge", target, report, "--ours").exit_code == 0 and snapshot(report) == before
    assert run("merge", target, report, "--theirs").exit_code == 0
    assert "增强立法的可操作性" in section.read_text(encoding="utf-8")


def test_without_the_map_the_sources_serve_as_base_only_if_unchanged(report, tmp_path):
    target = review(built(report, tmp_path), lambda d: replace(d, "提高立法可操作性", "增强立法的可操作性"))
    parts = read_parts(target.read_bytes())
    parts = {k: v for k, v in parts.items() if not k.startswith("customXml/")}
    target.write_bytes(zip_parts(parts))
    (report / "report.yaml").write_bytes((report / "report.yaml").read_bytes() + b"\n# a comment\n")
    before = snapshot(report)
    refused = run("merge", target, report)
    assert refused.exit_code == 2 and "对照信息已丢失" in refused.output and "report.yaml" in refused.output
    assert snapshot(report) == before
    shutil.copy(EXAMPLE / "report.yaml", report / "report.yaml")
    result = run("merge", target, report)
    assert result.exit_code == 0, result.output
    assert "增强立法的可操作性" in (report / SECTION).read_text(encoding="utf-8")


# --- sources as departments keep them -------------------------------------------------------
def test_a_csv_figure_and_a_gbk_crlf_section(report, tmp_path):
    section = report / SECTION
    text = section.read_text(encoding="utf-8")
    head, _, _ = text.partition("# 本小节用到的数据")
    section.write_bytes((head + "figures_from: 制度体系数据.csv\n").replace("\n", "\r\n").encode("gbk"))
    sheet = report / "制度体系数据.csv"
    sheet.write_bytes("名称,数值,单位\r\n规范性文件合法性审核意见数,191,份\r\n向省政府和市人大各报备规范性文件数,20,份\r\n".encode("gbk"))
    target = review(built(report, tmp_path), lambda d: (replace(d, "审核意见191份", "审核意见195份"),
                                                        replace(d, "提高立法可操作性", "增强立法的可操作性")))
    before_section = section.read_bytes()
    result = run("merge", target, report)
    assert result.exit_code == 0, result.output
    assert sheet.read_bytes() == "名称,数值,单位\r\n规范性文件合法性审核意见数,195,份\r\n向省政府和市人大各报备规范性文件数,20,份\r\n".encode("gbk")
    assert section.read_bytes() == before_section.replace("提高立法可操作性".encode("gbk"), "增强立法的可操作性".encode("gbk"))
    assert run("undo", report).exit_code == 0 and section.read_bytes() == before_section


# --- comments -----------------------------------------------------------------------------
def test_reviewers_comments_are_listed_by_file_and_line_and_drafters_own_are_not(report, tmp_path):
    target = build(report, tmp_path / "审核稿.docx", annotate=True)
    assert {c.author for c in read_reviewed(target).comments.values()} == {"drafter"}
    document = docx.Document(str(target))
    run_ = next(r for p in document.paragraphs for r in p.runs if "提高立法可操作性" in r.text)
    document.add_comment(run_, text="请核实条例名称", author="张处长")
    document.save(str(target))
    result = run("merge", target, report, "--dry-run")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = lines.index("审核人的批注（按资料文件和行号，请转给负责的科室）：")
    listed = [line for line in lines[at + 1:] if line.startswith("  ")]
    assert listed[: next((k for k, line in enumerate(lines[at + 1:]) if not line.startswith("  ")), None)] == [
        f"  {SECTION}:8  张处长：请核实条例名称"]


# --- at a real terminal -----------------------------------------------------------------------
def test_merge_at_a_terminal(report, tmp_path):
    target = review(built(report, tmp_path), _edits)
    code, shown = at_terminal(["merge", str(target), str(report)], dict(os.environ, PYTHONPATH=str(ROOT)))
    assert code == 0, shown
    assert "改写 1 处，数据 1 项（191 → 195），删除 1 项" in shown and "Traceback" not in shown


# --- a report laid out one paragraph per point ---------------------------------------------
OWN_LINE = {
    "report.yaml": """\
organization: 测试县司法局
year: 2023
date: 2024-01-15
layout: paragraph
preamble: |
  【年度】年以来，我局扎实推进法治政府建设。
parts:
  - title: 主要举措和成效
    sections: sections/*.yaml
  - title: 存在问题
    paragraphs:
      - 基础仍然薄弱。
statistics_attachment: true
""",
    "sections/01-党的领导.yaml": """\
# 负责科室：办公室
department: 办公室
title: 加强党的领导
points:
  - title: 认真学习
    text: 组织学习【学习次数】次。
    items:
      - 学习党章。
      - 学习宪法。
  - title: 完善制度
    text: 制定制度3项。
figures:
  - name: 学习次数
    value: 10
    last_year: 8
""",
}


def test_a_paragraph_layout_report_every_field(tmp_path):
    folder = _own_line_report(tmp_path)
    target = built(folder, tmp_path)

    def edit(document):
        replace(document, "扎实推进", "全面推进")
        replace(document, "（一）加强党的领导", "（一）全面加强党的领导")
        replace(document, "存在问题", "存在的问题")
        replace(document, "组织学习10次", "组织学习12次")
        add_paragraph_after(document, "（2）学习宪法。", "（3）学习民法典。")
        delete_paragraph(document, "二是完善制度")
        replace(document, "2024年1月15日", "2024年1月16日")

    review(target, edit)
    result = run("merge", target, folder)
    assert result.exit_code == 0, result.output
    main = (folder / "report.yaml").read_text(encoding="utf-8")
    expected = OWN_LINE["report.yaml"].replace("title: 存在问题", "title: 存在的问题").replace("date: 2024-01-15", "date: 2024-01-16")
    # The preamble, a block of one paragraph a line, is rewritten whole by the editor (as a one-line
    # block it comes back double-quoted); every other line stays as it was.
    assert yaml.safe_load(main)["preamble"] == "【年度】年以来，我局全面推进法治政府建设。\n"
    assert [line for line in main.splitlines() if "推进" not in line and line != "preamble: |"] == [
        line for line in expected.splitlines() if "推进" not in line and line != "preamble: |"]
    assert (folder / "sections/01-党的领导.yaml").read_text(encoding="utf-8") == OWN_LINE["sections/01-党的领导.yaml"].replace(
        "title: 加强党的领导", "title: 全面加强党的领导").replace("      - 学习宪法。\n", "      - 学习宪法。\n      - 学习民法典。\n").replace(
        "  - title: 完善制度\n    text: 制定制度3项。\n", "").replace("value: 10", "value: 12")
    assert "学习次数（同比） 同比增长25.0% → 同比增长50.0%" in result.output
    rebuilt = texts(build(folder, tmp_path / "新.docx"))
    reviewed = texts(target)
    assert len(rebuilt) == len(reviewed)
    # The statistics table shows the new value: computed, as merge said.
    assert [a for a, b in zip(reviewed, rebuilt) if a != b] == [r for r in reviewed if "学习次数" in r and "\t" in r]


def delete_paragraph(document, needle):
    element = paragraph_with(document, needle)._element
    element.getparent().remove(element)


def test_a_statistics_cell_edited_is_listed(tmp_path):
    folder = _own_line_report(tmp_path)
    target = built(folder, tmp_path)
    document = docx.Document(str(target))
    cell = document.tables[0].rows[1].cells[3]
    cell.paragraphs[0].runs[0].text = "11"
    document.save(str(target))
    before = snapshot(folder)
    result = run("merge", target, folder)
    assert result.exit_code == 0, result.output
    assert "附件统计表的单元格" in result.output and snapshot(folder) == before


def test_the_map_adds_no_finding_for_openxml_audit(report, tmp_path):
    audit = shutil.which("openxml-audit")
    if audit is None:
        pytest.skip("openxml-audit is not installed")
    from drafter.readers.sources import load
    from drafter.writers.docx.builtin import builtin_template
    from drafter.writers.docx.render import load_template

    sources = load(report)
    template = load_template(builtin_template(sources.report.fonts))
    (tmp_path / "with.docx").write_bytes(template.render(sources.report, sources=sources))
    (tmp_path / "without.docx").write_bytes(template.render(sources.report))

    def findings(name):
        out = subprocess.run([audit, "-o", "json", str(tmp_path / name)], capture_output=True, text=True, encoding="utf-8")
        return json.loads(out.stdout)[0]["verdict"]["basis"]

    assert findings("with.docx") == findings("without.docx")
    assert not [f for f in findings("with.docx") if "customXml" in f or "custom" in f.lower()]


def _package(path, change):
    parts = read_parts(path.read_bytes())
    change(parts)
    path.write_bytes(zip_parts(parts))


def test_replies_are_listed_under_the_comment_they_answer(report, tmp_path):
    target = built(report, tmp_path)
    document = docx.Document(str(target))
    run_ = next(r for p in document.paragraphs for r in p.runs if "提高立法可操作性" in r.text)
    document.add_comment(run_, text="这句请再斟酌", author="张处长")
    document.add_comment(run_, text="已改为“增强”", author="立法科")
    document.save(str(target))
    w14, w15 = "http://schemas.microsoft.com/office/word/2010/wordml", "http://schemas.microsoft.com/office/word/2012/wordml"

    def as_word_writes_replies(parts):
        # Word 2013+ gives each comment paragraph a w14:paraId and names a reply's parent in commentsExtended.
        root = etree.fromstring(parts["word/comments.xml"])
        for n, paragraph in enumerate(root.iter(qn("w:p"))):
            paragraph.set(f"{{{w14}}}paraId", f"0000000{n + 1}")
        parts["word/comments.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        extended = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w15:commentsEx xmlns:w15="{w15}">'
                    '<w15:commentEx w15:paraId="00000001" w15:done="0"/>'
                    '<w15:commentEx w15:paraId="00000002" w15:paraIdParent="00000001" w15:done="0"/></w15:commentsEx>')
        add_part(parts, "word/commentsExtended.xml", extended.encode("utf-8"),
                 content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
                 rel_type="http://schemas.microsoft.com/office/2011/relationships/commentsExtended", rel_id="rIdCx")

    _package(target, as_word_writes_replies)
    result = run("merge", target, report, "--dry-run")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = lines.index(f"  {SECTION}:8  张处长：这句请再斟酌")
    assert lines[at + 1] == "      回复 立法科：已改为“增强”"
    assert sum("已改为" in line for line in lines) == 1


def _tracked_delete_paragraph(document, needle):
    """Word's 修订 deleting a whole paragraph: its runs in w:del, its paragraph mark deleted."""
    element = paragraph_with(document, needle)._element
    stamp = {qn("w:id"): "950", qn("w:author"): "王科长", qn("w:date"): "2022-02-10T00:00:00Z"}
    for run_ in element.findall(qn("w:r")):
        deletion = etree.Element(qn("w:del"), stamp)
        run_.addprevious(deletion)
        deletion.append(run_)
        for t in run_.iter(qn("w:t")):
            t.tag = qn("w:delText")
    properties = element.find(qn("w:pPr"))
    marks = properties.find(qn("w:rPr"))
    if marks is None:
        marks = etree.SubElement(properties, qn("w:rPr"))
    marks.append(etree.Element(qn("w:del"), stamp))


def _own_line_report(tmp_path):
    folder = tmp_path / "资料"
    for name, text in OWN_LINE.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_tracked_changes_are_taken_as_accepted_and_listed_on_request(tmp_path):
    folder = _own_line_report(tmp_path)
    target = built(folder, tmp_path)
    review(target, lambda d: (_tracked_delete_paragraph(d, "二是完善制度"), replace(d, "学习党章", "学习党章党规", tracked=True)))
    before = snapshot(folder)
    listed = run("merge", target, folder, "--revisions")
    assert listed.exit_code == 0 and snapshot(folder) == before
    assert listed.output.splitlines() == ["sections/01-党的领导.yaml:8  插入 1 处，删除 1 处",
                                          "sections/01-党的领导.yaml:10  插入 0 处，删除 3 处"]
    result = run("merge", target, folder)
    assert result.exit_code == 0, result.output
    assert (folder / "sections/01-党的领导.yaml").read_text(encoding="utf-8") == OWN_LINE["sections/01-党的领导.yaml"].replace(
        "学习党章。", "学习党章党规。").replace("  - title: 完善制度\n    text: 制定制度3项。\n", "")
    assert "插入 1 处，删除 4 处" in result.output


def test_a_tracked_formatting_change_is_listed_not_merged(tmp_path):
    folder = _own_line_report(tmp_path)
    target = built(folder, tmp_path)

    def bold(document):
        run_ = next(r for p in document.paragraphs for r in p.runs if "学习党章" in r.text)
        properties = run_._element.get_or_add_rPr()
        change = etree.SubElement(properties, qn("w:rPrChange"), {qn("w:id"): "960", qn("w:author"): "王科长"})
        etree.SubElement(change, qn("w:rPr"))
        etree.SubElement(properties, qn("w:b"))

    review(target, bold)
    before = snapshot(folder)
    result = run("merge", target, folder)
    assert result.exit_code == 0, result.output
    assert "sections/01-党的领导.yaml:8：格式修改 1 处" in result.output and snapshot(folder) == before


@pytest.mark.parametrize("folder, workbook, title", [
    ("资料", "制度体系数据.xlsx", "数据"),
    ("2021#年度报告", "制度体系#2.xlsx", "数据#1"),  # "#" is what positions name a sheet by
], ids=["plain", "hash-signs"])
def test_a_figure_in_a_workbook_is_said_by_sheet_row_and_column(report, tmp_path, folder, workbook, title):
    openpyxl = pytest.importorskip("openpyxl")
    report = report.rename(tmp_path / folder).absolute()
    section = report / SECTION
    head, _, _ = section.read_text(encoding="utf-8").partition("# 本小节用到的数据")
    section.write_text(head + f"figures_from: {workbook}\n", encoding="utf-8")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in (["名称", "数值", "单位"], ["规范性文件合法性审核意见数", 191, "份"], ["向省政府和市人大各报备规范性文件数", 20, "份"]):
        sheet.append(row)
    book.save(report / workbook)
    target = review(built(report, tmp_path), lambda d: replace(d, "审核意见191份", "审核意见195份"))
    before = snapshot(report)
    result = run("merge", target, report)
    assert result.exit_code == 0, result.output
    assert f"请在 Excel 中手工修改：{workbook} 工作表“{title}” 第 2 行第 2 列：改为“195”" in result.output
    assert snapshot(report) == before


def test_a_whole_section_deleted_is_listed_and_its_file_kept(report, tmp_path):
    target = built(report, tmp_path)
    review(target, lambda d: delete_paragraph(d, "（二）持续完善依法行政制度体系"))
    before = snapshot(report)
    result = run("merge", target, report)
    assert result.exit_code == 0, result.output
    assert "删除了整个小节“持续完善依法行政制度体系”" in result.output and snapshot(report) == before


def test_a_gap_filled_in_word_and_last_years_figure_and_words_for_a_number(tmp_path):
    folder = _own_line_report(tmp_path)
    section = folder / "sections/01-党的领导.yaml"
    section.write_text(OWN_LINE["sections/01-党的领导.yaml"].replace(
        "制定制度3项。", "制定制度【待填写】项，上年为【学习次数:上年】次。"), encoding="utf-8")
    target = built(folder, tmp_path)

    def edit(document):
        replace(document, "【待填写】", "5")
        replace(document, "上年为8次", "上年为9次")
        replace(document, "组织学习10次", "组织学习十余次")

    review(target, edit)
    result = run("merge", target, folder)
    assert result.exit_code == 0, result.output
    text = section.read_text(encoding="utf-8")
    assert "text: 制定制度5项，上年为【学习次数:上年】次。" in text and "last_year: 9" in text
    assert "text: 组织学习十余次。" in text and "value: 10" in text
    assert "占位符【学习次数】处的文字被审核人改写" in result.output


def test_edits_in_the_masthead_and_the_imprint_are_listed(tmp_path):
    folder = _own_line_report(tmp_path)
    main = folder / "report.yaml"
    main.write_text(OWN_LINE["report.yaml"] + "masthead:\n  organ: 测试县司法局文件\n  number: 测司〔2024〕1号\n"
                    "imprint:\n  printed_by: 测试县司法局办公室\n  printed_on: 2024-01-16\n", encoding="utf-8")
    target = built(folder, tmp_path)

    def edit(document):
        replace(document, "测司〔2024〕1号", "测司〔2024〕2号")
        imprint = document.tables[-1]  # the 版记: a table whose borders are its rules
        imprint.rows[-1].cells[0].paragraphs[0].runs[0].text = "测试县司法局综合科"

    review(target, edit)
    before = snapshot(folder)
    result = run("merge", target, folder)
    assert result.exit_code == 0, result.output
    assert "发文字号“测司〔2024〕1号”：改为“测司〔2024〕2号”" in result.output
    assert "版记“测试县司法局办公室" in result.output
    assert snapshot(folder) == before


def test_a_block_of_paragraphs_edited_and_added_to(report, tmp_path):
    target = built(report, tmp_path)

    def edit(document):
        replace(document, "连续两年稳步前进", "连续两年稳步提升")
        add_paragraph_after(document, "连续两年稳步提升", "同时，法治督察工作扎实开展。")

    review(target, edit)
    result = run("merge", target, report)
    assert result.exit_code == 0, result.output
    preamble = yaml.safe_load((report / "report.yaml").read_text(encoding="utf-8"))["preamble"]
    assert preamble.splitlines()[1] == "同时，法治督察工作扎实开展。" and "连续两年稳步提升" in preamble.splitlines()[0]
    assert preamble.startswith("【年度】年以来") and "【法治广东建设考评排名2018年】" in preamble
    assert texts(build(report, tmp_path / "新.docx")) == texts(target)


def test_title_addressee_closing_and_signature(tmp_path):
    folder = _own_line_report(tmp_path)
    main = folder / "report.yaml"
    main.write_text(OWN_LINE["report.yaml"].replace("date: 2024-01-15\n", (
        "date: 2024-01-15\ntitle: |\n  测试县司法局关于2023年度\n  法治政府建设情况的报告\naddressee: 县委、县政府\n"
        "signature: [测试县司法局]\nclosing: [特此报告。]\n")), encoding="utf-8")
    target = built(folder, tmp_path)

    def edit(document):
        replace(document, "法治政府建设情况的报告", "法治政府建设工作情况的报告")
        replace(document, "县委、县政府", "县委、县人民政府")
        replace(document, "特此报告。", "特此报告，请审阅。")
        _sign(document, "测试县司法局", "测试县司法局（盖章）")

    review(target, edit)
    result = run("merge", target, folder)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(main.read_text(encoding="utf-8"))
    assert data["title"] == "测试县司法局关于2023年度\n法治政府建设工作情况的报告\n"
    assert data["addressee"] == "县委、县人民政府" and data["closing"] == ["特此报告，请审阅。"]
    assert data["signature"] == ["测试县司法局（盖章）"]
    # The same text; the signature's blanks are laid out anew for the longer name.
    blanks = "\u3000\u2002"
    assert [t.lstrip(blanks) for t in texts(build(folder, tmp_path / "新.docx"))] == [t.lstrip(blanks) for t in texts(target)]


def test_a_reviewed_file_open_in_word_is_not_merged(report, tmp_path):
    target = review(built(report, tmp_path), _edits)
    (tmp_path / ("~$" + target.name[2:])).write_bytes(b"owner")
    before = snapshot(report)
    result = run("merge", target, report)
    assert result.exit_code == 2 and "保存并关闭" in result.output and snapshot(report) == before
