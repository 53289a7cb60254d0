"""Text tables for the terminal: columns measured as a terminal shows them (a Chinese character
takes two columns), so headers and cells line up."""

from __future__ import annotations

import unicodedata


def columns(text: str) -> int:
    """Terminal columns `text` takes: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """`text` padded with spaces to `width` terminal columns (on the left when `right`)."""
    fill = " " * max(0, width - columns(text))
    return fill + text if right else text + fill


def layout(rows: list[list[str]], right: set[int] = frozenset()) -> list[list[str]]:
    """The cells of `rows` (the first is the header) padded so that each column lines up;
    columns numbered in `right` are aligned right (numbers)."""
    widths = [max(columns(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [[pad(cell, widths[i], i in right) for i, cell in enumerate(row)] for row in rows]
