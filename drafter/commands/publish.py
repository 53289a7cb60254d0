"""drafter publish: the report as it leaves the office.

Refused while anything is still to fill or wrong.  Writes the final .docx (no
comments, highlights, fingerprint), a PDF, and for the website's editor a
clean HTML fragment and plain text: headings and paragraphs, full-width
punctuation, nothing of Word's styling.
"""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct

from ..checks.check import check
from ..checks.regulation import regulation_warnings
from ..errors import NOT_FINISHED, DrafterError, DrafterWarning, Position, SourceErrors
from ..files import atomic_write, path_warnings, require_empty, safe_name
from ..layout.blocks import paragraphs, title_text
from ..writers.docx.builtin import builtin_template
from ..writers.docx.render import load_template
from ..writers.pdf import convert
from ..writers.web import to_html, to_text


class Published(Struct):
    files: list[Path]
    warnings: list[DrafterWarning]


def publish(source: Path | str, dest: Path | str, pdf: bool = True) -> Published:
    dest = Path(dest)
    require_empty(dest)
    result = check(source)
    unfinished = [w for w in result.warnings if w.kind in NOT_FINISHED]
    if result.errors or unfinished:
        blocking = result.errors + [DrafterError(w.message, position=w.position, hint=w.hint) for w in unfinished]
        raise SourceErrors(blocking)
    report = result.sources.report
    warnings = [w for w in result.warnings if w not in unfinished] + regulation_warnings(report)
    dest.mkdir(exist_ok=True)
    require_empty(dest)  # again: nothing may have come in while the report was checked
    stem = safe_name(title_text(report))
    blocks = paragraphs(report)
    files = [dest / f"{stem}.docx", dest / f"{stem}.html", dest / f"{stem}.txt"]
    contents = [load_template(builtin_template(report.fonts)).render(report, final=True),
                to_html(blocks).encode("utf-8"), to_text(blocks).encode("utf-8")]
    try:
        for path, data in zip(files, contents):
            atomic_write(path, data, replace=False)
    except FileExistsError as exc:
        raise DrafterError("发布文件夹中已有同名文件，没有覆盖它", position=Position(Path(exc.filename or dest)),
                           hint="换一个新的（不存在或空的）发布文件夹") from None
    if pdf:
        files += convert([files[0]], dest, archive=True, replace=False)
    return Published(files, warnings + path_warnings(files))
