"""Problems as the user reads them: where, what, how to fix, and the line itself.

    sections/02.yaml:8:5: 错误：不认识的键“titel”
      8 |     titel: 加强地方性法规实施工作
        |     ^
      提示：是不是想写“title”？……
"""

from __future__ import annotations

from pathlib import Path

from .errors import DrafterError
from .readers.yamlsource import read_source
from .tables import columns as _columns


class Formatter:
    """Formats problems, reading each source file once."""

    def __init__(self) -> None:
        self._lines: dict[Path, list[str] | None] = {}

    def _line(self, path: Path, number: int) -> str | None:
        if path not in self._lines:
            try:
                self._lines[path] = read_source(path).text.splitlines() if path.is_file() else None
            except DrafterError:
                self._lines[path] = None
        lines = self._lines[path]
        if lines is None or not 0 < number <= len(lines):
            return None
        return lines[number - 1]

    def format(self, problem: DrafterError) -> str:
        position = problem.position
        where = f"{position}: " if position else ""
        out = [f"{where}{problem.level}：{problem.message}"]
        line = self._line(position.path, position.line) if position and position.line else None
        if line is not None:
            shown = line.replace("\t", " ")
            if len(shown) > 120:  # a megabyte-long line is shown around the column only
                start = max(0, (position.column or 1) - 60)
                shown, offset = shown[start:start + 120], start
            else:
                offset = 0
            gutter = f"{position.line:>5} | "
            out.append(gutter + shown)
            if position.column:
                caret = _columns(shown[: max(0, position.column - 1 - offset)])
                out.append(" " * (len(gutter) - 2) + "| " + " " * caret + "^")
        if problem.hint:
            out.append(f"  提示：{problem.hint}")
        return "\n".join(out)
