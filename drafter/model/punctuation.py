"""Half-width punctuation in Chinese text, as text scraped from web pages has it."""

from __future__ import annotations

import re

_CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’《》【】…—"
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！", ".": "。"}
# A half-width mark with a Chinese character (or full-width mark) on either side; a full stop only
# after Chinese and not before a letter, digit or dot (12.5, 说明.docx, www.gov.cn, …… typed as ...).
HALF_WIDTH = re.compile(rf"(?<=[{_CJK}])[,:;()?!]|[,:;()?!](?=[{_CJK}])|(?<=[{_CJK}])\.(?![A-Za-z0-9_.])")


def to_full_width(text: str) -> str:
    """`text` with half-width marks next to Chinese turned full-width ("村(社区)" → "村（社区）")."""
    text = HALF_WIDTH.sub(lambda m: FULL_WIDTH[m.group(0)], text)
    # A bracket pair opened full-width closes full-width: "（2021-2025年)" → "（2021-2025年）".
    return re.sub(r"（([^（）()]*)\)", r"（\1）", re.sub(r"\(([^（）()]*)）", r"（\1）", text))
