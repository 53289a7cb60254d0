"""Half-width punctuation in Chinese text, as text scraped from web pages has it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..patterns import lazy

FULL_WIDTH = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！", ".": "。"}
# Chinese characters and full-width marks: code point ranges, and marks outside them.
# (Tested by comparisons, not a regex class: compiling a class of 30,000 code points
# cost more start-up time than any other pattern drafter has.)
_CHINESE_RANGES = ((0x3000, 0x303F), (0x3400, 0x9FFF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF))
_CHINESE_MARKS = frozenset("“”‘’《》【】…—")
_MARK = lazy("[,:;()?!.]")
_AFTER_DOT = lazy("[A-Za-z0-9_.]")  # 12.5, 说明.docx, www.gov.cn, …… typed as ...


def _chinese(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in _CHINESE_RANGES) or ch in _CHINESE_MARKS


def half_width_marks(text: str, start: int = 0, end: int | None = None) -> Iterator[int]:
    """Offsets in text[start:end] of half-width marks with a Chinese character (or a full-width
    mark) on either side, and of full stops after Chinese not followed by a letter, digit or dot;
    the character before `start` counts, the one at `end` does not."""
    end = len(text) if end is None else end
    for match in _MARK.finditer(text, start, end):
        at = match.start()
        before = at > 0 and _chinese(text[at - 1])
        after = text[at + 1] if at + 1 < end else ""
        if text[at] == ".":
            if before and not (after and _AFTER_DOT.match(after)):
                yield at
        elif before or (after and _chinese(after)):
            yield at


def to_full_width(text: str) -> str:
    """`text` with half-width marks next to Chinese turned full-width ("村(社区)" → "村（社区）")."""
    chars = list(text)
    for at in half_width_marks(text):
        chars[at] = FULL_WIDTH[text[at]]
    text = "".join(chars)
    # A bracket pair opened full-width closes full-width: "（2021-2025年)" → "（2021-2025年）".
    return re.sub(r"（([^（）()]*)\)", r"（\1）", re.sub(r"\(([^（）()]*)）", r"（\1）", text))
