"""Many reports in one call: patterns expanded here (Windows shells don't), one
template compiled per worker, all cores used, a progress bar on a terminal
(quiet in pipes and CI), every failure reported at the end."""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import click
from msgspec import Struct, field

from ..errors import DrafterError, Position, SourceErrors
from ..files import distinct_names, safe_name

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


def output_names(sources: list[Path]) -> dict[Path, str]:
    """Each source's output name in a batch: its folder or file name, made safe; where two
    coincide (甲局/2021, 乙局/2021), the folder above joins it (甲局-2021).  A batch whose
    names still coincide is refused before anything is written."""
    stems = [safe_name(source.name if source.is_dir() else source.stem) for source in sources]
    above = [source.resolve().parent.name for source in sources]
    names = distinct_names(stems, [safe_name(f"{parent}-{stem}") for parent, stem in zip(above, stems)])
    seen: dict[str, Path] = {}
    for source, name in zip(sources, names):
        other = seen.setdefault(name.casefold(), source)
        if other is not source:
            raise DrafterError(
                f"“{other}”和“{source}”的输出文件名相同（{name}），一份会覆盖另一份，没有生成任何文件",
                position=Position(source), hint="分两次处理，或把其中一份改名",
            )
    return dict(zip(sources, names))


class Outcome(Struct):
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
    """`task` for every source, in worker processes on every core; results in the sources' order.
    Whatever `task` needs loaded once (a template) is best loaded before: the workers fork with it."""
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

            with ProcessPoolExecutor(max_workers=jobs, initializer=_leave_interrupts_to_the_parent) as pool:
                try:
                    # One report at a time: handing one over costs a fraction of a millisecond, and with
                    # long chunks the last ones leave a worker idle while another finishes its own.
                    for outcome in pool.map(_run_one, [task] * len(sources), sources):
                        outcomes.append(outcome)
                        progress.advance()
                except KeyboardInterrupt:  # the reports not yet started are not started; the running ones finish
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
    finally:
        progress.close()
    return outcomes


def _leave_interrupts_to_the_parent() -> None:
    """Ctrl-C at a terminal reaches every worker too: the parent alone stops the batch, without
    a traceback from each worker (their writes are atomic, so finishing the current one is safe)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _Quiet:
    def advance(self) -> None:
        pass

    def close(self) -> None:
        pass


class _Bar:
    """click's progress bar on stderr, so the messages on stdout stay clean."""

    def __init__(self, label: str, total: int):
        self._stack = ExitStack()
        self.bar = self._stack.enter_context(
            click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True, show_eta=False))

    def advance(self) -> None:
        self.bar.update(1)

    def close(self) -> None:
        self._stack.close()


def _progress(label: str, total: int):
    """A progress bar for a person at a terminal; nothing in pipes, files and CI."""
    if total > 1 and sys.stderr.isatty() and not os.environ.get("CI"):
        return _Bar(label, total)
    return _Quiet()
