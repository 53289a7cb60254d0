"""Problems as the user reads them: where, what, how to fix, and the line itself.

    sections/02.yaml:8:5: 错误：不认识的键“titel”
      8 |     titel: 加强地方性法规实施工作
        |     ^
      提示：是不是想写“title”？……
"""

from __future__ import annotations

from pathlib import Path

from .errors import NOT_FINISHED, SKIPPED, DrafterError
from .readers.yamlsource import read_source
from .tables import columns as _columns

# Said once, after the one-line entries of what is left to fill.
UNFINISHED_HINT = ("提示：在标出的行填写今年的内容（删去【待填写】【待审核】标记），数据在 value 后写今年的数值；"
                   "drafter status 可查看各科室的进度")


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

    @staticmethod
    def by_file(problems: list[DrafterError]) -> list[tuple[Path | None, list[DrafterError]]]:
        """The problems under one heading per file, files in the order they first come up;
        what is left to fill first, then the rest, each in the order of the lines."""
        groups: dict[Path | None, list[DrafterError]] = {}
        for problem in problems:
            groups.setdefault(problem.position.path if problem.position else None, []).append(problem)

        def order(problem: DrafterError) -> tuple:
            where = problem.position
            return (problem.kind not in NOT_FINISHED, problem.kind == SKIPPED,
                    where.line or 0 if where else 0, where.column or 0 if where else 0)

        return [(path, sorted(found, key=order)) for path, found in groups.items()]

    def format(self, problem: DrafterError) -> str:
        """A problem as the user reads it; what is left to fill takes one line under its file's heading."""
        position = problem.position
        if problem.kind in NOT_FINISHED:
            return f"  第 {position.line} 行：{problem.message}" if position and position.line else f"  {problem.message}"
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
