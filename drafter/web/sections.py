"""A department's section files as the form sees them: found, checked, previewed and saved
with the same code as the command line.

The page edits a copy of the file's data.  What it may change is the section's
title and text, its points (title, text, items; added, removed, moved) and its
figures' value, last year's value and unit; everything else (the department,
last year's text and plan, figure names) is taken from the file as it is on
disk, whatever the page sends.  A save names the file's hash as the page loaded
it: if the file changed since (another person, or an editor on disk), nothing
is written and both versions come back.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

from msgspec import Struct

from ..checks.check import check
from ..errors import DrafterError, DrafterWarning
from ..files import sha256
from ..layout.blocks import section_blocks
from ..layout.department import NO_DEPARTMENT
from ..patterns import lazy
from ..readers.sources import REPORT_FILE
from ..readers.yamlsource import SourceMap, load_yaml, read_source, read_yaml
from ..writers import changeset, history
from ..writers.changes import between
from ..writers.edit import edit_text

_DEPARTMENT_LINE = lazy(r"^department\s*[:：]\s*(.+?)\s*$", re.MULTILINE)
_POINT_FIELDS = ("title", "text", "items")  # what a department may change in a point
_FIGURE_FIELDS = ("value", "last_year", "unit")
_SECTION_FIELDS = ("title", "text")
_locks: dict[Path, threading.Lock] = {}
_locks_guard = threading.Lock()


class Conflict(Exception):
    """The file changed since the page loaded it."""

    def __init__(self, current: dict):
        super().__init__("conflict")
        self.current = current


class SectionFile(Struct, frozen=True):
    path: str  # relative to the report folder, with "/"
    department: str


def section_files(root: Path) -> list[SectionFile]:
    """Every section file of the report folder (YAML files with points), in name order."""
    found = []
    for path in sorted(root.rglob("*.yaml")):
        relative = path.relative_to(root)
        if relative.name == REPORT_FILE or any(part.startswith(".") for part in relative.parts) or path.is_symlink():
            continue
        try:
            text = read_source(path).text
        except (DrafterError, OSError):
            continue
        if not re.search(r"^points\s*[:：]", text, re.MULTILINE):
            continue
        match = _DEPARTMENT_LINE.search(text)
        department = match.group(1).strip("\"'") if match else NO_DEPARTMENT
        found.append(SectionFile(relative.as_posix(), department or NO_DEPARTMENT))
    return found


def departments(root: Path) -> dict[str, list[SectionFile]]:
    grouped: dict[str, list[SectionFile]] = {}
    for file in section_files(root):
        grouped.setdefault(file.department, []).append(file)
    return grouped


def form(root: Path, file: SectionFile) -> dict[str, Any]:
    """What the page shows of a file: its data as written, and the hash it was read at."""
    path = root / file.path
    raw = path.read_bytes()
    try:
        data, _, _ = load_yaml(path)
    except DrafterError as exc:
        return {"name": Path(file.path).name, "hash": sha256(raw), "data": None, "error": str(exc)}
    return {"name": Path(file.path).name, "hash": sha256(raw), "data": data, "error": None}


def _merged(old: dict, sent: Any) -> dict:
    """The file's data with only what the page may change taken from `sent`."""
    if not isinstance(sent, dict):
        raise ValueError("data")
    new = dict(old)
    for key in _SECTION_FIELDS:
        _take(new, sent, key)
    old_points = old.get("points") if isinstance(old.get("points"), list) else []
    points = []
    for item in sent.get("points") or []:
        if not isinstance(item, dict):
            raise ValueError("point")
        origin = item.get("from")
        base = dict(old_points[origin]) if isinstance(origin, int) and 0 <= origin < len(old_points) \
            and isinstance(old_points[origin], dict) else {}
        for key in _POINT_FIELDS:
            _take(base, item, key)
        points.append(base)
    new["points"] = points
    old_figures = old.get("figures") if isinstance(old.get("figures"), list) else []
    sent_figures = sent.get("figures") or []
    if old_figures and len(sent_figures) == len(old_figures):
        figures = []
        for before, item in zip(old_figures, sent_figures):
            figure = dict(before) if isinstance(before, dict) else before
            if isinstance(figure, dict) and isinstance(item, dict):
                for key in _FIGURE_FIELDS:
                    _take(figure, item, key)
            figures.append(figure)
        new["figures"] = figures
    return new


def _take(target: dict, sent: dict, key: str) -> None:
    """Copy `key` from what the page sent: a text, a number, a list of texts; absent or empty removes it."""
    value = sent.get(key)
    if isinstance(value, str):
        value = value.strip() or None
    elif isinstance(value, list):
        value = [str(v).strip() for v in value if str(v).strip()] or None
    elif value is not None and not isinstance(value, (int, float)) or isinstance(value, bool):
        raise ValueError(key)
    if value is None:
        target.pop(key, None)
    else:
        target[key] = value


