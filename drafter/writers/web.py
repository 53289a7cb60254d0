"""The report for a government website's editor: a clean HTML fragment and plain text.

Headings and paragraphs with full-width punctuation, nothing of Word's
styling; the red header and the 版记 as plain paragraphs.
"""

from __future__ import annotations

from html import escape

from ..layout.blocks import Block


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
        elif block.style in ("section", "section-keep") and block.runs and block.runs[0].kind == "heading":
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
