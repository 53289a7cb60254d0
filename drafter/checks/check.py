"""drafter check: every problem of a report's sources, at once.

`build` runs the same checks first and writes nothing while errors remain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DrafterError, DrafterWarning, Fix, SourceErrors
from ..files import atomic_write
from ..readers.sources import KEYS, Sources, load
from ..readers.yamlsource import SourceText, parse, read_source
from .lint import lint


@dataclass
class CheckResult:
    sources: Sources | None
    problems: list[DrafterError] = field(default_factory=list)

    @property
    def errors(self) -> list[DrafterError]:
        return [p for p in self.problems if not isinstance(p, DrafterWarning)]

    @property
    def warnings(self) -> list[DrafterWarning]:
        return [p for p in self.problems if isinstance(p, DrafterWarning)]


def check(source: Path | str) -> CheckResult:
    """Load and lint `source`; problems are collected, never raised."""
    try:
        sources = load(source)
    except SourceErrors as exc:
        return CheckResult(None, exc.errors)
    except DrafterError as exc:
        return CheckResult(None, [exc])
    return CheckResult(sources, lint(sources))


def apply_fixes(warnings: list[DrafterWarning], root: Path) -> dict[Path, int]:
    """Apply the fixes of `warnings` to the files of the report at `root`, each file backed up first;
    returns fixes per file.  Written by the sources editor, as one change set `drafter undo` can take back."""
    from ..writers.changes import between
    from ..writers.changeset import apply

    by_file: dict[Path, list[Fix]] = {}
    for warning in warnings:
        if warning.fix:
            by_file.setdefault(warning.fix.path, []).append(warning.fix)
    edits = {}
    for path, fixes in by_file.items():
        source = read_source(path)
        text = source.text
        for fix in sorted(fixes, key=lambda f: f.offset, reverse=True):
            text = text[: fix.offset] + fix.text + text[fix.offset + fix.length:]
        # The fixed text says what each value becomes; the editor writes just those values.
        edits[path] = between(parse(source, KEYS)[0], parse(SourceText(path, text, source.encoding), KEYS)[0])
        atomic_write(_backup_name(path), path.read_bytes())
    apply(root, edits, "fix")
    return {path: len(fixes) for path, fixes in by_file.items()}


def _backup_name(path: Path) -> Path:
    """report.yaml → report.yaml.bak, or .bak2, .bak3 … when older backups exist."""
    candidate, n = path.with_name(path.name + ".bak"), 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.bak{n}")
    return candidate


def check_one(source: Path) -> tuple[None, list[DrafterError]]:
    """One unit of a batch check: all its problems, errors first."""
    result = check(source)
    if result.errors:
        raise SourceErrors(result.problems)
    return None, result.problems
