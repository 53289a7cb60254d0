"""Where a web page's report starts and ends, and what the page adds around it.

The failure classes found on real pages (issue: import what offices really
have), each on a short page of the kind: the real pages themselves are in
tests/data/corpus and tested in test_corpus.py.
"""

import os

from conftest import ROOT, at_terminal, run

from drafter.layout.blocks import paragraphs, title_text
from drafter.readers.published import Line
from drafter.readers.recognize import recognize

PREAMBLE = "2022年，枫林县人民政府坚持以习近平法治思想为指导，扎实推进法治政府建设。现将有关情况报告如下："


def _import(*lines: str):
    return recognize([Line(line) for line in lines])


def _kept(imported) -> str:
    return "".join(block.text for block in paragraphs(imported.report))


def test_a_report_starting_at_its_first_part_keeps_addressee_and_preamble():
    imported = _import("索引号： | 11330000002482/2023-00012", "县委、县政府：", PREAMBLE,
                       "一、主要举措和成效", "（一）加强组织领导。一是健全机制。成立领导小组。",
                       "二、存在的不足和原因", "基层执法力量不足。")
    report = imported.report
    assert imported.dropped == ["索引号： | 11330000002482/2023-00012"]
    assert report.addressee == "县委、县政府" and [p.text for p in report.preamble] == [PREAMBLE]
    assert [p.title for p in report.parts] == ["主要举措和成效", "存在的不足和原因"]
    assert report.organization == "枫林县人民政府" and imported.year == 2022
    assert report.title is None and title_text(report) == "枫林县人民政府2022年法治政府建设年度报告"


def test_website_lines_above_between_and_after_are_dropped_and_listed():
    site = ["您当前的位置：首页>政务公开>法治政府建设", "政府信息公开", "标题： 枫林县2022年法治政府建设情况报告"]
    meta = ["栏目:法治政府 发布时间:2023-03-01", "点击数:人次", "信息来源:县司法局 发布日期:2023-03-01 浏览次数:",
            "索引号:113307 文号:", "发文日期:2023-03-01 发布机构:县政府", "• 字号:", "• 打印", "更新时间:2023-03-01 来源:县政府"]
    after = ["上一篇：枫林县2021年法治政府建设情况报告", "下一篇：无", "【打印本页】【关闭窗口】"]
    imported = _import(*site, "枫林县2022年法治政府建设情况报告", *meta, PREAMBLE, "一、主要举措和成效",
                       "建成公共法律服务中心。", "特此报告。", "枫林县人民政府", "2023年3月1日", *after)
    report = imported.report
    assert sorted(imported.dropped) == sorted(site + meta + after)
    assert report.title == "枫林县2022年法治政府建设情况报告" and report.organization == "枫林县人民政府"
    assert [p.text for p in report.closing] == ["特此报告。"] and report.date.isoformat() == "2023-03-01"
    assert imported.tail == ["枫林县人民政府", "2023年3月1日"]
    assert not any(line in _kept(imported) for line in site[:2] + meta + after)


def test_without_a_title_line_the_title_is_derived_or_left_as_a_gap_never_body_text():
    derived = _import(PREAMBLE, "一、主要举措和成效", "建成公共法律服务中心。")
    assert derived.report.title is None and derived.report.organization == "枫林县人民政府"
    unknown = _import("今年以来，我镇认真贯彻上级部署，全面推进依法行政。", "一、主要举措和成效", "建成调解室。")
    assert unknown.report.title == "【待填写：标题】" and unknown.report.organization == "【待填写：单位】"
    assert unknown.year is None and unknown.report.year == "【待填写：年度】"  # never this year − 1
    assert any("年度" in note for note in unknown.notes)


def test_a_title_starting_with_the_year_or_broken_over_two_lines_names_the_organisation():
    assert _import("2020年枫林区法治政府建设情况报告", PREAMBLE, "一、举措", "内容。").report.organization == "枫林区人民政府"
    above = _import("枫林县人民政府", "2022年度法治政府建设情况报告", "发布时间:2023-03-01", "2022年度法治政府建设情况报告",
                    PREAMBLE, "一、举措", "内容。")
    assert above.report.title == "枫林县人民政府\n2022年度法治政府建设情况报告"
    assert above.report.organization == "枫林县人民政府" and above.dropped == ["发布时间:2023-03-01", "2022年度法治政府建设情况报告"]
    split = _import("枫林县人民政府关于2022年度法治政府建设", "工作的报告", PREAMBLE, "一、举措", "内容。")
    assert split.report.title == "枫林县人民政府关于2022年度法治政府建设\n工作的报告"
    assert split.report.organization == "枫林县人民政府" and split.dropped == []


