"""What can still be checked when parts of the sources are unsound: the report without the
points and sections that hold errors, and what lines a syntax error left out."""

from __future__ import annotations

from pathlib import Path

from ..errors import SKIPPED, DrafterError, DrafterWarning, Position
from ..model.report import Report
from ..model.validation import Problem, validate
from .yamlsource import Parsed, SourceMap, read_source


def left_out_text(read: Parsed) -> str:
    """The text of a file that was not read: the lines left out, or all of it."""
    if not read.readable:
        return read.source.text
    original = read_source(read.source.path).lines
    return "\n".join(original[n - 1] for n in read.unread if n <= len(original))


def follows_from_unread(problem: Problem, source_map: SourceMap, left_out: dict[Path, set[int]]) -> bool:
    """A problem that comes of lines left out: something absent in their file, or anything on them."""
    found = source_map.find(problem.path, key=problem.at_key)
    return found is not None and found.path in left_out and (problem.absent or found.line in left_out[found.path])


def skipped(unread: dict[Path, str]) -> DrafterError:
    """The one line that says what was not checked because of lines that could not be read."""
    names = "、".join(path.name for path in unread)
    first = next(iter(unread))
    return DrafterWarning(
        f"{names} 中有读不出来的内容：其中的文字和引用其中数据的地方，改正上面的格式错误后才能检查",
        position=Position(first), kind=SKIPPED, hint="改正上面列出的格式错误后再运行一次 drafter check",
    )


def sound_part(data: dict, source_map: SourceMap, bad: list[tuple]) -> Report | None:
    """The report without the points, sections or entries that hold an error, so the rest can be
    linted; positions of later list items move up with them.  None when the report itself is at fault."""
    def comparable(path: tuple) -> tuple:
        return tuple((0, x) if isinstance(x, int) else (1, x) for x in path)

    cut = set()
    for path in bad:
        ends = [i for i, x in enumerate(path) if isinstance(x, int)]
        if not ends:
            return None
        cut.add(path[: ends[-1] + 1])
    cut = {path for path in cut if not any(other != path and path[: len(other)] == other for other in cut)}
    for path in sorted(cut, key=comparable, reverse=True):
        holder = data
        for step in path[:-1]:
            holder = holder[step]
        del holder[path[-1]]
        _shift(source_map, path)
    report, problems = validate(data, Report)
    return None if problems else report


def _shift(source_map: SourceMap, removed: tuple) -> None:
    """Positions after the removed list item `removed` move up one place; its own are dropped."""
    parent, index, depth = removed[:-1], removed[-1], len(removed) - 1
    for table in (source_map.values, source_map.keys, source_map.spans):
        moved = {}
        for path in [p for p in table if p[:depth] == parent and len(p) > depth]:
            entry = table.pop(path)
            if path[depth] > index:
                moved[parent + (path[depth] - 1,) + path[depth + 1:]] = entry
            elif path[depth] < index:
                moved[path] = entry
        table.update(moved)
