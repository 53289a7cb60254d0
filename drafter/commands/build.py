"""drafter build: sources → a finished .docx on disk."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ..checks.check import check
from ..errors import DrafterError, DrafterWarning, Position, SourceErrors
from ..files import (
    atomic_write,
    check_writable,
    path_warnings,
    safe_name,
    write_fault,
    write_new,
)
from ..layout.blocks import title_text
from ..writers.docx import fingerprint
from ..writers.docx.builtin import builtin_template
from ..writers.docx.render import Template, load_template, open_template
from ..writers.docx.styles import FONT_SETS


def check_output(output: Path) -> None:
    if output.suffix.lower() != ".docx":
        raise DrafterError("输出文件名应以 .docx 结尾", position=Position(output), hint="例如 -o 2021年度报告.docx")
    check_writable(output)


def check_replaceable(output: Path, force: bool) -> bool:
    """Refuse to replace a file with edits drafter did not make; with `force`,
    say that it must be backed up first."""
    lock = fingerprint.word_lock(output)
    if lock is not None:
        raise DrafterError("该文件正在 Word/WPS 中打开", position=Position(output),
                           hint=f"请先在 Word/WPS 中关闭该文件（{lock.name} 表示它正被打开），再重新生成")
    state = fingerprint.state(output)
    if state in (fingerprint.State.ABSENT, fingerprint.State.UNEDITED):
        return False
    if force:
        return True
    if state is fingerprint.State.EDITED:
        raise DrafterError(
            "该文件在生成之后被修改过（例如审核人员在 Word 中的修改），为了不丢失这些修改，没有覆盖它",
            position=Position(output),
            hint="换一个输出文件名；或加 --force 覆盖，修改过的文件会先另存为带日期的备份",
        )
    raise DrafterError(
        "该文件不是 drafter 生成的，没有覆盖它", position=Position(output),
        hint="换一个输出文件名；或加 --force 覆盖，原文件会先另存为带日期的备份",
    )


def back_up(output: Path) -> Path | None:
    """Keep what is at `output` now under a backup name of its own, unless it is drafter's unedited
    output.  What is read is what is kept: a concurrent run replacing the file in between
    costs at most a needless backup, never the reviewer's edits."""
    try:
        with open(output, "rb") as handle:  # bytes and date of one file, even if it is replaced meanwhile
            data, saved = handle.read(), os.fstat(handle.fileno()).st_mtime_ns
    except FileNotFoundError:
        return None
    if fingerprint.state_of(data) is fingerprint.State.UNEDITED:
        return None
    return write_new(data, fingerprint.backup_names(output, saved / 1e9), saved)


def template_for(path: Path | str | None, fonts: str) -> Template:
    """The built-in template for the report's fonts, or an office's own, checked first."""
    if path is None:
        return load_template(builtin_template(fonts))
    return open_template(Path(path).resolve())


def load_templates(template: Path | str | None = None) -> None:
    """Every template a batch may use, loaded (an office's own also checked) once in this process,
    so that worker processes forked from it start with them."""
    if template is not None:
        template_for(template, "")
        return
    for fonts in FONT_SETS:
        template_for(None, fonts)


def build(
    source: Path | str,
    output: Path | str | None = None,
    warn: Callable[[list[DrafterWarning]], None] | None = None,
    *,
    annotate: bool = False,
    force: bool = False,
    notify: Callable[[str], None] | None = None,
    template: Path | str | None = None,
) -> Path:
    """Build the report at `source` into `output` (written atomically); by default
    "<title>.docx" in the current folder.  Nothing is written while the sources
    have errors; warnings go to `warn`.  An existing output edited since drafter
    wrote it (or not drafter's) is kept, unless `force`, which backs it up first."""
    if output is not None:
        check_output(Path(output))
    result = check(source)
    if result.errors:
        raise SourceErrors(result.problems)
    if warn and result.warnings:
        warn(result.warnings)
    sources = result.sources  # kept: the source map `drafter merge` reads is made from their positions
    sources.keep_for_map()
    report = sources.report
    del result
    if output is None:
        output = Path(f"{safe_name(title_text(report))}.docx")
        check_output(output)
    output = Path(output)
    long = path_warnings([output])
    if warn and long:
        warn(long)
    needs_backup = check_replaceable(output, force)
    data = template_for(template, report.fonts).render(report, annotate=annotate, sources=sources)
    try:
        backup = back_up(output) if needs_backup else None
        if backup is not None and notify:
            notify(f"原文件已另存为：{backup}")
        atomic_write(output, data)
    except OSError as exc:  # reading the file to back up (atomic_write says its own faults)
        raise write_fault(output, exc, "读取") from None
    return output


def build_into(source: Path, folder: Path, names: dict[Path, str], annotate: bool = False, force: bool = False,
               template: Path | None = None) -> tuple[Path, list[DrafterWarning]]:
    """One unit of a batch: `source` built into `folder` under the name the batch gave it."""
    warnings: list[DrafterWarning] = []
    output = build(source, folder / f"{names[source]}.docx", warn=warnings.extend, annotate=annotate, force=force,
                   template=template)
    return output, warnings
