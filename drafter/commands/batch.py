"""Many reports in one call: patterns expanded here (Windows shells don't), one
template compiled per worker, all cores used, a progress bar on a terminal
(quiet in pipes and CI), every failure reported at the end."""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DrafterError, Position, SourceErrors

_GLOB = set("*?[")


def expand(patterns: Iterable[str]) -> list[Path]:
    """Paths named by `patterns`, each pattern's matches in name order; Word's ~$ lock files left out."""
    paths: list[Path] = []
    for pattern in patterns:
        if not _GLOB & set(pattern):
            paths.append(Path(pattern))
            continue
        matches = sorted(p for p in glob.glob(pattern) if not Path(p).name.startswith("~$"))
        if not matches:
            raise DrafterError(f"“{pattern}”没有找到任何文件或文件夹", position=Position(Path(pattern)),
                               hint="检查路径；通配符 * 代表任意文字，如 reports/*/")
        paths += [Path(p) for p in matches]
    return list(dict.fromkeys(paths))


@dataclass
class Outcome:
    source: Path
    value: Any = None
    problems: list[DrafterError] = field(default_factory=list)  # errors first, then warnings

    @property
    def failed(self) -> bool:
        return any(p.level != "警告" for p in self.problems)


def _run_one(task: Callable[[Path], tuple[Any, list[DrafterError]]], source: Path) -> Outcome:
    try:
        value, warnings = task(source)
        return Outcome(source, value, warnings)
    except SourceErrors as exc:
        return Outcome(source, None, exc.errors)
    except DrafterError as exc:
        return Outcome(source, None, [exc])


def run(task: Callable[[Path], tuple[Any, list[DrafterError]]], sources: list[Path], label: str) -> list[Outcome]:
    """`task` for every source, in worker processes on every core; results in the sources' order."""
    jobs = min(os.cpu_count() or 1, len(sources))
    progress = _progress(label, len(sources))
    outcomes: list[Outcome] = []
    try:
        if jobs <= 1:
            for source in sources:
                outcomes.append(_run_one(task, source))
                progress.advance()
        else:
            from concurrent.futures import (
                ProcessPoolExecutor,  # only batches pay for multiprocessing
            )

            with ProcessPoolExecutor(max_workers=jobs) as pool:
                for outcome in pool.map(_run_one, [task] * len(sources), sources, chunksize=max(1, len(sources) // (jobs * 4))):
                    outcomes.append(outcome)
                    progress.advance()
    finally:
        progress.close()
    return outcomes


class _Quiet:
    def advance(self) -> None:
        pass

    def close(self) -> None:
        pass


class _Bar:
    def __init__(self, label: str, total: int):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.progress = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                 console=Console(stderr=True), transient=True)
        self.task = self.progress.add_task(label, total=total)
        self.progress.start()

    def advance(self) -> None:
        self.progress.advance(self.task)

    def close(self) -> None:
        self.progress.stop()


def _progress(label: str, total: int):
    """A progress bar for a person at a terminal; nothing in pipes, files and CI."""
    if total > 1 and sys.stderr.isatty() and not os.environ.get("CI"):
        return _Bar(label, total)
    return _Quiet()
