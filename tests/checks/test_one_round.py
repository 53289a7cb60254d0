"""`drafter check` reports every problem in one round, with messages a department can act on."""

from __future__ import annotations

import pytest
from conftest import FOLDER_REPORT, run, write

from drafter.checks.check import check
from drafter.errors import SKIPPED

REPORT = FOLDER_REPORT

FIGURES = """
department: 法制科
title: 完善制度体系
figures:
  - name: 审核文件数
    value: 12
points:
  - title: 认真审核
    text: 审核文件【审核文件数】件，全部合规。
"""


def folder(tmp_path, **sections: str):
    write(tmp_path / "report.yaml", REPORT)
    for name, text in sections.items():
        write(tmp_path / "sections" / f"{name}.yaml", text)
    return tmp_path


def places(result) -> list[tuple[str, int | None]]:
    return [(p.position.path.name, p.position.line) for p in result.problems if p.position]


def test_three_mistakes_of_different_kinds_and_another_files_warning_in_one_run(tmp_path):
    folder(tmp_path, **{
        "06-化解矛盾": """
            department: 行政复议与应诉科
            title: 持续有效化解社会矛盾
            points:
              - title：充分发挥法治宣传教育基础作用
                text: 全面落实“谁执法谁普法”普法责任制，
            开展法治宣传活动120场。
              - title: 推进行政复议体制改革
            \ttext: 办理行政复议案件178宗。
            """,
        "02-制度体系": "title: 完善制度体系\npoints:\n  - title: 认真审核\n    text: 审核文件12件,全部合规。\n",
    })
    result = check(tmp_path)
    messages = [p.message for p in result.errors]
    assert len(result.errors) == 3, messages
    assert ("06-化解矛盾.yaml", 4) in places(result)  # 中文冒号
    assert ("06-化解矛盾.yaml", 6) in places(result)  # the continuation line itself, not the next line
    assert ("06-化解矛盾.yaml", 8) in places(result)  # Tab
    assert any("半角标点“,”" in w.message and w.position.path.name == "02-制度体系.yaml" for w in result.warnings)
    assert [w.kind for w in result.warnings].count(SKIPPED) == 1


def test_typing_mistakes_are_repaired_so_the_files_key_errors_come_in_the_same_round(tmp_path):
    folder(tmp_path, **{"01-党的领导": """
        title: 加强党的领导
        points:
          - title：认真学习
            titel: 组织学习
            text:组织学习10次。
        """})
    result = check(tmp_path)
    messages = [p.message for p in result.errors]
    assert any("中文冒号" in m for m in messages)
    assert any("冒号后面缺少空格" in m for m in messages)
    assert any("不认识的键“titel”" in m for m in messages), messages
    assert not any(p.kind == SKIPPED for p in result.problems)  # the file was read: nothing skipped


def test_errors_never_hide_the_warnings_of_sound_parts(tmp_path):
    folder(tmp_path, **{
        "01-党的领导": "title: 加强党的领导\npoints:\n  - titel: 认真学习\n    text: 组织学习10次。\n"
                       "  - title: 深入调研\n    text: 走访企业20家,收集意见。\n",
        "02-制度体系": "title: 完善制度体系\npoints:\n  - title: 认真审核\n    text: 【待填写】\n",
    })
    result = check(tmp_path)
    assert [e.message for e in result.errors] == ["不认识的键“titel”"]
    warnings = {(w.position.path.name, w.position.line): w.message for w in result.warnings}
    assert "半角标点" in warnings[("01-党的领导.yaml", 6)]  # the sound point beside the faulty one
    assert "待填写" in warnings[("02-制度体系.yaml", 4)]


def test_figures_of_an_unreadable_file_are_not_called_unknown_and_one_line_says_so(tmp_path):
    folder(tmp_path, **{
        "01-党的领导": FIGURES.replace("department: 法制科", 'department: "法制科'),  # the quote never closes
        "02-制度体系": "title: 完善制度体系\npoints:\n  - title: 认真审核\n    text: 共【审核文件数】件，【本年度】。\n",
    })
    result = check(tmp_path)
    messages = [p.message for p in result.problems]
    assert any("引号没有成对" in m for m in messages)
    assert not any("【审核文件数】" in m for m in messages)  # may be declared in the unread file
    assert any("【本年度】" in m for m in messages)  # named nowhere: still unknown
    skipped = [p for p in result.problems if p.kind == SKIPPED]
    assert len(skipped) == 1 and "01-党的领导.yaml" in skipped[0].message
    assert not any("没有用到" in m for m in messages)  # use of figures cannot be told with a file unread


