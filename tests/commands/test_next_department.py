"""A department's year: the draft drafter next hands it, filled in as a department would."""

from __future__ import annotations

import re

from conftest import run, write

from drafter.checks.check import check
from drafter.commands.next_year import next_year
from drafter.errors import CARRIED_OVER, GAP, NEEDS_REVIEW, NO_VALUE, UNASSIGNED
from drafter.readers.sources import load_report

REPORT = """
organization: 测试县司法局
year: 2023
date: 2024-01-15
preamble:
  - 【年度】年以来，我局扎实推进法治政府建设。
parts:
  - title: 主要举措和成效
    sections: sections/*.yaml
  - title: 存在问题
    paragraphs:
      - 基层法治力量仍然薄弱。
  - title: 下一步工作计划
    paragraphs:
      - for: 01-复议
        text: 进一步提高复议案件办理质量。
      - 加强法治宣传。
"""
SECTION = """
department: 行政复议与应诉科
title: 持续有效化解社会矛盾
points:
  - title: 充分发挥行政复议作用
    text: 办理行政复议案件【复议案件数】宗，其中纠错【纠错案件数】宗。
    items:
      - 开展案件评查。
  - title: 加强应诉工作
    text: 行政机关负责人出庭应诉率达100%。
figures:
  - name: 复议案件数
    value: 178
    unit: 宗
  - name: 纠错案件数
    value: 29
  - name: 全省考评名次2022年
    year: 2022
    value: 13
"""


def rolled(tmp_path):
    write(tmp_path / "2023" / "report.yaml", REPORT)
    write(tmp_path / "2023" / "sections" / "01-复议.yaml", SECTION.replace("出庭应诉率达100%。", "出庭应诉率达100%。【全省考评名次2022年】"))
    next_year(tmp_path / "2023", tmp_path / "2024")
    return tmp_path / "2024"


def kinds(folder) -> list[str]:
    return [p.kind for p in check(folder).problems]


def test_the_draft_keeps_titles_references_and_figures_ready(tmp_path):
    dest = rolled(tmp_path)
    text = (dest / "sections" / "01-复议.yaml").read_text(encoding="utf-8")
    point = load_report(dest).parts[0].sections[0].points[0]
    assert (point.title, point.text) == ("充分发挥行政复议作用", "【待填写】")
    assert point.last_year.text == "办理行政复议案件【复议案件数】宗，其中纠错【纠错案件数】宗。"  # not 178
    assert point.last_year.items == ["开展案件评查。"]
    # value: ready to fill (nothing after it; a freshly written file adds a note)
    assert re.search(r"  - name: 复议案件数\n    value:(?:  # 填写今年的数值，只写数字)?\n    unit: 宗\n    last_year: 178\n", text)
    # a fixed year's figure carried as the department wrote it (its lines in their order)
    entry = re.search(r"  - name: 全省考评名次2022年\n((?:    .*\n)*)", text).group(1)
    assert sorted(entry.splitlines()) == ["    value: 13", "    year: 2022"]
    assert "178" not in text.split("figures:")[0]
    # The plan that names this file became a prompt here; the other waits in report.yaml.
    assert [p.plan for p in load_report(dest).parts[0].sections[0].points if p.plan] == ["进一步提高复议案件办理质量。"]
    assert load_report(dest).unassigned == ["加强法治宣传。"]


def test_a_fresh_draft_lists_only_what_is_to_fill_and_review(tmp_path):
    dest = rolled(tmp_path)
    found = kinds(dest)
    assert found.count(GAP) == 3 + 2  # two points and the plans' prompt; the plans part, one a plan of last year
    assert found.count(NO_VALUE) == 2  # not the ranking of 2022
    assert found.count(NEEDS_REVIEW) == 2  # the preamble and the problems
    assert found.count(UNASSIGNED) == 1
    assert CARRIED_OVER not in found  # a point still to fill says it on its gap's line
    assert set(found) <= {GAP, NO_VALUE, NEEDS_REVIEW, UNASSIGNED, "unfinished"}


def test_filled_in_as_a_department_would_it_checks_clean(tmp_path):
    dest = rolled(tmp_path)
    path = dest / "sections" / "01-复议.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  - title: 充分发挥行政复议作用\n    text: 【待填写】",
                        "  - title: 持续提升行政复议质效\n    text: 办理行政复议案件【复议案件数】宗，纠错【纠错案件数】宗。", 1)
    text = text.replace("    text: 【待填写】\n    last_year:\n      title: 加强应诉工作",
                        "    text: 行政机关负责人出庭应诉率继续保持100%。\n    last_year:\n      title: 加强应诉工作", 1)
    text = text.replace("- text: 【待填写：去年计划的这项工作今年落实得怎样】", "- text: 评查案件60宗，办案质量稳步提高。")
    values = iter(["190", "31"])
    # each empty value: line filled in, as a department types the number after it
    text = re.sub(r"value:(?:  # 填写今年的数值，只写数字)?$", lambda m: f"value: {next(values)}", text, flags=re.M)
    path.write_text(text, encoding="utf-8")
    found = check(dest).problems
    # 加强应诉工作 kept its title: said once, as a title carried over, and publish would refuse it.
    assert [(p.kind, p.message) for p in found if p.position and p.position.path == path] == [
        (CARRIED_OVER, "要点标题“加强应诉工作”还是去年的")]
    path.write_text(text.replace("      title: 加强应诉工作\n", ""), encoding="utf-8")  # confirmed: kept on purpose
    assert [p for p in check(dest).problems if p.position and p.position.path == path] == []


def test_publish_refuses_titles_carried_over_texts_to_review_and_plans_unassigned(tmp_path):
    dest = rolled(tmp_path)
    result = run("publish", dest, "-o", tmp_path / "发布", "--no-pdf")
    assert result.exit_code == 2
    for message in ("这段文字沿用了去年的写法，还没有审核", "去年的计划还没有分到小节", "还有待填写的内容"):
        assert message in result.output
    assert not (tmp_path / "发布").exists() or not any((tmp_path / "发布").iterdir())


def test_last_year_written_as_one_text_still_loads(tmp_path):
    write(tmp_path / "report.yaml", """
        organization: 测试县司法局
        year: 2024
        parts:
          - title: 主要举措和成效
            sections:
              - title: 甲
                points:
                  - text: 【待填写】
                    last_year: 去年的写法。
        """)
    assert load_report(tmp_path).parts[0].sections[0].points[0].last_year.text == "去年的写法。"
