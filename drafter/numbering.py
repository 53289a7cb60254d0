"""Labels computed from position: 一、 （一） 一是 / 1. （1）.

Authors never type labels. A label typed anyway at the start of a title or
text is recognised by `strip_label` and dropped, so it is not doubled.
"""

from __future__ import annotations

import re

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 99 → 九十九, 100 → 一百."""
    if n <= 0:
        raise ValueError(f"numbering starts at 1, got {n}")
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        head = "" if tens == 1 else _DIGITS[tens]
        return head + "十" + (_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        tail = ""
    elif rest < 10:
        tail = "零" + _DIGITS[rest]
    elif rest < 20:
        tail = "一" + chinese_numeral(rest)
    else:
        tail = chinese_numeral(rest)
    return _DIGITS[hundreds] + "百" + tail


POINT_STYLES = ("一是", "1.")


def part_label(n: int) -> str:
    return f"{chinese_numeral(n)}、"


def section_label(n: int) -> str:
    return f"（{chinese_numeral(n)}）"


def point_label(n: int, style: str) -> str:
    return f"{chinese_numeral(n)}是" if style == "一是" else f"{n}."


def item_label(n: int) -> str:
    return f"（{n}）"


_NUMERAL = "[一二三四五六七八九十百零〇]+"
# Hand-typed labels of every level, as people type them: full- or half-width
# brackets, 、 or a dot after Arabic numbers.  "3.5万" and "十九届" are not labels.
_LABEL = re.compile(
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
    match = _LABEL.match(text)
    if not match or match.end() == len(text):
        return None, text
    return match.group(0).strip(), text[match.end():]
