"""drafter next: next year's sources and draft from this year's."""

import re
import shutil
import zipfile

import pytest
from conftest import EXAMPLE, run, write

from drafter.commands.next_year import next_year
from drafter.readers.sources import load_report


@pytest.fixture(scope="module")
def rolled(tmp_path_factory):
    dest = tmp_path_factory.mktemp("next") / "2022"
    return next_year(EXAMPLE, dest), dest


def test_year_moves_on_and_the_date_is_left_to_fill(rolled):
    result, dest = rolled
    report = load_report(dest)
    assert report.year == 2022 and report.date is None
    assert result.draft.name == "清远市司法局2022年法治政府建设年度报告（草稿）.docx"


def test_each_department_keeps_its_file_and_sees_last_years_text(rolled):
    result, dest = rolled
    old, new = load_report(EXAMPLE), load_report(dest)
    names = sorted(p.name for p in (dest / "sections").glob("*.yaml"))
    assert names == sorted(p.name for p in (EXAMPLE / "sections").glob("*.yaml"))  # no section of plans
    for old_section, new_section in zip(old.parts[0].sections, new.parts[0].sections):
        assert new_section.title == old_section.title and new_section.department == old_section.department
        assert [p.text for p in new_section.points] == ["【待填写】"] * len(old_section.points)
        assert [p.title for p in new_section.points] == [p.title for p in old_section.points]
        # Last year's title and text as written: figures stay references, never numbers.
        assert [(p.last_year.title, p.last_year.text) for p in new_section.points] == [
            (p.title, p.text) for p in old_section.points]
        assert [p.department for p in new_section.points] == [p.department for p in old_section.points]
    text = (dest / "sections" / "02-制度体系.yaml").read_text(encoding="utf-8")
    assert "【规范性文件合法性审核意见数】" in text and "191" not in text.split("figures:")[0]
    assert text.splitlines()[1:3] == ["# 第一部分第（二）节：持续完善依法行政制度体系",
                                     "# 负责科室：立法科。请只修改本文件中的文字；编号（一是、二是……）由程序自动生成，不要手工输入。"]
    assert "last_year 是去年的标题和正文" in text


def test_figures_have_value_ready_and_fixed_years_are_carried(rolled):
    result, dest = rolled
    text = (dest / "sections" / "02-制度体系.yaml").read_text(encoding="utf-8")
    entry = text[text.index("  - name: 规范性文件合法性审核意见数"):].split("\n  - ")[0]
    # ready to fill: nothing after the key (a file carried through the editor has no note after it)
    assert entry.splitlines()[1] in ("    value:  # 填写今年的数值，只写数字", "    value:")
    assert "    last_year: 191" in entry
    report = load_report(dest)
    ranks = {f.name: (f.year, f.value) for f in report.figures if f.year}
    assert ranks == {"法治广东建设考评排名2018年": (2018, 20), "法治广东建设考评排名2019年": (2019, 16),
                     "法治广东建设考评排名2020年": (2020, 13)}
    check = run("check", dest)
    assert "考评排名" not in check.output  # a past year's ranking is not asked for


def test_preamble_and_problems_are_marked_for_review(rolled):
    result, dest = rolled
    new = load_report(dest)
    assert new.preamble[0].text.startswith("【待审核】【年度】年以来")
    assert new.parts[1].paragraphs[0].text.startswith("【待审核】【年度】年以来，我局在推进法治政府建设工作方面")
    check = run("check", dest).output
    assert check.count("这段文字沿用了去年的写法，还没有审核") == 2


def test_last_years_plans_become_prompts(rolled):
    result, dest = rolled
    new = load_report(dest)
    old_plan = load_report(EXAMPLE).parts[2].paragraphs[0].text
    assert [s.title for s in new.parts[0].sections] == [s.title for s in load_report(EXAMPLE).parts[0].sections]
    assert new.unassigned == [old_plan]  # not a printed section: the office assigns it
    assert [(p.text, p.last_year) for p in new.parts[2].paragraphs] == [("【待填写】", old_plan)]
    assert "去年的计划还没有分到小节" in run("check", dest).output


