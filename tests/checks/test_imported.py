"""drafter check flags what an import probably got wrong."""

from conftest import run, write

PARTS = """
parts:
  - title: 正文
    paragraphs: [一段。]
"""


def _check(tmp_path, head: str, preamble: str = ""):
    write(tmp_path / "r" / "report.yaml", head + "date: 2023-03-01\n" + preamble + PARTS)
    return run("check", tmp_path / "r")


def test_a_sentence_taken_for_title_and_organisation_is_flagged(tmp_path):
    result = _check(tmp_path, "organization: 2022年，县人民政府坚持以习近平法治思想为指导\nyear: 2022\n"
                              "title: 2022年，县人民政府坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，扎实推进法治政府建设各项工作取得新成效\n")
    assert "像是一句话" in result.output and "可能把正文的句子当成了标题" in result.output
    assert "导入时没有找到部分标题" in result.output


def test_a_column_name_title_a_level_only_name_and_a_far_year_are_flagged(tmp_path):
    result = _check(tmp_path, "organization: 省人民政府\nyear: 2019\ntitle: 工作报告2023年\n")
    assert "只写了级别" in result.output and "标题中的年度是 2023 年" in result.output
    result = _check(tmp_path / "b", "organization: 某局\nyear: 2022\ntitle: 政府信息公开\n")
    assert "没有“报告”或“情况”" in result.output


def test_a_website_line_kept_in_the_preamble_is_flagged(tmp_path):
    result = _check(tmp_path, "organization: 某局\nyear: 2022\n", "preamble:\n  - 栏目:政策文件 发布时间:2023-01-12\n")
    assert "像是网页上的文字" in result.output and "report.yaml:5" in result.output


def test_a_year_left_as_a_gap_is_an_error_that_says_so(tmp_path):
    result = _check(tmp_path, "organization: 某局\nyear: 【待填写：年度】\n")
    assert result.exit_code == 2 and "“year”（年度）还没有填写" in result.output


def test_a_clean_report_gets_none_of_these(tmp_path):
    write(tmp_path / "r" / "report.yaml", "organization: 某局\nyear: 2022\ndate: 2023-03-01\ntitle: 某局2022年法治政府建设年度报告\n"
          "parts:\n  - title: 主要举措和成效\n    paragraphs: [一段。]\n")
    output = run("check", tmp_path / "r").output
    assert not any(word in output for word in ("像是", "只写了级别", "标题中的年度", "没有找到部分标题"))
