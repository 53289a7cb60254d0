"""Loading sources: folders, single files, includes, and errors that name file and line."""

import datetime

import pytest
from conftest import EXAMPLE, MINIMAL, run, write

from drafter import DrafterError, load_report


def test_example_loads_all_seven_sections_in_file_name_order():
    report = load_report(EXAMPLE)
    sections = report.parts[0].sections
    assert [s.title for s in sections][:2] == ["深入贯彻落实习近平法治思想，把党的领导落实到法治政府建设各方面、全过程", "持续完善依法行政制度体系"]
    assert len(sections) == 7
    assert report.date == datetime.date(2022, 2, 7)
    # every object knows the file it came from, for messages and annotations
    assert sections[5].position.path.name == "06-化解矛盾.yaml"
    assert sections[5].points[1].department == "行政复议与应诉科"


def test_single_file_report(tmp_path):
    report = load_report(write(tmp_path / "r.yaml", MINIMAL))
    assert report.parts[0].sections[0].points[0].text == "组织学习10次。"


def test_sections_listed_explicitly_and_in_place(tmp_path):
    write(tmp_path / "b.yaml", "title: 乙节\npoints: [{text: 乙}]\n")
    write(tmp_path / "a.yaml", "title: 甲节\npoints: [{text: 甲}]\n")
    write(tmp_path / "report.yaml", """
        organization: 某局
        year: 2022
        parts:
          - title: 举措
            sections:
              - b.yaml
              - title: 就地写的小节
                points: [{text: 丙}]
              - a.yaml
        """)
    report = load_report(tmp_path)
    assert [s.title for s in report.parts[0].sections] == ["乙节", "就地写的小节", "甲节"]
    assert report.parts[0].sections[1].position.line == 7


def test_default_title_and_chinese_date(tmp_path):
    report = load_report(write(tmp_path / "r.yaml", MINIMAL.replace("2024-01-15", "2024年1月15日")))
    assert report.date == datetime.date(2024, 1, 15)
    from drafter.layout.blocks import title_text
    assert title_text(report) == "测试县司法局2023年法治政府建设年度报告"


def errors_of(source) -> str:
    result = run("build", source, "-o", source.parent / "x.docx" if source.is_file() else source / "x.docx")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output


@pytest.mark.parametrize(
    ("yaml_text", "line", "message"),
    [
        (MINIMAL.replace("year: 2023", "year: 二〇二三年"), 2, "“year”（年度）应为整数"),
        (MINIMAL.replace("organization: 测试县司法局\n", ""), 1, "缺少必填项 “organization”"),
        (MINIMAL.replace("          - title: 认真学习", "          - titel: 认真学习"), 9, "不认识的键“titel”"),
        (MINIMAL.replace("layout", "x") + "layout: 段落\n", 11, "“layout”（版式）的值“段落”不在可选范围内"),
        (MINIMAL + "year: 2024\n", 11, "键“year”重复出现（第一次在第 2 行）"),
        (MINIMAL.replace("组织学习10次。", "【本年度】组织学习"), 10, "未知的占位符“【本年度】”"),
        (MINIMAL.replace("组织学习10次。", '"响铃\\a字符"'), 10, "控制字符 U+0007"),
        (MINIMAL.replace("date: 2024-01-15", "date: 2024-13-45"), 3, "日期“2024-13-45”不存在"),
        (MINIMAL.replace("parts:", "parts: []\nx:"), 4, "“parts”（各部分）不能为空"),
        (MINIMAL.replace("  - title: 主要举措和成效", "  - title: 主要举措和成效\n   bad: [1"), 6, "缩进不一致"),
        ("organization: a\n---\nyear: 1\n", 2, "第二个文档分隔线"),
        ("organization: !!python/object/apply:os.system [echo hi]\n", 1, "不支持的 YAML 标签"),
    ],
)
def test_bad_input_names_file_line_and_problem(tmp_path, yaml_text, line, message):
    source = write(tmp_path / "报告.yaml", yaml_text)
    output = errors_of(source)
    assert f"报告.yaml:{line}:" in output
    assert message in output
    assert "提示：" in output


def test_unknown_key_suggests_the_near_miss(tmp_path):
    output = errors_of(write(tmp_path / "r.yaml", MINIMAL.replace("organization", "organisation")))
    assert "是不是想写“organization”" in output


def test_errors_in_section_files_name_that_file(tmp_path):
    write(tmp_path / "sections" / "01-甲.yaml", "title: 甲\npoints:\n  - title: 一\n    txt: 错字段\n")
    write(tmp_path / "report.yaml", "organization: 某局\nyear: 2022\nparts:\n  - title: 举措\n    sections: sections/*.yaml\n")
    output = errors_of(tmp_path)
    assert "01-甲.yaml:4:5:" in output and "不认识的键“txt”" in output


def test_all_errors_are_reported_at_once(tmp_path):
    write(tmp_path / "sections" / "01.yaml", "title: 甲\npoints: [{tilte: x}]\n")
    write(tmp_path / "sections" / "02.yaml", "points: []\n")
    write(tmp_path / "report.yaml", "organization: 某局\nyear: 二〇二二\nparts:\n  - title: 举措\n    sections: sections/*.yaml\n")
    output = errors_of(tmp_path)
    assert "report.yaml:2:" in output and "01.yaml:2:" in output and "02.yaml:1:" in output
    assert "共 3 处错误" in output


@pytest.mark.parametrize(
    ("sections", "message"),
    [("sections/*.yaml", "没有找到任何文件"), ("../../etc/*", "指向报告文件夹之外")],
)
def test_section_patterns_must_match_inside_the_folder(tmp_path, sections, message):
    write(tmp_path / "report.yaml", f"organization: 某局\nyear: 2022\nparts:\n  - title: 举措\n    sections: {sections}\n")
    output = errors_of(tmp_path)
    assert "report.yaml:5:15:" in output and message in output


def test_folder_without_report_yaml(tmp_path):
    (tmp_path / "src").mkdir()
    result = run("build", tmp_path / "src", "-o", tmp_path / "x.docx")
    assert result.exit_code == 2 and "没有 report.yaml" in result.output


def test_missing_source(tmp_path):
    result = run("build", tmp_path / "不存在", "-o", tmp_path / "x.docx")
    assert result.exit_code == 2 and "找不到报告来源" in result.output


@pytest.mark.parametrize(
    ("encoding", "newline"),
    [("gbk", "\n"), ("gb18030", "\r\n"), ("utf-16", "\r\n"), ("utf-8-sig", "\r\n")],
)
def test_files_saved_by_notepad_or_wps_are_read_as_they_are(tmp_path, encoding, newline):
    source = tmp_path / "r.yaml"
    source.write_bytes(MINIMAL.lstrip().replace("\n", newline).encode(encoding))
    report = load_report(source)
    assert report.organization == "测试县司法局"
    assert report.parts[0].sections[0].points[0].text == "组织学习10次。"


def test_binary_junk_is_refused(tmp_path):
    source = tmp_path / "r.yaml"
    source.write_bytes(bytes(range(256)) * 4)
    output = errors_of(source)
    assert "r.yaml:1:1:" in output and "不是文本文件" in output


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i-1}'] * 10)}]" for i in range(1, 9)]
    source = write(tmp_path / "bomb.yaml", "\n".join(lines) + "\n")
    with pytest.raises(DrafterError, match="别名"):
        load_report(source)