def test_a_fresh_draft_checks_to_one_line_a_gap_under_each_files_heading(rolled):
    result, dest = rolled
    check = run("check", dest, "--strict")
    assert check.exit_code == 1
    lines = check.output.splitlines()
    headings = [line for line in lines if line.startswith("【")]
    assert len(headings) == len(set(headings)) == 8  # report.yaml and the seven department files
    assert lines[-1].startswith("提示：") and lines[-2].startswith("共 ")  # the counts and one hint close it
    body = [line for line in lines if not line.startswith("【")][:-2]
    assert all(re.fullmatch(r"  第 \d+ 行：.+", line) for line in body), body
    assert not any("没有用到" in line for line in body)  # the draft's own figures are not "unused"
    pairs = list(_under(lines))[:-2]
    assert len(pairs) == len(set(pairs))  # no line twice under a heading
    kinds = {"还有待填写的内容", "还没有填写今年的数值", "还没有填写成文日期", "沿用了去年的写法", "去年的计划还没有分到小节"}
    assert all(any(kind in line for kind in kinds) for line in body), [l for l in body if not any(k in l for k in kinds)]
    assert check.output.count("还没有填写今年的数值") == 46 - 3  # the rankings of past years are fixed


def _under(lines):
    heading = None
    for line in lines:
        if line.startswith("【"):
            heading = line
        else:
            yield heading, line


def test_the_draft_highlights_every_gap_and_check_lists_them(rolled):
    result, dest = rolled
    with zipfile.ZipFile(result.draft) as package:
        document = package.read("word/document.xml").decode("utf-8")
    highlighted = re.findall(r'<w:highlight w:val="yellow"/></w:rPr><w:t xml:space="preserve">(【待(?:填写|审核)[^<]*】)</w:t>', document)
    preamble_figures = 2  # the preamble's figures wait for this year's values (its rankings are of past years)
    assert len(highlighted) == result.gaps == 7 * 3 - 1 + 1 + 2 + preamble_figures
    # points, the plans part, the two texts to review
    assert "2023年\u3000月\u3000日" in document  # the date line waits for the date
    check = run("check", dest, "--strict")
    assert check.output.count("还有待填写的内容") == 7 * 3 - 1 + 1
    assert "还没有填写成文日期" in check.output


def test_plans_go_to_the_section_they_name(tmp_path):
    source = shutil.copytree(EXAMPLE, tmp_path / "2021")
    report = source / "report.yaml"
    text = report.read_text(encoding="utf-8").replace(
        "      - 接下来，我局将", "      - for: 02-制度体系\n        text: 加强地方立法。\n      - for: 不存在的小节\n        text: 另一项计划。\n      - 接下来，我局将")
    report.write_text(text, encoding="utf-8")
    result = next_year(source, tmp_path / "2022")
    new = load_report(tmp_path / "2022")
    assert [p.plan for p in new.parts[0].sections[1].points if p.plan] == ["加强地方立法。"]
    long_plan = load_report(source).parts[2].paragraphs[2].text
    assert new.unassigned == ["另一项计划。", long_plan]
    assert result.unplaced == ["不存在的小节"]


