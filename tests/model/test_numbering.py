import pytest

from drafter.model.numbering import (
    chinese_numeral,
    item_label,
    part_label,
    point_label,
    section_label,
    strip_label,
)


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (12, "十二"), (19, "十九"), (20, "二十"),
     (21, "二十一"), (99, "九十九"), (100, "一百"), (101, "一百零一"), (110, "一百一十"), (1000, "一千"),
     (1010, "一千零一十"), (7000, "七千"), (10000, "一万"), (10010, "一万零一十"), (123456, "十二万三千四百五十六")],
)
def test_chinese_numerals(n, expected):
    assert chinese_numeral(n) == expected


def test_labels_of_each_level():
    assert part_label(11) == "十一、"
    assert section_label(20) == "（二十）"
    assert point_label(12, "一是") == "十二是"
    assert point_label(12, "1.") == "12."
    assert item_label(3) == "（3）"


@pytest.mark.parametrize(
    ("text", "rest"),
    [("一是突出地方立法特色", "突出地方立法特色"), ("（三）持续优化", "持续优化"), ("(三)持续优化", "持续优化"),
     ("3.加强监督", "加强监督"), ("3．加强监督", "加强监督"), ("12、加强", "加强"), ("（2）完善", "完善"),
     ("二、存在问题", "存在问题"), ("十一是推进", "推进"), ("第一，要", "要"), ("　　一是突出", "突出")],
)
def test_hand_typed_labels_are_recognised(text, rest):
    assert strip_label(text)[1] == rest


@pytest.mark.parametrize(
    "text",
    ["3.5万人次参加", "十九届六中全会精神", "2021年以来", "2021、2022年两年", "一是", "100%完成", "二充分发挥"],
)
def test_text_that_only_starts_with_a_number_is_left_alone(text):
    assert strip_label(text) == (None, text)
