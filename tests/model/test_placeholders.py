from drafter.model import placeholders


def test_expand_standard_values():
    values = placeholders.standard_values(2021, "清远市司法局")
    text = "【年度】年以来，【单位】对照【上年度】年问题，谋划【下年度】年工作"
    assert placeholders.expand(text, values) == "2021年以来，清远市司法局对照2020年问题，谋划2022年工作"


def test_only_a_plain_name_in_brackets_is_a_placeholder():
    assert placeholders.names("{{ 7*191 }} {年度} 【 】 【7】 【a-b】") == []
    assert placeholders.names("【年度】与【复议案件数】") == ["年度", "复议案件数"]
