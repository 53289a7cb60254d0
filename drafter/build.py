"""drafter build: sources → a finished .docx on disk."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from .check import check
from .errors import DrafterError, DrafterWarning, Position, SourceErrors
from .package import atomic_write
from .render import builtin_template, load_template
from .view import title_text


def check_writable(output: Path) -> None:
    """Refuse, before any work, an output the user cannot get."""
    folder = output.parent
    if not folder.is_dir():
        raise DrafterError("输出文件夹不存在", position=Position(folder), hint="先建好该文件夹，或换一个输出位置")
    if not os.access(folder, os.W_OK):
        raise DrafterError("没有写入输出文件夹的权限", position=Position(folder), hint="换一个可以写入的文件夹")
    if output.is_dir():
        raise DrafterError("输出位置是一个文件夹", position=Position(output), hint="在 -o 后写文件名，如 报告.docx")


def check_output(output: Path) -> None:
    if output.suffix.lower() != ".docx":
        raise DrafterError("输出文件名应以 .docx 结尾", position=Position(output), hint="例如 -o 2021年度报告.docx")
    check_writable(output)


def build(
    source: Path | str,
    output: Path | str | None = None,
    warn: Callable[[list[DrafterWarning]], None] | None = None,
) -> Path:
    """Build the report at `source` into `output` (written atomically); by default
    "<title>.docx" in the current folder.  Nothing is written while the sources
    have errors; warnings go to `warn`."""
    if output is not None:
        check_output(Path(output))
    result = check(source)
    if result.errors:
        raise SourceErrors(result.problems)
    if warn and result.warnings:
        warn(result.warnings)
    report = result.sources.report
    if output is None:
        output = Path(f"{title_text(report)}.docx")
        check_output(output)
    output = Path(output)
    data = load_template(builtin_template(report.fonts)).render(report)
    try:
        atomic_write(output, data)
    except PermissionError:
        raise DrafterError(
            "无法写入输出文件", position=Position(output), hint="该文件可能正在 Word/WPS 中打开，请先关闭"
        ) from None
    return output
