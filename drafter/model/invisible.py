"""Characters nobody sees: in a key or a name they make the message look like nonsense
("不认识的键“title”"), so messages name them."""

from __future__ import annotations

import unicodedata


def invisible(text: str) -> list[str]:
    """The invisible characters in `text` (zero-width spaces, BOMs, joiners, soft hyphens) as U+XXXX."""
    found = [f"U+{ord(ch):04X}" for ch in text if unicodedata.category(ch) in ("Cf", "Cc", "Zl", "Zp")]
    return list(dict.fromkeys(found))


def visible(text: str) -> str:
    """`text` without them."""
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cf", "Cc", "Zl", "Zp"))


def named(what: str, text: str) -> str | None:
    """"键中有不可见字符 U+200B，请删除后重新输入", or None when `text` has none."""
    chars = invisible(text)
    return f"{what}中有不可见字符 {'、'.join(chars)}，请删除后重新输入" if chars else None
