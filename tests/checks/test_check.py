"""drafter check: warnings, --strict, --fix, and build refusing what check refuses."""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml
from conftest import EXAMPLE, MINIMAL, ROOT, run, snapshot, write

from drafter.checks.check import check
from drafter.readers.sources import copy_of


def warnings_of(tmp_path, text: str) -> list[str]:
    result = check(write(tmp_path / "r.yaml", text))
    assert not result.errors, [str(e) for e in result.errors]
    return [w.message for w in result.warnings]


def test_example_has_only_the_seeds_own_arithmetic_slip():
    result = check(EXAMPLE)
    assert not result.errors
    assert len(result.warnings) == 1 and "“98.3%”与数据不符" in result.warnings[0].message
    assert run("check", EXAMPLE).exit_code == 0


def test_half_width_punctuation_is_fixed_in_place_keeping_comments(tmp_path):
    source = write(tmp_path / "r.yaml", MINIMAL.replace("组织学习10次。", "组织学习10次,覆盖(全体)干部;效果好:明显  # 备注\n")
                   .replace("organization:", "# 顶部注释\norganization:"))
    original = source.read_bytes()
    result = run("check", source, "--strict")
    assert result.exit_code == 1
    assert result.output.count("半角标点") == 5 and f"{source}:11:" in result.output
    result = run("check", source, "--fix")
    assert result.exit_code == 0, result.output
    text = source.read_text(encoding="utf-8")
    assert "组织学习10次，覆盖（全体）干部；效果好：明显  # 备注" in text and text.startswith("# 顶部注释\n")
    backups = tmp_path / ".drafter" / "backups"
    [first] = backups.iterdir()
    assert first.read_bytes() == original and str(first) in result.output
    assert run("check", source, "--strict").exit_code == 0
    # a second fix keeps the first backup
    source.write_text(text.replace("效果好：", "效果好:"), encoding="utf-8")
    run("check", source, "--fix")
    assert first.read_bytes() == original and len(list(backups.iterdir())) == 2


def test_fix_keeps_the_file_encoding(tmp_path):
    source = tmp_path / "r.yaml"
    source.write_bytes(MINIMAL.lstrip().replace("组织学习10次。", "学习,交流").replace("\n", "\r\n").encode("gbk"))
    assert run("check", source, "--fix").exit_code == 0
    assert "学习，交流\r\n".encode("gbk") in source.read_bytes()


def test_unbalanced_and_titles_two_ways(tmp_path):
    text = MINIMAL.replace("组织学习10次。", "学习《实施纲要（2021-2025年）》和《实施纲要（2021—2025年）》，（未闭合")
    messages = warnings_of(tmp_path, text)
    assert any("写法却不同" in m for m in messages)
    assert any("“（”没有对应的“）”" in m for m in messages)


def test_future_year_only_in_achievements_and_outside_ranges(tmp_path):
    text = MINIMAL.replace("组织学习10次。", "2024年完成，落实2021—2025年规划，学习《2025年纲要》") + """\
  - title: 下一步工作计划
    paragraphs: [2024年将继续推进。]
"""
    messages = [m for m in warnings_of(tmp_path, text) if "报告年度" in m]
    assert messages == ["报告年度是 2023 年，成绩中却写了 2024 年"]


def test_typed_labels_todo_and_empty_sections(tmp_path):
    text = MINIMAL.replace("title: 认真学习", "title: 一是认真学习").replace("组织学习10次。", "TODO 补充数字") + """\
      - title: 空小节
"""
    messages = warnings_of(tmp_path, text)
    assert "开头手工输入了编号“一是”" in messages
    assert "还有待填写的内容“TODO”" in messages
    assert "小节“空小节”没有内容" in messages


def test_files_left_out_and_copies_taken_twice(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "r")
    sections = tmp_path / "r" / "sections"
    shutil.copy(sections / "02-制度体系.yaml", sections / "02-制度体系.yml")
    messages = [w.message for w in check(tmp_path / "r").warnings if "98.3%" not in w.message]
    assert messages == ["文件“02-制度体系.yml”没有被报告引用，其中的内容不会出现在报告中"]
    shutil.copy(sections / "02-制度体系.yaml", sections / "02-制度体系(修改).yaml")
    result = run("build", tmp_path / "r", "-o", tmp_path / "x.docx")
    assert result.exit_code == 2 and "像是“02-制度体系.yaml”的副本" in result.output
    assert not (tmp_path / "x.docx").exists()


