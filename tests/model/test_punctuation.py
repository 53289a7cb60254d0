"""Half-width marks next to Chinese: found where the rule says, wherever the text is cut."""

import re

from hypothesis import given
from hypothesis import strategies as st

from drafter.model.punctuation import half_width_marks, to_full_width

# The rule as a regular expression: a mark with a Chinese character or full-width mark on either side.
_CHINESE = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’《》【】…—"
_RULE = re.compile(rf"(?<=[{_CHINESE}])[,:;()?!]|[,:;()?!](?=[{_CHINESE}])|(?<=[{_CHINESE}])\.(?![A-Za-z0-9_.])")
_TEXT = st.text(st.sampled_from("村社区,:;()?!.（）ab1_ \u3000\u2fff\u3040\u9fff\ua000\uf900\uffef\ufff0“《…x"), max_size=12)


@given(_TEXT, st.integers(0, 12), st.integers(0, 12))
def test_marks_are_where_the_rule_puts_them(text, start, length):
    start = min(start, len(text))
    end = min(start + length, len(text))
    assert list(half_width_marks(text, start, end)) == [m.start() for m in _RULE.finditer(text, start, end)]


def test_web_text_turned_full_width():
    assert to_full_width("村(社区)获评,共3个;2021-2025年") == "村（社区）获评，共3个；2021-2025年"
    assert to_full_width("（2021-2025年)") == "（2021-2025年）"
    assert to_full_width("a, b (c)") == "a, b (c)"
