"""drafter publish: the report as it leaves the office.

Refused while anything is still to fill or wrong.  Writes the final .docx (no
comments, highlights, fingerprint), a PDF, and for the website's editor a
clean HTML fragment and plain text: headings and paragraphs, full-width
punctuation, nothing of Word's styling.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from html import escape
from pathlib import Path

from ..checks.check import check
from ..errors import DrafterError, DrafterWarning, SourceErrors
from ..files import atomic_write, require_empty
from ..layout.blocks import Block, paragraphs, title_text
from ..model import structure
from ..model.report import Report
from ..writers.docx.builtin import builtin_template
from ..writers.docx.render import load_template
from ..writers.pdf import convert

# Lint findings that mean the report is not finished.
_UNFINISHED = ("还有待填写的内容", "还没有填写今年的数值", "还没有填写成文日期")
_REQUIRED = {
    structure.ACHIEVEMENTS: "推进法治政府建设的主要举措和成效",
    structure.DUTY: "党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
    structure.PROBLEMS: "推进法治政府建设存在的不足和原因",
    structure.PLANS: "下一年度推进法治政府建设的主要安排",
}


@dataclass
class Published:
    files: list[Path]
    warnings: list[DrafterWarning]


def regulation_warnings(report: Report) -> list[DrafterWarning]:
    """What 《法治政府建设与责任落实督察工作规定》 asks that the report lacks."""
    warnings = []
    kinds = {structure.kind_of(part.title) for part in report.parts}
    for kind, title in _REQUIRED.items():
        if kind not in kinds:
            warnings.append(DrafterWarning(
                f"缺少《法治政府建设与责任落实督察工作规定》要求的部分：“{title}”", position=report.position,
                hint="按规定补上这一部分（drafter next --five-part 可生成五部分结构）",
            ))
    deadline = datetime.date(report.year + 1, 4, 1)
    if report.date and report.date > deadline:
        warnings.append(DrafterWarning(
            f"成文日期 {report.date.year}年{report.date.month}月{report.date.day}日 晚于规定的公开期限"
            f"（{report.year + 1}年4月1日前）", position=report.position, hint="确认日期是否写对",
        ))
    return warnings


def _imprint_lines(block: Block) -> list[str]:
    """The 版记 as the website shows it, like the red header: its lines as plain paragraphs."""
    organ, date = block.head
    return [run.text for run in block.runs] + [f"{organ}\u3000{date}"]


def to_html(blocks: list[Block]) -> str:
    """A fragment for a website editor: h1/h2/h3 and p, nothing else but right alignment."""
    out = []
    for block in blocks:
        if block.style == "imprint":
            out += [f"<p>{escape(line)}</p>" for line in _imprint_lines(block)]
            continue
        text = escape("".join(r.text if r.kind != "break" else "" for r in block.runs).strip("\u3000\u2002 "))
        if block.style == "table":
            rows = [block.head, *block.rows]
            cells = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
            out.append(f"<table>{cells}</table>")
        elif not text:
            continue
        elif block.style == "title":
            out.append(f"<h1>{text}</h1>")
        elif block.style in ("heading1", "attachment-label"):
            out.append(f"<h2>{text}</h2>")
        elif block.style == "heading2":
            out.append(f"<h3>{text}</h3>")
        elif block.style == "section" and block.runs and block.runs[0].kind == "heading":
            lead = escape(block.runs[0].text)
            rest = escape("".join(r.text for r in block.runs[1:]))
            out.append(f"<p><strong>{lead}</strong>{rest}</p>")
        elif block.style in ("signature", "date"):
            out.append(f'<p style="text-align: right">{text}</p>')
        else:
            out.append(f"<p>{text}</p>")
    return "\n".join(out) + "\n"


def to_text(blocks: list[Block]) -> str:
    """Plain text: one paragraph a line, a blank line between, as website editors take it."""
    lines = []
    for block in blocks:
        if block.style == "table":
            lines += ["\t".join(row) for row in [block.head, *block.rows]]
            continue
        if block.style == "imprint":
            lines += _imprint_lines(block)
            continue
        text = "".join(r.text for r in block.runs if r.kind != "break").strip("\u3000\u2002 ")
        if text:
            lines.append(text)
    return "\n\n".join(lines) + "\n"


def publish(source: Path | str, dest: Path | str, pdf: bool = True) -> Published:
    dest = Path(dest)
    require_empty(dest)
    result = check(source)
    unfinished = [w for w in result.warnings if any(mark in w.message for mark in _UNFINISHED)]
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