@pytest.mark.parametrize(
    ("stem", "original"),
    [("02-制度体系(修改)", "02-制度体系"), ("02-制度体系 - 副本", "02-制度体系"), ("02-制度体系（2）", "02-制度体系"),
     ("02-制度体系 - Copy", "02-制度体系"), ("02-制度体系", None), ("03-营商环境", None)],
)
def test_copy_names(stem, original):
    assert copy_of(stem) == original


def test_build_prints_warnings_and_still_builds(tmp_path):
    source = write(tmp_path / "r.yaml", MINIMAL.replace("组织学习10次。", "学习,交流"))
    result = run("build", source, "-o", tmp_path / "x.docx")
    assert result.exit_code == 0 and "半角标点" in result.output and (tmp_path / "x.docx").is_file()


def test_text_is_never_a_template(tmp_path):
    from conftest import body_texts, build_doc

    source = write(tmp_path / "r.yaml", MINIMAL.replace("组织学习10次。", "'{{ 7*191 }} {% for x in y %}'"))
    assert any("{{ 7*191 }} {% for x in y %}" in t for t in body_texts(build_doc(source, tmp_path)))


def test_megabytes_of_text_do_not_hang(tmp_path):
    long_text = "依法行政" * 500_000 + "学习,交流"  # 2 MB in one field
    result = check(write(tmp_path / "r.yaml", MINIMAL.replace("组织学习10次。", long_text)))
    assert [w.position.line for w in result.warnings] == [10]


class _DatesAsText(yaml.SafeLoader):
    """How editors read YAML for a JSON Schema: dates stay text."""


_DatesAsText.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if not tag.endswith("timestamp")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def test_every_field_of_the_model_has_its_help_for_the_schema():
    """The docstring under a field is its help in editors: a field written without one, or a
    docstring that lost its field, would leave a key unexplained."""
    from drafter.model import report
    from drafter.model.schema import field_descriptions

    descriptions = field_descriptions()
    structs = [c for c in vars(report).values() if isinstance(c, type) and issubclass(c, report.Node)
               and c is not report.Node]
    assert len(structs) >= 9
    for struct in structs:
        helps = descriptions[struct.__name__]
        assert set(helps) == set(struct.__struct_encode_fields__), struct.__name__
        assert all(len(text) >= 4 and "\n" not in text and "  " not in text for text in helps.values()), struct.__name__


def test_shipped_schemas_are_current_and_accept_the_example():
    jsonschema = pytest.importorskip("jsonschema")
    for name, args in (("report", ()), ("section", ("--section",))):
        result = run("schema", *args)
        shipped = (ROOT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8")
        assert result.output == shipped, "run: drafter schema [--section] -o schema/…"
    report_schema = json.loads((ROOT / "schema" / "report.schema.json").read_text(encoding="utf-8"))
    section_schema = json.loads((ROOT / "schema" / "section.schema.json").read_text(encoding="utf-8"))
    report = (EXAMPLE / "report.yaml").read_text(encoding="utf-8")
    assert report.startswith("# yaml-language-server: $schema=../../schema/report.schema.json\n")
    jsonschema.validate(yaml.load(report, Loader=_DatesAsText), report_schema)
    for file in (EXAMPLE / "sections").glob("*.yaml"):
        text = file.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=../../../schema/section.schema.json\n")
        jsonschema.validate(yaml.load(text, Loader=_DatesAsText), section_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"organization": "某局", "year": "二〇二一", "parts": []}, report_schema)


def test_schema_is_written_as_utf8(tmp_path):
    result = run("schema", "-o", tmp_path / "s.json")
    assert result.exit_code == 0
    assert "报告单位名称" in json.loads((tmp_path / "s.json").read_bytes().decode("utf-8"))["properties"]["organization"]["description"]


