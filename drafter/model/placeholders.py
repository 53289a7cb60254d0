"""Placeholders in source text: 【年度】, 【上年度】, 【下年度】, 【单位】, and the gap mark 【待填写】.

One syntax for everything a text may refer to (figures will use it too): a
name in 【】 brackets.  These are what a Chinese input method types for [ ],
they are the usual fill-in mark in Chinese forms, and unlike { } they never
collide with YAML: "【年度】年以来……" needs no quotes at the start of a value.
Only a known name is replaced (unknown ones are errors); nothing else in a
text is interpreted — department text is never run as a template, so
"{{ 7*191 }}" stays exactly that.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..patterns import lazy

# 【名称】 or 【名称:同比】 / 【名称:上年】 for a figure's year-on-year change or last year's value.
PLACEHOLDER = lazy(r"【([^\W\d][\w·]*)(?:[:：](同比|上年))?】")
MODIFIERS = ("同比", "上年")

YEAR = "年度"
PREVIOUS_YEAR = "上年度"
NEXT_YEAR = "下年度"
ORGANIZATION = "单位"


TODO = "待填写"
# 【待填写】 or 【待填写：what to write】 marks a gap: highlighted in the draft, refused when publishing.
GAP = f"【{TODO}】"
REVIEW = "待审核"
# 【待审核】 marks a text carried over from last year that someone must read again: highlighted and
# refused alike; whoever has reviewed it deletes the mark.
REVIEW_MARK = f"【{REVIEW}】"
TODO_MARK = lazy(rf"【{TODO}(?:[：:][^【】]*)?】|{REVIEW_MARK}")
KNOWN = (YEAR, PREVIOUS_YEAR, NEXT_YEAR, ORGANIZATION, TODO, REVIEW)


def names(text: str) -> list[str]:
    """Names of the placeholders in `text`, in order."""
    return [match.group(1) for match in PLACEHOLDER.finditer(text)]


def standard_values(year: int | str, organization: str) -> dict[str, str]:
    """What 【年度】 and the others stand for; a year not known yet (an import's gap) stays a gap in all three."""
    known = isinstance(year, int)
    return {
        YEAR: str(year),
        PREVIOUS_YEAR: str(year - 1) if known else str(year),  # type: ignore[operator]
        NEXT_YEAR: str(year + 1) if known else str(year),  # type: ignore[operator]
        ORGANIZATION: organization,
        TODO: GAP,  # stays a visible mark
        REVIEW: REVIEW_MARK,
    }


def gap(what: str) -> str:
    """A gap mark that says what to write: 【待填写：what】."""
    return f"【{TODO}：{what}】"


def expand(text: str, values: Mapping[str, str]) -> str:
    """`text` with every placeholder replaced; names must be known (checked at load).

    `values` holds "名称" and, for figures, "名称:同比" and "名称:上年".
    """
    return PLACEHOLDER.sub(lambda m: values[f"{m.group(1)}:{m.group(2)}" if m.group(2) else m.group(1)], text)
