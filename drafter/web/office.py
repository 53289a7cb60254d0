"""What the office's page shows: `drafter status` live, every problem, who has submitted."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from ..checks.check import check
from ..commands.status import SUBMITTED, submissions
from ..commands.status import status as file_status
from ..files import atomic_write, drafter_folder
from ..layout.blocks import title_text
from . import sections


def title(root: Path) -> str:
    result = check(root)
    return title_text(result.sources.report) if result.sources else root.name


def submitted(root: Path) -> dict[str, str]:
    """Departments whose every file was submitted through the form, with the latest time."""
    done = submissions(root) or {}
    found = {}
    for department, files in sections.departments(root).items():
        times = [done.get(file.path) for file in files]
        if times and all(times):
            found[department] = max(times).strftime("%Y-%m-%d %H:%M")
    return found


def submit(root: Path, department: str) -> None:
    """Mark a department's files submitted (`drafter status` then counts them as handed in)."""
    done = {name: when.isoformat(timespec="seconds") for name, when in (submissions(root) or {}).items()}
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    for file in sections.departments(root).get(department, []):
        done[file.path] = now
    drafter_folder(root)
    atomic_write(root / SUBMITTED, json.dumps(done, ensure_ascii=False, indent=1).encode("utf-8"))


def status(root: Path) -> list[dict[str, Any]]:
    """`drafter status`, one row per file, as the page shows it."""
    return [row.as_json() | {"modified": row.modified.strftime("%m-%d %H:%M")} for row in file_status(root)]


def check_all(root: Path) -> list[str]:
    """Every problem of the report, as `drafter check` prints it (paths from the report folder)."""
    prefix = f"{root}{os.sep}"
    return [str(problem).replace(prefix, "", 1) for problem in check(root).problems]