def test_year_phrases_become_placeholders_and_other_years_are_listed(tmp_path):
    source = write(tmp_path / "2021" / "report.yaml", """
        organization: 某局
        year: 2021
        date: 2022-01-20
        preamble: [2021年以来，我局落实2021—2025年规划。2020年底制定方案，2021年召开会议。]
        parts:
          - title: 举措
            sections:
              - title: 甲
                points: [{title: 学习, text: 2021年度学习10次。}]
        """)
    result = next_year(source.parent, tmp_path / "2022")
    preamble = load_report(tmp_path / "2022").preamble[0].text
    assert preamble == "【待审核】【年度】年以来，我局落实2021—2025年规划。【上年度】年底制定方案，2021年召开会议。"
    lines = (tmp_path / "2022" / "report.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "2021年召开会议" in text)
    assert [(w.position.path.name, w.position.line) for w in result.years] == [("report.yaml", line)]
    assert "2021年召开会议" in result.years[0].message


def test_five_part_structure(tmp_path):
    result = run("next", EXAMPLE, "-o", tmp_path / "2022", "--five-part")
    assert result.exit_code == 0, result.output
    report = load_report(tmp_path / "2022")
    assert [p.title for p in report.parts] == [
        "【年度】年推进法治政府建设的主要举措和成效",
        "【年度】年党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
        "【年度】年推进法治政府建设存在的不足和原因",
        "【下年度】年推进法治政府建设的主要安排",
        "其他需要报告的情况",
    ]
    assert len(report.parts[0].sections) == 7
    assert report.parts[2].paragraphs[0].text.startswith("【待审核】【年度】年以来，我局在推进法治政府建设工作方面")
    assert all("【待填写" in p.paragraphs[0].text for p in (report.parts[1], report.parts[3], report.parts[4]))


def test_next_never_overwrites(tmp_path):
    (tmp_path / "2022").mkdir()
    (tmp_path / "2022" / "01.yaml").write_text("科室已填写的内容", encoding="utf-8")
    result = run("next", EXAMPLE, "-o", tmp_path / "2022")
    assert result.exit_code == 2 and "不是空的" in result.output
    assert (tmp_path / "2022" / "01.yaml").read_text(encoding="utf-8") == "科室已填写的内容"


def test_next_of_next(tmp_path, rolled):
    result, dest = rolled
    next_year(dest, tmp_path / "2023")
    assert load_report(tmp_path / "2023").year == 2023


def test_schema_lines_are_kept_and_still_reach_the_schema(rolled):
    result, dest = rolled
    for name, schema in (("report.yaml", "report.schema.json"), ("sections/06-化解矛盾.yaml", "section.schema.json")):
        first = (dest / name).read_text(encoding="utf-8").splitlines()[0]
        target = first.removeprefix("# yaml-language-server: $schema=")
        assert target != first
        assert ((dest / name).parent / target).resolve() == (EXAMPLE.parent.parent / "schema" / schema).resolve()


def test_the_departments_comments_encoding_and_line_endings_are_carried_forward(tmp_path):
    source = tmp_path / "2021"
    shutil.copytree(EXAMPLE, source)
    section = source / "sections" / "02-制度体系.yaml"
    text = section.read_text(encoding="utf-8").replace(
        "  - title: 加强地方性法规实施工作\n", "  # 立法科：这一项明年要细化\n  - title: 加强地方性法规实施工作\n")
    section.write_bytes(text.replace("\n", "\r\n").encode("gbk"))
    next_year(source, tmp_path / "2022")
    carried = (tmp_path / "2022" / "sections" / "02-制度体系.yaml").read_bytes()
    assert b"\r\n" in carried and b"\n" not in carried.replace(b"\r\n", b"")
    lines = carried.decode("gbk").split("\r\n")
    # the copy's $schema path reaches no schema file from either folder: kept as it was written
    assert lines[0] == "# yaml-language-server: $schema=../../../schema/section.schema.json"
    assert lines[1] == "# 第一部分第（二）节：持续完善依法行政制度体系" and "# 第（二）节：持续完善依法行政制度体系" not in lines
    assert lines.count("  # 立法科：这一项明年要细化") == 1
    assert lines[lines.index("  # 立法科：这一项明年要细化") + 1] == "  - title: 加强地方性法规实施工作"  # its title kept, its text a gap
    assert "  # 原文“向省政府、市人大报备市政府规范性文件各20份”：报省政府、报市人大是两个数，" in lines
    assert "# 本小节用到的数据：数值只写一次，正文中用【名称】引用" in lines
    report = (tmp_path / "2022" / "report.yaml").read_text(encoding="utf-8")
    assert "layout: run-in        # run-in：" in report and "# 清远市司法局2022年法治政府建设年度报告\n" in report
    assert "2021 年法治政府建设年度报告（示例）" not in report and "# 说明：各小节中的科室名称" in report
    assert load_report(tmp_path / "2022").year == 2022
