"""drafter check: every problem of a report's sources, at once.

`build` runs the same checks first and writes nothing while errors remain.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DrafterError, DrafterWarning, Fix, SourceErrors
from ..files import atomic_write, drafter_folder, inside, safe_name, write_new
from ..readers.sources import Sources, gather
from ..readers.yamlsource import read_source
from .imported import imported_warnings
from .lint import lint


@dataclass
class CheckResult:
    sources: Sources | None  # with errors, only what loaded soundly (see `gather`)
    problems: list[DrafterError] = field(default_factory=list)

    @property
    def errors(self) -> list[DrafterError]:
        return [p for p in self.problems if not isinstance(p, DrafterWarning)]

    @property
    def warnings(self) -> list[DrafterWarning]:
        return [p for p in self.problems if isinstance(p, DrafterWarning)]


def check(source: Path | str) -> CheckResult:
    """Load and lint `source`; problems are collected, never raised.

    Errors never hide warnings: whatever loaded soundly is linted too.  A warning
    in a file with errors carries no fix, since that file was read repaired."""
    try:
        sources, errors = gather(source)
    except DrafterError as exc:
        return CheckResult(None, [exc])
    if sources is None:
        return CheckResult(None, errors)
    warnings = lint(sources) + imported_warnings(sources)
    for warning in warnings:
        if isinstance(warning, DrafterWarning) and warning.fix and warning.fix.path in sources.faulty:
            warning.fix = None
    return CheckResult(sources, errors + warnings)


BACKUPS = "backups"  # under the report's .drafter/ folder


def apply_fixes(warnings: list[DrafterWarning], root: Path) -> dict[Path, tuple[int, Path]]:
    """Apply the fixes of `warnings` in place in the files of the report at `root`, each
    file backed up first into .drafter/backups/; returns per file the fixes and the backup."""
    by_file: dict[Path, list[Fix]] = {}
    for warning in warnings:
        if warning.fix:
            by_file.setdefault(warning.fix.path, []).append(warning.fix)
    done = {}
    for path, fixes in by_file.items():
        relative = inside(root, path).relative_to(root.resolve())
        source = read_source(path)
        text = source.text
        for fix in sorted(fixes, key=lambda f: f.offset, reverse=True):
            text = text[: fix.offset] + fix.text + text[fix.offset + fix.length:]
        folder = drafter_folder(root) / BACKUPS / relative.parent
        folder.mkdir(parents=True, exist_ok=True)
        backup = write_new(path.read_bytes(), _backup_names(folder, relative.name), path.stat().st_mtime_ns)
        atomic_write(path, source.encode(text))
        done[path] = (len(fixes), backup)
    return done


def _backup_names(folder: Path, name: str) -> Iterator[Path]:
    """02-制度体系.yaml → 02-制度体系.yaml.20261201-074005.bak, then ….20261201-074005-2.bak …"""
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    yield folder / f"{safe_name(name)}.{stamp}.bak"
    for n in itertools.count(2):
        yield folder / f"{safe_name(name)}.{stamp}-{n}.bak"


def check_one(source: Path) -> tuple[None, list[DrafterError]]:
    """One unit of a batch check: all its problems, errors first."""
    result = check(source)
    if result.errors:
        raise SourceErrors(result.problems)
    return None, result.problems