@pytest.mark.parametrize("encoding", ["gbk", "utf-8", "ascii"])
def test_messages_never_fail_on_the_console_encoding(tmp_path, encoding):
    source = write(tmp_path / "报告😀.yaml", MINIMAL.replace("organization", "organisation😀"))
    env = dict(os.environ, PYTHONIOENCODING=encoding, PYTHONUTF8="0")
    result = subprocess.run(
        [sys.executable, "-X", "warn_default_encoding", "-W", "error::EncodingWarning", "-m", "drafter", "check", str(source)],
        capture_output=True, env=env,
    )
    assert result.returncode == 2
    # click writes UTF-8 where the console claims ASCII; GBK and UTF-8 consoles get their own encoding
    stderr = result.stderr.decode("utf-8" if encoding == "ascii" else encoding, errors="strict")
    assert "Traceback" not in stderr and "UnicodeEncodeError" not in stderr
    assert ":1:1:" in stderr


def test_help_and_usage_errors_are_in_chinese():
    help_text = run("build", "--help").output
    assert help_text.startswith("用法：") and "build [选项] 资料文件夹" in help_text and "选项：" in help_text and "显示帮助并退出" in help_text
    missing = run("build")
    assert missing.exit_code == 2 and "错误：缺少参数" in missing.output and "drafter build --help" in missing.output
    unknown = run("check", "x", "--bogus")
    assert unknown.exit_code == 2 and "没有这个选项：--bogus" in unknown.output


def test_fix_backs_up_into_drafters_folder_and_strict_then_passes(tmp_path):
    root = tmp_path / "r"
    write(root / "report.yaml", MINIMAL.replace("""    sections:
      - title: 加强党的领导
        points:
          - title: 认真学习
            text: 组织学习10次。""", "    sections: sections/*.yaml"))
    section = write(root / "sections" / "01-学习.yaml", "title: 加强党的领导\npoints:\n  - text: 学习,交流\n")
    original = section.read_bytes()
    before = snapshot(tmp_path)
    result = run("check", root, "--fix")
    assert result.exit_code == 0, result.output
    [backup] = (root / ".drafter" / "backups" / "sections").iterdir()
    assert re.fullmatch(r"01-学习\.yaml\.\d{8}-\d{6}\.bak", backup.name)  # the time in the name
    assert backup.read_bytes() == original and str(backup) in result.output
    assert sorted(p.name for p in (root / "sections").iterdir()) == ["01-学习.yaml"]  # nothing left in sections/
    strict = run("check", root, "--strict")
    assert strict.exit_code == 0 and "没有被引用" not in strict.output, strict.output
    changed = {k for k, v in snapshot(tmp_path).items() if before.get(k) != v}
    history = {k for k in changed if k.startswith("r/.drafter/history/")}  # the change set `drafter undo` takes back
    assert changed - history == {"r/sections/01-学习.yaml", f"r/.drafter/backups/sections/{backup.name}"}
    assert {k.rsplit("/", 1)[1] for k in history} == {"change.json", "0.before", "0.after"}


@pytest.mark.parametrize("codec", ["utf-16-be", "utf-16-le"])
def test_fix_keeps_the_utf16_byte_order(tmp_path, codec):
    bom = b"\xfe\xff" if codec == "utf-16-be" else b"\xff\xfe"
    source = tmp_path / "r.yaml"
    source.write_bytes(bom + MINIMAL.lstrip().replace("组织学习10次。", "学习,交流").encode(codec))
    assert run("check", source, "--fix").exit_code == 0
    data = source.read_bytes()
    assert data.startswith(bom) and "学习，交流".encode(codec) in data
    assert data[len(bom):].decode(codec).startswith("organization:")


def test_a_fixed_year_figure_neither_later_than_the_report_nor_with_last_year(tmp_path):
    figures = "\n        figures:\n          - {name: 名次, value: 3, year: %s}\n"
    later = write(tmp_path / "a" / "r.yaml", MINIMAL + figures % "2024")
    result = run("check", later)
    assert "数据“名次”属于 2024 年，晚于报告年度 2023 年" in result.output
    both = write(tmp_path / "b" / "r.yaml", MINIMAL + (figures % "2022").replace("}", ", last_year: 4}"))
    result = run("check", both)
    assert result.exit_code == 2 and "写了固定年份 year，又写了去年数值 last_year" in result.output