def test_a_cover_letter_is_left_out_and_listed_its_addressee_and_date_taken():
    letter = ["市人民政府：", "现将《枫林县司法局关于2022年度法治政府建设情况的报告》报上，请审阅。", "枫林县司法局", "2023年2月10日"]
    imported = _import(*letter, "附件", "枫林县司法局关于2022年度法治政府建设情况的报告", PREAMBLE, "一、举措", "内容。")
    assert imported.letter == letter + ["附件"]
    assert imported.report.addressee == "市人民政府" and imported.report.date.isoformat() == "2023-02-10"
    assert imported.report.organization == "枫林县司法局" and "报上，请审阅" not in _kept(imported)


def test_a_page_flattened_to_one_line_is_split_into_title_and_paragraphs():
    line = ("枫林县人民政府关于2022年度法治政府建设情况的报告" + PREAMBLE + "一、加强组织领导。" + "成立领导小组，定期研究法治工作。" * 30
            + "二、存在的不足和原因。" + "基层执法力量不足。" * 10)
    report = _import(line).report
    assert report.title == "枫林县人民政府关于2022年度法治政府建设情况的报告"
    assert [p.title for p in report.parts] == ["加强组织领导", "存在的不足和原因"]


def test_points_straight_under_a_part_and_a_skipped_label_starts_a_new_point():
    imported = _import(PREAMBLE, "一、主要举措和成效", "一是健全机制。成立领导小组。三是强化培训。举办培训班。",
                       "二、存在的不足和原因", "一是力量不足。二是能力不够。")
    first, second = imported.report.parts
    assert [(p.title, p.text) for p in first.points] == [("健全机制", "成立领导小组。"), ("强化培训", "举办培训班。")]
    assert any("跳到" in note for note in imported.notes)
    assert [p.text for p in second.paragraphs] == ["一是力量不足。二是能力不够。"]  # the later parts stay paragraphs


def test_import_in_a_terminal_lists_what_it_left_out(tmp_path):
    page = tmp_path / "网页.txt"
    page.write_text("\n".join(["您当前的位置：首页>政务公开", "枫林县2022年法治政府建设情况报告", "发布时间:2023-03-01",
                               PREAMBLE, "一、主要举措和成效", "建成公共法律服务中心。"]), encoding="utf-8")
    code, text = at_terminal(["import", str(page), "-o", str(tmp_path / "src")], dict(os.environ, PYTHONPATH=str(ROOT)))
    assert code == 0
    assert "您当前的位置：首页>政务公开" in text and "发布时间:2023-03-01" in text
    assert run("check", tmp_path / "src").exit_code == 0


def test_a_run_in_heading_without_a_closing_mark_ends_at_a_blank_or_is_reported():
    body = "修订规范性文件管理办法，清理文件四十二件，公布保留目录，并对新制定的文件逐件开展合法性审核。"
    spaced = _import(PREAMBLE, "一、主要举措和成效", "（一）完善制度体系\u3000" + body)
    assert spaced.report.parts[0].sections[0].title == "完善制度体系"
    assert spaced.report.parts[0].sections[0].text == body
    glued = _import(PREAMBLE, "一、主要举措和成效", "（一）完善制度体系" + body)
    assert any("很长" in note for note in glued.notes)


def test_statutory_part_headings_without_numbers_are_parts():
    imported = _import(PREAMBLE, "2022年推进法治政府建设的主要举措和成效", "建成公共法律服务中心。",
                       "党政主要负责人履行推进法治建设第一责任人职责情况", "县长带头学法。",
                       "2022年推进法治政府建设存在的不足和原因", "基层执法力量不足。")
    assert [len(p.paragraphs) for p in imported.report.parts] == [1, 1, 1]
    assert imported.report.parts[1].title == "党政主要负责人履行推进法治建设第一责任人职责情况"
