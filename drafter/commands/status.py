"""drafter status: who still owes what, one line per file of a report folder.

Counts come from `check`, by the kind of each problem (never its wording): gaps
left to fill (【待填写】, titles carried over, parts to review, plans to assign),
figures without this year's value, errors and other warnings.

A file is done when none of those is left but warnings.  Once departments
submit through the form, it also has to be submitted: the form records each
submission in `.drafter/submitted.json` ({"sections/02-制度体系.yaml":
"2024-01-10T09:30:00+08:00", …}), outside the printed sources.  Without that
file, nobody is asked to submit.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

from msgspec import Struct

from ..checks.check import check
from ..errors import (
    NO_VALUE,
    NOT_FINISHED,
    SKIPPED,
    DrafterError,
    DrafterWarning,
    Position,
)
from ..patterns import lazy
from ..readers.sources import REPORT_FILE
from ..readers.yamlsource import read_source

SUBMITTED = Path(".drafter") / "submitted.json"
REPORT_ROW = "报告总体"  # the department column of report.yaml: the office's own file
_DEPARTMENT = lazy(r"^department\s*[:：]\s*[\"']?(?P<name>[^\"'#\r\n]+?)[\"']?\s*(?:#.*)?$", re.MULTILINE)


class FileStatus(Struct):
    department: str
    file: str  # relative to the report folder, with "/"
    gaps: int
    missing: int  # figures without this year's value
    errors: int
    warnings: int
    modified: datetime.datetime
    submitted: datetime.datetime | None = None
    needs_submission: bool = False  # the form is in use: the file counts as done only once submitted

    @property
    def done(self) -> bool:
        return not (self.gaps or self.missing or self.errors) and (self.submitted is not None or not self.needs_submission)

    def as_json(self) -> dict:
        return {
            "department": self.department, "file": self.file, "gaps": self.gaps, "missing_values": self.missing,
            "errors": self.errors, "warnings": self.warnings, "modified": self.modified.isoformat(timespec="seconds"),
            "submitted": self.submitted.isoformat(timespec="seconds") if self.submitted else None, "done": self.done,
        }


def status(folder: Path | str) -> list[FileStatus]:
    """One FileStatus per file of the report folder: report.yaml first, then the others by name."""
    folder = Path(folder)
    if not (folder / REPORT_FILE).is_file():
        raise DrafterError(f"文件夹中没有 {REPORT_FILE}", position=Position(folder),
                           hint="drafter status 后面写报告资料文件夹，如 drafter status reports/2022")
    result = check(folder)
    sources = result.sources
    main = (folder / REPORT_FILE).resolve()
    files = {main}
    departments: dict[Path, str] = {}
    if sources is not None:
        files |= {path.resolve() for path in sources.included}
        for part in sources.report.parts:
            for section in part.sections:
                if section.position and section.department:
                    departments.setdefault(section.position.path.resolve(), section.department)
    counts: dict[Path, list[int]] = {}
    for problem in result.problems:
        if problem.kind == SKIPPED:
            continue
        path = problem.position.path.resolve() if problem.position else main
        files.add(path)
        row = counts.setdefault(path, [0, 0, 0, 0])
        if not isinstance(problem, DrafterWarning):
            row[2] += 1
        elif problem.kind == NO_VALUE:
            row[1] += 1
        elif problem.kind in NOT_FINISHED:
            row[0] += 1
        else:
            row[3] += 1
    submitted = submissions(folder)
    rows = []
    for path in sorted(files, key=lambda p: (p != main, p.as_posix())):
        name = path.relative_to(folder.resolve()).as_posix() if path.is_relative_to(folder.resolve()) else path.name
        row = counts.get(path, [0, 0, 0, 0])
        department = REPORT_ROW if path == main else departments.get(path) or _department_written(path)
        modified = datetime.datetime.fromtimestamp(path.stat().st_mtime) if path.exists() else datetime.datetime.min
        rows.append(FileStatus(department, name, *row, modified,
                               submitted=(submitted or {}).get(name), needs_submission=submitted is not None and path != main))
    return rows


def _department_written(path: Path) -> str:
    """The department a file names, read from its text: for a file that cannot be loaded."""
    try:
        match = _DEPARTMENT.search(read_source(path).text)
    except DrafterError:
        return ""
    return match.group("name").strip() if match else ""


def submissions(folder: Path) -> dict[str, datetime.datetime] | None:
    """When each file was submitted through the form, or None when the form is not in use."""
    path = folder / SUBMITTED
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(name): datetime.datetime.fromisoformat(when) for name, when in data.items()}
    except (ValueError, AttributeError, TypeError):
        raise DrafterError("提交记录无法读取", position=Position(path),
                           hint="该文件由网页填写自动生成；若被改坏，可删除它（各科室需重新提交）") from None
