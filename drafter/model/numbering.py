"""Labels computed from position: 一、 （一） 一是 / 1. （1）.

Authors never type labels. A label typed anyway at the start of a title or
text is recognised by `strip_label` and dropped, so it is not doubled.
"""

from __future__ import annotations

import re

from ..patterns import lazy

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 101 → 一百零一, 1010 → 一千零一十, 10000 → 一万."""
    if n <= 0:
        raise ValueError(f"numbering starts at 1, got {n}")
    if n >= 10_000:
        high, low = divmod(n, 10_000)
        tail = "" if not low else ("零" if low < 1000 else "") + _below_10000(low, leading=False)
        return chinese_numeral(high) + "万" + tail
    return _below_10000(n, leading=True)


def _below_10000(n: int, leading: bool) -> str:
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        # 十一, not 一十一, when the number starts with its tens
        out += ("" if unit == "十" and digit == 1 and not out and leading else _DIGITS[digit]) + unit
    return out


POINT_STYLES = ("一是", "1.")


def part_label(n: int) -> str:
    return f"{chinese_numeral(n)}、"


def section_label(n: int) -> str:
    return f"（{chinese_numeral(n)}）"


def point_label(n: int, style: str) -> str:
    return f"{chinese_numeral(n)}是" if style == "一是" else f"{n}."


def item_label(n: int) -> str:
    return f"（{n}）"


_NUMERALS = "一二三四五六七八九十百零〇"
_NUMERAL = f"[{_NUMERALS}]+"
# What a label can start with, after blanks: a text starting otherwise has none, and
# the pattern, slow to compile, is compiled only when a text might.
_LABEL_FIRST = frozenset(_NUMERALS + "（(第")


# Hand-typed labels of every level, as people type them: full- or half-width
# brackets, 、 or a dot after Arabic numbers.  "3.5万" and "十九届" are not labels.
_LABEL = lazy(
    rf"""^[ \t\u3000]*(?:
        {_NUMERAL}、                 # 一、
      | [（(]\s*{_NUMERAL}\s*[）)]   # （一）
      | {_NUMERAL}是[，,：:、]?     # 一是
      | 第{_NUMERAL}[，,、是]        # 第一，
      | [（(]\s*\d{{1,2}}\s*[）)]     # （1）
      | \d{{1,2}}\s*[、．]            # 1、 1．  (not 2021、)
      | \d{{1,2}}\.(?!\d)             # 1.  (not 3.5)
    )[ \t\u3000]*""",
    re.VERBOSE,
)


def strip_label(text: str) -> tuple[str | None, str]:
    """Split a hand-typed label off the start of `text`: (label or None, rest)."""
    first = text.lstrip(" \t\u3000")[:1]
    if not (first in _LABEL_FIRST or first.isdecimal()):
        return None, text
    match = _LABEL.match(text)
    if not match or match.end() == len(text):
        return None, text
    return match.group(0).strip(), text[match.end():]
