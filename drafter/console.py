"""The build and check of one report as the `drafter` command runs them, and what they print.

Without click: `drafter build` and `drafter check` of one report, the commands
people run most, start without loading it (launch.py); the click commands in
cli/ run the same functions.  Text and colours come out as click.echo and
click.secho print them: colour codes for a terminal, plain text for pipes and
files; on Windows click itself prints them (through colorama).
"""

from __future__ import annotations

import _signal  # signal's C half: signal itself adds enums, whose making costs each start about 1% of a build
import gc
import os
import sys
from pathlib import Path

from .errors import DrafterError

_COLOURS = {"red": 31, "yellow": 33}
INTERRUPTED = "已中断：没有写完的文件已删除，原有的文件没有改动。"


def setup_streams() -> None:
    """A GBK console or pipe must never turn a message into UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(errors="replace")


def settle_memory() -> None:
    """Once the modules are loaded: the garbage collector leaves them alone (gc.freeze) and runs
    its youngest generation less often.  A big report makes many long-lived objects and little
    cyclic garbage, so frequent collections over a growing heap cost time and free nothing.
    Batch workers forked afterwards inherit both, and share the frozen modules' memory."""
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
    gc.enable()  # after a plain launch, which loads the modules without it


def echo(message: str, *, err: bool = False, fg: str | None = None, bold: bool = False, styled: bool = False) -> None:
    """`message` and a newline, as click.echo (or click.secho when `styled`, `fg` or `bold`) prints it."""
    styled = styled or bool(fg) or bold
    if os.name == "nt":
        import click  # colorama's Windows console handling comes with click

        if styled:
            click.secho(message, fg=fg, bold=bold or None, err=err)
        else:
            click.echo(message, err=err)
        return
    stream = sys.stderr if err else sys.stdout
    if styled and _is_terminal(stream):
        codes = (f"\x1b[{_COLOURS[fg]}m" if fg else "") + ("\x1b[1m" if bold else "")
        message = codes + message + "\x1b[0m"
    stream.write(message + "\n")
    stream.flush()


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except Exception:  # a closed or odd stream, as click treats it
        return False


def on_sigterm():
    """SIGTERM unwinds like Ctrl-C; returns the handler it replaced (None outside the main thread),
    for `restore_sigterm`."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum, frame):
        raise KeyboardInterrupt

    return _signal.signal(_signal.SIGTERM, stop)


def restore_sigterm(previous) -> None:
    """Put back the handler `on_sigterm` replaced (nothing when it replaced none)."""
    if previous is not None:
        _signal.signal(_signal.SIGTERM, previous)


def echo_crash(error: BaseException) -> None:
    """A bug: a short report the user can send, not a traceback."""
    from .crash import report

    echo(report(error), fg="red", err=True)


def echo_problems(problems: list[DrafterError]) -> None:
    """Every problem, grouped by file; the count; what to do about unfinished parts."""
    from .diagnostics import (  # reads source lines: only when there is something to show
        UNFINISHED_HINT,
        Formatter,
    )
    from .errors import NOT_FINISHED

    formatter = Formatter()
    for path, found in formatter.by_file(problems):
        echo(f"【{path if path is not None else '报告总体'}】", bold=True, err=True)
        for problem in found:
            echo(formatter.format(problem), fg="yellow" if problem.level == "警告" else "red", err=True)
    errors = sum(problem.level != "警告" for problem in problems)
    warnings = len(problems) - errors
    if len(problems) > 1:
        counts = [f"{n} 处{label}" for n, label in ((errors, "错误"), (warnings, "警告")) if n]
        echo(f"共 {'、'.join(counts)}。", fg="red" if errors else "yellow", err=True)
    if any(problem.kind in NOT_FINISHED for problem in problems):
        echo(UNFINISHED_HINT, err=True, styled=True)


def build_report(source: Path, output: Path | None, *, annotate: bool, force: bool, template: Path | None) -> Path:
    """`drafter build` of one report: problems shown, the file written and named."""
    from .commands.build import build  # the writers: not for `drafter check`

    settle_memory()
    written = build(source, output, warn=echo_problems, annotate=annotate, force=force, notify=echo, template=template)
    echo(f"已生成：{written}")
    return written


def check_report(source: Path, *, strict: bool, fix: bool) -> int:
    """`drafter check` of one report: every problem shown; the exit code."""
    from .checks.check import check

    settle_memory()
    result = check(source)
    if fix and result.sources is not None and result.warnings:
        from .commands.fix import apply_fixes  # the sources editor: only for --fix

        fixed = apply_fixes(result.warnings, result.sources.root)
        for path, (count, backup) in fixed.items():
            echo(f"已改正 {count} 处：{path}（原文件已备份为 {backup}）")
        if fixed:
            result = check(source)
    echo_problems(result.problems)
    if result.errors:
        return 2
    if result.warnings and strict:
        return 1
    if not result.problems:
        echo("检查通过，没有发现问题。")
    return 0
