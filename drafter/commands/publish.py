"""drafter publish: the report as it leaves the office.

Refused while anything is still to fill or wrong.  Writes the final .docx (no
comments, highlights, fingerprint), a PDF, and for the website's editor a
clean HTML fragment and plain text: headings and paragraphs, full-width
punctuation, nothing of Word's styling.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..checks.check import check
from ..checks.regulation import regulation_warnings
from ..errors import UNFINISHED, DrafterError, DrafterWarning, SourceErrors
from ..files import atomic_write, require_empty
from ..layout.blocks import paragraphs, title_text
from ..writers.docx.builtin import builtin_template
from ..writers.docx.render import load_template
from ..writers.pdf import convert
from ..writers.web import to_html, to_text


@dataclass
class Published:
    files: list[Path]
    warnings: list[DrafterWarning]


def publish(source: Path | str, dest: Path | str, pdf: bool = True) -> Published:
    dest = Path(dest)
    require_empty(dest)
    result = check(source)
    unfinished = [w for w in result.warnings if w.kind == UNFINISHED]
    if result.errors or unfinished:
        blocking = result.errors + [DrafterError(w.message, position=w.position, hint=w.hint) for w in unfinished]
        raise SourceErrors(blocking)
    report = result.sources.report
    warnings = [w for w in result.warnings if w not in unfinished] + regulation_warnings(report)
    dest.mkdir(exist_ok=True)
    title = title_text(report)
    blocks = paragraphs(report)
    files = [dest / f"{title}.docx", dest / f"{title}.html", dest / f"{title}.txt"]
    atomic_write(files[0], load_template(builtin_template(report.fonts)).render(report, final=True))
    atomic_write(files[1], to_html(blocks).encode("utf-8"))
    atomic_write(files[2], to_text(blocks).encode("utf-8"))
    if pdf:
        files += convert([files[0]], dest, archive=True)
    return Published(files, warnings)
