"""The sources editor: each kind of change on files written the way departments write them."""

from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLE, ROOT

from drafter.errors import DrafterError
from drafter.readers.sources import KEYS
from drafter.readers.yamlsource import SourceText, compose, parse, read_source
from drafter.writers.changes import (
    DeleteItem,
    InsertItem,
    MoveItem,
    RemoveKey,
    SetKey,
    SetValue,
    applied,
    between,
    lookup,
)
from drafter.writers.edit import EditError, edit_text
from drafter.writers.yamltext import same

SECTION = """\
# yaml-language-server: $schema=../../schema/section.schema.json
# 第（二）节：持续完善依法行政制度体系
department: 立法科   # 负责科室
title: '持续完善依法行政制度体系'
points:
  # 第一项：立法
  - title: 突出地方立法特色
    text: "完成地方性法规的审查和修改论证。"
  - title: 加强规范性文件制定监督管理
    text: |
      出具规范性文件合法性审核意见【审核意见数】份。
      完成专项清理工作。

  # 最后一项
  - 开展执法检查。
figures:
- name: 审核意见数
  value: 191   # 去年 180
  unit: 份
  # 去年的单位也是份
# 两数相同，原文合写
- name: 报备数
  value: 20
paragraphs: [甲, 乙]
"""


def edited(changes, text=SECTION):
    new = edit_text(text, changes)
    assert same(yaml.safe_load(new), applied(yaml.safe_load(text), changes))
    return new


