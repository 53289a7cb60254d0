"""Formal-document elements of GB/T 9704: 主送机关, signature with a seal, joint signature."""

import pytest

from conftest import MINIMAL, build_doc, write
from drafter.loader import load_report
from drafter.view import width


def _tail(tmp_path, extra: str):
    source = write(tmp_path / "r.yaml", MINIMAL.replace("date: 2024-01-15", "date: 2024-01-15\n" + extra))
    paragraphs = [p for p in build_doc(source, tmp_path).paragraphs]
    return paragraphs


def _start(text: str) -> float:
    """Where a line's text starts, in characters (leading blanks: ideographic space 1, en space ½)."""
    return sum(1 if ch == "\u3000" else 0.5 for ch in text[: len(text) - len(text.lstrip("\u3000\u2002"))])


def test_addressee_flush_left_under_the_title_with_a_colon(tmp_path):
    paragraphs = _tail(tmp_path, "addressee: 县委、县政府")
    assert [p.text for p in paragraphs[:3]] == ["测试县司法局2023年法治政府建设年度报告", "", "县委、县政府："]
    assert paragraphs[2].style.name == "主送机关"
    assert paragraphs[2].style.paragraph_format.first_line_indent == 0


def test_without_seal_name_two_in_from_the_right_and_date_two_further_right(tmp_path):
    *_, name, date = _tail(tmp_path, "")
    assert name.text.strip("\u3000\u2002") == "测试县司法局" and date.text.strip("\u3000\u2002") == "2024年1月15日"
    # the date (6.5 wide) is longer than the name (6) + 2: date 右空二字, name two characters left of it
    assert _start(date.text) + width("2024年1月15日") == 28 - 2
    assert _start(name.text) == _start(date.text) - 2


def test_with_seal_date_four_in_and_name_centred_over_it(tmp_path):
    *_, name, date = _tail(tmp_path, "seal: true")
    date_width = width("2024年1月15日")
    assert _start(date.text) + date_width == 28 - 4
    assert _start(name.text) + width("测试县司法局") / 2 == pytest.approx(_start(date.text) + date_width / 2, abs=0.25)


def test_joint_signature_lead_organ_first(tmp_path):
    *_, first, second, date = _tail(tmp_path, "signature: [中共测试县委员会, 测试县人民政府]")
    assert first.text.strip("\u3000\u2002") == "中共测试县委员会" and second.text.strip("\u3000\u2002") == "测试县人民政府"
    assert _start(first.text) == _start(second.text) == _start(date.text) - 2
    # the names align on their first character; the date (6.5 + 2) outruns the longest name (8): 右空二字
    assert _start(date.text) + width("2024年1月15日") == 28 - 2
    report = load_report(tmp_path / "r.yaml")
    assert report.signer == "中共测试县委员会、测试县人民政府"