def test_fix_leaves_a_file_with_errors_alone(tmp_path):
    folder(tmp_path, **{"01-党的领导": "title: 加强党的领导\npoints:\n  - title：认真学习\n    text: 组织学习10次,效果好。\n"})
    before = (tmp_path / "sections" / "01-党的领导.yaml").read_bytes()
    result = run("check", tmp_path, "--fix")
    assert result.exit_code == 2
    assert "半角标点" in result.output
    assert (tmp_path / "sections" / "01-党的领导.yaml").read_bytes() == before


def test_continuation_line_is_named_with_the_fix(tmp_path):
    folder(tmp_path, **{"01-党的领导": "title: 加强党的领导\npoints:\n  - title: 认真学习\n    text: 第一段文字，\n"
                                      "  接着的文字。\n  - title: 深入调研\n    text: 走访企业。\n"})
    output = run("check", tmp_path).output
    assert "01-党的领导.yaml:5:" in output
    assert "这一行是上一段文字的续行，请在行首加空格缩进，或把整段写在一行" in output
    assert "缺少冒号" not in output


@pytest.mark.parametrize("line, meant", [
    ("标题: 认真学习", "title"), ("正文: 组织学习。", "text"), ("科室: 法制科", "department"),
    ("标题：认真学习", "title"), ("分项: [甲]", "items"),
])
def test_a_key_typed_in_chinese_gets_its_english_name(tmp_path, line, meant):
    folder(tmp_path, **{"01-党的领导": f"title: 加强党的领导\npoints:\n  - text: 组织学习。\n    {line}\n"})
    output = run("check", tmp_path).output
    assert f"是不是想写“{meant}”？" in output, output


def test_unknown_placeholder_gets_the_nearest_names_and_a_caret_under_the_name(tmp_path):
    folder(tmp_path, **{"01-党的领导": FIGURES.replace("审核文件【审核文件数】件", "审核文件【审核文件总数】件")})
    output = run("check", tmp_path).output
    assert "是不是想写【审核文件数】？" in output
    line = next(i for i, text in enumerate(output.splitlines()) if "审核文件【审核文件总数】" in text)
    source, caret = output.splitlines()[line:line + 2]
    from drafter.tables import columns as _columns

    name = source.index("审核文件总数】")
    assert caret.index("^") == _columns(source[:name])


@pytest.mark.parametrize("text, linted", [
    ("全部合规.", True), ("全部合规.下一步", True), ("增长12.5个百分点。", False),
    ("详见说明.docx文件。", False), ("见www.gov.cn网站。", False), ("等等...", False),
])
def test_half_width_full_stop_after_chinese(tmp_path, text, linted):
    folder(tmp_path, **{"01-党的领导": f"title: 加强党的领导\npoints:\n  - text: {text}\n"})
    result = check(tmp_path)
    assert any("半角标点“.”" in w.message for w in result.warnings) == linted


def test_half_width_full_stop_is_fixed(tmp_path):
    folder(tmp_path, **{"01-党的领导": "title: 加强党的领导\npoints:\n  - text: 全部合规.\n"})
    run("check", tmp_path, "--fix")
    assert "全部合规。" in (tmp_path / "sections" / "01-党的领导.yaml").read_text(encoding="utf-8")


def test_after_a_syntax_error_the_rest_of_the_file_is_still_read(tmp_path):
    """The realistic broken file: syntax errors, typing mistakes, a key typed in Chinese and a
    number with its unit, all in one run, and nothing that follows only from the broken lines."""
    folder(tmp_path, **{"06-化解矛盾": """
        department: 行政复议与应诉科
        title: 持续有效化解社会矛盾
        points:
          - title：推进行政复议体制改革
            text: 办理行政复议案件【复议案件数】宗，
        纠错【纠错案件数】宗。
          - 标题: 加强应诉工作
            text:行政机关负责人出庭应诉率达100%。
          - title: "开展案件评查
            text: 评查案件60宗。
        figures:
          - name: 复议案件数
            value: 190宗
          - name: 纠错案件数
        \tvalue: 31
        """})
    result = check(tmp_path)
    found = sorted((p.position.line, p.message) for p in result.errors)
    assert [line for line, _ in found] == [4, 6, 7, 8, 9, 13, 15], found
    assert "不认识的键“标题”" in found[2][1] and "应为数字" in found[5][1]
    assert not any("纠错案件数" in p.message for p in result.problems)  # its value was read after the Tab
    assert [p.kind for p in result.warnings] == [SKIPPED]


def test_a_list_item_left_out_keeps_its_place(tmp_path):
    folder(tmp_path, **{"02-制度体系": 'title: 完善制度体系\npoints:\n  - title: "认真审核\n    text: 审核文件12件。\n'})
    result = check(tmp_path)
    assert [p.message for p in result.errors] == ["引号没有成对：文字开头的引号找不到结尾"]
