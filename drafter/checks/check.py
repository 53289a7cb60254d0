"""drafter check: every problem of a report's sources, at once.

`build` runs the same checks first and writes nothing while errors remain.
"""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct, field

from ..errors import DrafterError, DrafterWarning, SourceErrors
from ..readers.sources import Sources, gather
from .imported import imported_warnings
from .lint import lint


class CheckResult(Struct):
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


def check_one(source: Path) -> tuple[None, list[DrafterError]]:
    """One unit of a batch check: all its problems, errors first."""
    result = check(source)
    if result.errors:
        raise SourceErrors(result.problems)
    return None, result.problems
