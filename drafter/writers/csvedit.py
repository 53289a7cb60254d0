"""Cells of a CSV figure sheet written in place.

Only the cells named change: the delimiter, each cell's quotes, the line
endings and every other byte stay as the spreadsheet program saved them.
Rows and columns count from 1, as `drafter check` names them.
"""

from __future__ import annotations

import csv

from msgspec import Struct

from ..patterns import LINE_BREAK

_DELIMITERS = ",;\t"


class SetCell(Struct, frozen=True):
    """Set the cell at `row`, `column` (from 1) to `value`; `sheet` names an XLSX sheet."""

    row: int
    column: int
    value: str
    sheet: str | None = None


def delimiter(text: str) -> str:
    """The delimiter the header row uses (a comma unless it has more semicolons or tabs)."""
    header = text.splitlines()[0] if text else ""
    return max(_DELIMITERS, key=lambda d: (header.count(d), d == ","))


def cell_spans(text: str, sep: str) -> list[list[tuple[int, int]]]:
    """Where each cell of each row is in `text` (quotes included), row after row."""
    rows: list[list[tuple[int, int]]] = []
    row: list[tuple[int, int]] = []
    i, start, quoted = 0, 0, False
    while i <= len(text):
        ch = text[i] if i < len(text) else None
        if quoted:
            if ch == '"' and text[i + 1: i + 2] == '"':
                i += 2
                continue
            if ch == '"' or ch is None:
                quoted = False
            i += 1
            continue
        if ch == '"' and i == start:
            quoted = True
        elif ch == sep:
            row.append((start, i))
            start = i + 1
        elif ch is None or ch in "\r\n":
            row.append((start, i))
            if ch is not None or start < i or len(row) > 1:
                rows.append(row)
            row = []
            i += 2 if text[i: i + 2] == "\r\n" else 1
            start = i
            continue
        i += 1
    return rows


def _cell(value: str, sep: str, quoted: bool) -> str:
    if quoted or any(ch in value for ch in (sep, '"', "\r", "\n")) or value != value.strip():
        return '"' + value.replace('"', '""') + '"'
    return value


def edit_csv(text: str, changes: list[SetCell]) -> str:
    """`text` with the cells set; a cell past a row's end gets empty cells before it, a row past the end is added."""
    sep = delimiter(text)
    found = LINE_BREAK.search(text)
    newline = found.group(0) if found else "\r\n"
    for change in changes:
        rows = cell_spans(text, sep)
        if change.row > len(rows):
            ending = "" if not text or text.endswith(("\n", "\r")) else newline
            text += ending + newline * (change.row - len(rows) - 1) + sep * (change.column - 1) \
                + _cell(change.value, sep, False) + newline
            continue
        cells = rows[change.row - 1]
        if change.column > len(cells):
            at = cells[-1][1]
            text = text[:at] + sep * (change.column - len(cells)) + _cell(change.value, sep, False) + text[at:]
            continue
        start, stop = cells[change.column - 1]
        text = text[:start] + _cell(change.value, sep, text[start: start + 1] == '"') + text[stop:]
    return text


def read_rows(text: str) -> list[list[str]]:
    """The rows as drafter's sheet reader sees them."""
    return [row for row in csv.reader(text.splitlines(), delimiter=delimiter(text))]


def intended_rows(rows: list[list[str]], changes: list[SetCell]) -> list[list[str]]:
    result = [list(row) for row in rows]
    for change in changes:
        while len(result) < change.row:
            result.append([])
        row = result[change.row - 1]
        row += [""] * (change.column - len(row))
        row[change.column - 1] = change.value
    return result