def _changes(root: Path, file: SectionFile, sent: Any) -> tuple[bytes, str, list]:
    path = root / file.path
    raw = path.read_bytes()
    data, _, _ = load_yaml(path)
    new = _merged(data if isinstance(data, dict) else {}, sent)
    return raw, read_source(path).text, between(data, new)


def preview_and_messages(root: Path, file: SectionFile, sent: Any) -> dict[str, Any]:
    """Check the page's data as `drafter check` would, in a scratch copy of the report folder:
    the messages placed by field, and the section as it will print."""
    _, text, changes = _changes(root, file, sent)
    with tempfile.TemporaryDirectory(prefix="drafter-form-") as temp:
        scratch = Path(temp) / root.name
        shutil.copytree(root, scratch, ignore=shutil.ignore_patterns(".drafter", ".*", "~$*"), symlinks=True)
        target = scratch / file.path
        source = read_source(root / file.path)
        target.write_bytes(edit_text(text, changes).encode(source.encoding))
        result = check(scratch)
        where = read_yaml(target).source_map  # read once, as far as it goes, for every message of the file
        messages = [_placed(problem, where) for problem in result.problems if _concerns(problem, target)]
        others = sum(1 for problem in result.problems if not _concerns(problem, target)
                     and not isinstance(problem, DrafterWarning))
        blocks = []
        if result.sources is not None and not result.errors:  # a report with errors cannot be laid out
            sections = [s for part in result.sources.report.parts for s in part.sections
                        if s.position and s.position.path.resolve() == target.resolve()]
            for section in sections:
                blocks += [{"style": b.style, "runs": [{"text": r.text, "kind": r.kind} for r in b.runs]}
                           for b in section_blocks(result.sources.report, section)]
    return {"messages": messages, "preview": blocks, "other_errors": others}


def _concerns(problem: DrafterError, target: Path) -> bool:
    return problem.position is not None and problem.position.path.resolve() == target.resolve()


def _placed(problem: DrafterError, source_map: SourceMap) -> dict[str, Any]:
    """A problem with the form field it belongs to: the last value starting at or before it."""
    field = ""
    position = problem.position
    if position and position.line:
        at = (position.line, position.column or 0)
        starts = [((where.line, where.column or 0), path) for path, where in source_map.values.items()
                  if where.line is not None and (where.line, where.column or 0) <= at]
        if starts:
            field = ".".join(str(step) for step in max(starts, key=lambda start: start[0])[1])
    return {"field": field, "level": problem.level, "message": problem.message, "hint": problem.hint or "",
            "line": position.line if position else None}


def _lock(path: Path) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(path.resolve(), threading.Lock())


def save(root: Path, file: SectionFile, base_hash: str, sent: Any, author: str,
         pause=None) -> dict[str, Any]:
    """Write what the page sent through the editor (recorded in the history), unless the file
    changed since the page loaded it (Conflict)."""
    path = root / file.path
    with _lock(path):
        raw, text, changes = _changes(root, file, sent)
        if sha256(raw) != base_hash:
            raise Conflict(form(root, file))
        if pause is not None:  # tests stop a save here, before anything is written
            pause.wait()
        if not changes:
            return {"hash": base_hash, "changed": False}
        changeset.apply(root, {file.path: changes}, command=f"网页填写：{author}")
        return {"hash": sha256(path.read_bytes()), "changed": True}


def versions(root: Path, file: SectionFile) -> list[dict[str, Any]]:
    """Earlier versions of a file, newest first: every change set of the history that wrote it."""
    found = []
    for entry in history.entries(root):
        for change in entry.files:
            if change.path == file.path and change.before is not None:
                found.append({"id": entry.id, "time": entry.time.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                              "command": entry.command, "undone": entry.undone})
    return found[::-1]


def restore(root: Path, file: SectionFile, entry_id: str, author: str) -> None:
    """Bring back the file as it was before change set `entry_id`, as a new change set of its own."""
    for entry in history.entries(root):
        if entry.id != entry_id:
            continue
        for change in entry.files:
            if change.path == file.path and change.before is not None:
                path = root / file.path
                with _lock(path):
                    with tempfile.TemporaryDirectory() as temp:
                        old = Path(temp) / Path(file.path).name
                        old.write_bytes(change.before)
                        wanted, _, _ = load_yaml(old)
                    current, _, _ = load_yaml(path)
                    changes = between(current, wanted)
                    if changes:
                        changeset.apply(root, {file.path: changes}, command=f"网页恢复：{author}")
                return
    raise KeyError(entry_id)
