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


def status_table(rows) -> list[tuple[str, dict]]:
    """`drafter status` as lines with their click styles: aligned by terminal columns; the file
    name coloured by how far it is (click drops the colours in a pipe)."""
    import click

    submitting = any(row.needs_submission for row in rows)
    header = ["科室", "文件", "待填写", "缺数值", "错误", "警告", "最后修改"] + (["已提交"] if submitting else [])
    cells = [header]
    for row in rows:
        cells.append([row.department or "（未写科室）", row.file, str(row.gaps), str(row.missing), str(row.errors),
                      str(row.warnings), row.modified.strftime("%Y-%m-%d %H:%M")]
                     + ([("是" if row.submitted else "否") if row.needs_submission else "—"] if submitting else []))
    totals = [sum(getattr(row, name) for row in rows) for name in ("gaps", "missing", "errors", "warnings")]
    finished = sum(row.done for row in rows)
    cells.append(["合计", f"{finished}/{len(rows)} 个文件已完成", *map(str, totals), ""] + ([""] if submitting else []))
    laid = layout(cells, right={2, 3, 4, 5})
    lines = [("  ".join(laid[0]).rstrip(), {"bold": True})]
    for row, line in zip(rows, laid[1:-1]):
        colour = "green" if row.done else ("red" if row.errors else "yellow")
        lines.append(("  ".join(click.style(cell, fg=colour) if i == 1 else cell for i, cell in enumerate(line)).rstrip(), {}))
    return lines + [("  ".join(laid[-1]).rstrip(), {"bold": True})]