def changed_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    """The lines that differ between the two texts, after their common first and last lines."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return a[start: len(a) - end], b[start: len(b) - end]


def test_a_plain_value_is_set_on_its_line_keeping_its_comment():
    new = edited([SetValue(("department",), "法治督察科")])
    assert changed_lines(SECTION, new) == (["department: 立法科   # 负责科室\n"], ["department: 法治督察科   # 负责科室\n"])


def test_quoted_values_keep_their_quotes_and_new_values_are_quoted_only_when_needed():
    new = edited([SetValue(("title",), "新标题"), SetValue(("points", 0, "text"), "新的“文字”。")])
    assert "title: '新标题'\n" in new and 'text: "新的“文字”。"\n' in new
    assert "  - title: 【待填写】\n" in edited([SetValue(("points", 0, "title"), "【待填写】")])
    assert '  - title: "依法行政: 制度"\n' in edited([SetValue(("points", 0, "title"), "依法行政: 制度")])
    assert '  - title: "#1 号"\n' in edited([SetValue(("points", 0, "title"), "#1 号")])  # plain would be a comment


def test_a_block_keeps_its_style_indentation_and_blank_line():
    new = edited([SetValue(("points", 1, "text"), "出具审核意见【审核意见数】份。\n完成专项清理工作。\n")])
    assert changed_lines(SECTION, new) == (["      出具规范性文件合法性审核意见【审核意见数】份。\n"],
                                          ["      出具审核意见【审核意见数】份。\n"])
    one_line = edited([SetValue(("points", 1, "text"), "一句话。")])
    assert "    text: 一句话。\n\n  # 最后一项\n" in one_line


def test_text_of_several_lines_becomes_a_block():
    new = edited([SetValue(("points", 0, "text"), "第一段。\n第二段。")])
    assert "    text: |-\n      第一段。\n      第二段。\n  - title: 加强" in new


def test_deleting_an_item_takes_its_comments_along():
    new = edited([DeleteItem(("points", 0))])
    assert changed_lines(SECTION, new)[1] == [] and "# 第一项" not in new and "突出地方立法特色" not in new
    new = edited([DeleteItem(("figures", 1))])
    assert "# 两数相同" not in new and "报备数" not in new and "unit: 份\n  # 去年的单位也是份\nparagraphs" in new


def test_inserting_items_in_the_lists_own_indentation():
    new = edited([InsertItem(("points",), 1, {"title": "新要点", "text": "【待填写】"})])
    assert "    text: \"完成地方性法规的审查和修改论证。\"\n  - title: 新要点\n    text: 【待填写】\n  - title: 加强" in new
    new = edited([InsertItem(("figures",), 2, {"name": "新数据", "value": 3})])
    assert "  value: 20\n- name: 新数据\n  value: 3\nparagraphs" in new


def test_moving_an_item_moves_its_lines_and_comments_unchanged():
    new = edited([MoveItem(("points", 2), 0)])
    assert new.index("  # 最后一项\n  - 开展执法检查。\n") < new.index("  # 第一项")
    assert sorted(SECTION.splitlines()) == sorted(new.splitlines())
    assert edited([MoveItem(("points", 0), 2)]).rstrip().endswith("paragraphs: [甲, 乙]")


def test_keys_are_added_where_asked_and_removed_with_their_comments():
    new = edited([SetKey(("figures", 0, "last_year"), 180, before="unit")])
    assert "  value: 191   # 去年 180\n  last_year: 180\n  unit: 份\n" in new
    new = edited([SetKey(("figures", 0, "note"), "说明", before="name")])
    assert "- note: 说明\n  name: 审核意见数\n" in new
    new = edited([RemoveKey(("figures", 0, "name"))])
    assert "- value: 191   # 去年 180\n  unit: 份\n" in new
    new = edited([RemoveKey(("points",))])
    assert "points" not in new and "第一项" not in new and new.startswith(SECTION[:SECTION.index("points")])
    new = edited([SetKey(("text",), "小节的说明。", before="points")])
    assert "title: '持续完善依法行政制度体系'\ntext: 小节的说明。\npoints:\n" in new


def test_a_list_emptied_and_filled_again():
    text = edited([DeleteItem(("figures", 0)), DeleteItem(("figures", 0))])
    assert "figures: []\nparagraphs" in text
    text = edited([InsertItem(("figures",), 0, {"name": "甲", "value": 1})], text)
    assert "figures:\n  - name: 甲\n    value: 1\nparagraphs" in text


def test_a_flow_list_is_rewritten_on_its_line():
    assert edited([InsertItem(("paragraphs",), 1, "丙: 丁")]).endswith('paragraphs: [甲, "丙: 丁", 乙]\n')
    assert edited([DeleteItem(("paragraphs", 0))]).endswith("paragraphs: [乙]\n")


def test_line_endings_and_a_missing_last_line_break_are_kept():
    for newline in ("\r\n", "\r"):
        text = SECTION.replace("\n", newline).rstrip(newline)
        new = edited([InsertItem(("points",), 3, "新的一项。"), SetValue(("points", 1, "text"), "甲\n乙\n")], text)
        assert newline + "  - 新的一项。" + newline in new and "\n" not in new.replace("\r\n", "") and not new.endswith(newline)


def test_a_path_the_file_lacks_is_refused_in_chinese():
    with pytest.raises(EditError, match="文件中没有“points/9/text”"):
        edit_text(SECTION, [SetValue(("points", 9, "text"), "x")])


def test_between_gives_the_changes_that_turn_one_into_the_other():
    old = yaml.safe_load(SECTION)
    new = yaml.safe_load(SECTION)
    new["points"][0]["text"] = "改"
    new["figures"][1]["last_year"] = 19
    del new["figures"][0]["unit"]
    new["points"].append({"text": "加"})
    changes = between(old, new)
    assert changes == [SetValue(("points", 0, "text"), "改"), InsertItem(("points",), 3, {"text": "加"}),
                       RemoveKey(("figures", 0, "unit")), SetKey(("figures", 1, "last_year"), 19)]
    assert yaml.safe_load(edited(changes)) == new


def _department_files() -> list[Path]:
    """The example's and the bad cases' files that drafter reads as YAML mappings (the others are refused)."""
    usable = []
    for path in sorted(EXAMPLE.rglob("*.yaml")) + sorted((ROOT / "tests" / "bad").rglob("*.yaml")):
        try:
            source = read_source(path)
            data = parse(source, KEYS)[0]
            aliases = any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(source.text))
        except (DrafterError, yaml.YAMLError):
            continue
        if isinstance(data, dict) and not aliases:
            usable.append(path)
    return usable


def _scalars(node, path=()):
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(value, path + (key.value,))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _scalars(item, path + (i,))
    elif path and node.tag.endswith(":str"):
        yield path, node


@pytest.mark.parametrize("path", _department_files(), ids=lambda p: p.parent.name + "/" + p.name)
def test_every_text_of_the_departments_files_can_be_changed_touching_only_its_lines(path):
    source = read_source(path)
    text, data = source.text, parse(source, KEYS)[0]
    for where, node in list(_scalars(compose(text)[1]))[:40]:
        value = lookup(data, where)
        change = SetValue(where, f"{value if isinstance(value, str) else '文字'}，改过")
        new = edit_text(text, [change])
        assert same(parse(SourceText(path, new, source.encoding), KEYS)[0], applied(data, [change])), where
        old_lines, new_lines = changed_lines(text, new)
        first, last = source.position(node.start_mark.index).line, source.position(node.end_mark.index).line
        assert len(old_lines) <= last - first + 1, (where, old_lines, new_lines)


def test_a_one_paragraph_block_stays_a_block_when_its_text_changes():
    # report.yaml's preamble is usually one paragraph written as a | block; a reviewer's reworded
    # sentence merged back must not turn it into one long quoted line
    text = "year: 2021\npreamble: |\n  【年度】年以来，扎实推进工作。\n# 开头段落\nparts: []\n"
    edited = edit_text(text, [SetValue(("preamble",), "【年度】年以来，扎实推进各项工作。\n")])
    assert edited == "year: 2021\npreamble: |\n  【年度】年以来，扎实推进各项工作。\n# 开头段落\nparts: []\n"
