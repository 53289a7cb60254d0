"""What the office's page shows: who is done, every problem, who has submitted."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from ..checks.check import check
from ..errors import UNFINISHED, DrafterError, DrafterWarning
from ..files import atomic_write, drafter_folder
from ..layout.blocks import title_text
from ..model.placeholders import TODO_MARK
from ..readers.yamlsource import load_yaml
from . import sections

_SUBMITTED = "submitted.json"


def title(root: Path) -> str:
    result = check(root)
    return title_text(result.sources.report) if result.sources else root.name


def submitted(root: Path) -> dict[str, str]:
    """Departments that pressed "提交", with when (kept outside the printed sources)."""
    path = drafter_folder(root) / _SUBMITTED
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def submit(root: Path, department: str) -> None:
    flags = submitted(root) | {department: datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")}
    atomic_write(drafter_folder(root) / _SUBMITTED, json.dumps(flags, ensure_ascii=False, indent=1).encode("utf-8"))


def status(root: Path) -> list[dict[str, Any]]:
    """One row per department: gaps left, values missing, errors, warnings, last change, submitted."""
    result = check(root)
    flags = submitted(root)
    rows = []
    for department, files in sections.departments(root).items():
        paths = {(root / f.path).resolve() for f in files}
        mine = [p for p in result.problems if p.position and p.position.path.resolve() in paths]
        gaps = sum(len(TODO_MARK.findall((root / f.path).read_text(encoding="utf-8", errors="replace"))) for f in files)
        rows.append({
            "department": department,
            "files": [Path(f.path).name for f in files],
            "gaps": gaps,
            "missing": sum(_missing_values(root / f.path) for f in files),
            "errors": sum(1 for p in mine if not isinstance(p, DrafterWarning)),
            "warnings": sum(1 for p in mine if isinstance(p, DrafterWarning) and p.kind != UNFINISHED),
            "modified": datetime.fromtimestamp(max((root / f.path).stat().st_mtime for f in files)).strftime("%m-%d %H:%M"),
            "submitted": flags.get(department, ""),
        })
    return rows


def _missing_values(path: Path) -> int:
    """Figures of a file with neither a value nor a rate to compute it from."""
    try:
        data, _, _ = load_yaml(path)
    except DrafterError:
        return 0
    figures = data.get("figures") if isinstance(data, dict) else None
    return sum(1 for f in figures or [] if isinstance(f, dict) and f.get("value") is None and not f.get("rate"))


def check_all(root: Path) -> list[str]:
    """Every problem of the report, as `drafter check` prints it (paths from the report folder)."""
    prefix = f"{root}{os.sep}"
    return [str(problem).replace(prefix, "", 1) for problem in check(root).problems]
