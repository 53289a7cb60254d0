"""Errors that carry their source position and a Chinese message.

Only the CLI prints them; everything else raises them.
"""

from __future__ import annotations

import sys
from pathlib import Path


def _import_msgspec() -> None:
    """msgspec, the model's library, without typing_extensions.

    msgspec reads type hints through typing_extensions when it is installed
    (python-docx brings it), and loading it (with inspect, ast and tokenize)
    costs about a tenth of `drafter check`.  The model uses only what
    typing itself reads on the Pythons drafter runs on, so msgspec is
    loaded with the module hidden; afterwards it is importable as ever."""
    if "msgspec" in sys.modules or "typing_extensions" in sys.modules:
        return
    sys.modules["typing_extensions"] = None  # type: ignore[assignment]  # an import of it fails: msgspec falls back
    try:
        import msgspec  # noqa: F401
    finally:
        del sys.modules["typing_extensions"]


_import_msgspec()

from msgspec import Struct


class Position(Struct, frozen=True):
    """Where a value came from: 1-based line and column in a source file."""

    path: Path
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [str(self.path)]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


# A workbook's sheet is named as a place of its own: the workbook's path, this mark, the sheet's title.
_SHEET_MARK = ".xlsx#"


def sheet_path(workbook: Path, title: str) -> Path:
    """Where a workbook's sheet is, for positions: "数据.xlsx" and "Sheet1" → "数据.xlsx#Sheet1"."""
    return workbook.with_name(f"{workbook.name}#{title}")


def sheet_file(path: Path) -> tuple[Path, str | None]:
    """The file a position's path is in, and the sheet's title when it names a workbook's sheet.
    The mark is looked for in the last name only: folders ("报告#2021") and files may hold a "#" too."""
    at = path.name.lower().find(_SHEET_MARK)
    if at < 0:
        return path, None
    end = at + len(_SHEET_MARK)
    return path.with_name(path.name[:end - 1]), path.name[end:]


# Kinds of problem, for the commands that treat some alike (publish refuses what is unfinished).
UNFINISHED = "unfinished"  # no date yet
GAP = "gap"  # a 【待填写】 mark
NO_VALUE = "no-value"  # a figure without this year's value
CARRIED_OVER = "carried-over"  # a point title drafter next carried from last year, not yet rewritten
NEEDS_REVIEW = "needs-review"  # a part drafter next copied from last year, not yet reviewed
UNASSIGNED = "unassigned"  # last year's plan that no section has taken yet
SKIPPED = "skipped"  # checks left out because a file could not be read (not a problem of its own)
# What makes a report unfinished: `publish` refuses it, `status` counts it as left to fill.
NOT_FINISHED = frozenset({UNFINISHED, GAP, NO_VALUE, CARRIED_OVER, NEEDS_REVIEW, UNASSIGNED})


class DrafterError(Exception):
    """A problem the user can fix: message and hint are in Chinese; `kind` groups problems
    for commands that act on them (never their wording)."""

    level = "错误"

    def __init__(self, message: str, *, position: Position | None = None, hint: str | None = None,
                 kind: str | None = None):
        super().__init__(message)
        self.message = message
        self.position = position
        self.hint = hint
        self.kind = kind

    def __str__(self) -> str:
        where = f"{self.position}: " if self.position else ""
        text = f"{where}{self.level}：{self.message}"
        if self.hint:
            text += f"\n  提示：{self.hint}"
        return text


class Fix(Struct, frozen=True):
    """Replace `length` characters at `offset` of a source file by `text` (`check --fix`)."""

    path: Path
    offset: int
    length: int
    text: str


class DrafterWarning(DrafterError):
    """Something that is probably a mistake but does not stop a build (`check --strict` fails on it)."""

    level = "警告"

    def __init__(self, message: str, *, position: Position | None = None, hint: str | None = None,
                 kind: str | None = None, fix: Fix | None = None):
        super().__init__(message, position=position, hint=hint, kind=kind)
        self.fix = fix


class SourceErrors(DrafterError):
    """Several problems found in one pass over the sources."""

    def __init__(self, errors: list[DrafterError]):
        super().__init__(f"发现 {len(errors)} 处错误")
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)
