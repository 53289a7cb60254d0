"""A source file carried into next year's folder with its comments, `$schema` line, encoding and line endings.

`next` writes each file afresh (`yamlwriter`); this turns last year's file
into that content through the editor instead, so what a department wrote
around its values stays.  Only drafter's own generated comments (the header
naming the section and its department, the note on 【待填写】) are replaced
by the fresh file's.  If the old file cannot be edited into the new content,
the fresh file stands.
"""

from __future__ import annotations

import re
from string import Formatter

from ..errors import DrafterError
from ..patterns import LINE_BREAK, lazy
from ..readers.sources import KEYS
from ..readers.yamlsource import SourceText, parse
from .changes import between
from .edit import edit_text
from .yamltext import same
from .yamlwriter import DATE_NOTE, GAP_NOTE, REPORT_HEADER, SECTION_HEADER


def _patterns(template: str) -> list[re.Pattern]:
    """One pattern per line of a header template, its fields matching anything."""
    return [lazy("".join(re.escape(text) + (".*" if field is not None else "") for text, field, _, _ in Formatter().parse(line))
                 + "$") for line in template.splitlines()]


# Lines drafter generates (and wrote in earlier versions); a header's first line, which is mostly
# fields (the section's label and title, the report's title), is told by its own shape or the line after it.
_GENERATED = [*_patterns(SECTION_HEADER)[1:], *_patterns(GAP_NOTE), *_patterns(REPORT_HEADER)[1:],
              lazy(re.escape(DATE_NOTE) + "$"),
              lazy(r"# 第.{1,12}节：.*$"), lazy(r"# 本文件记录报告的总体信息：.*$"),
              lazy(r"# 文中可用占位符：.*$"),
              lazy(r"#\s*yaml-language-server:\s*\$schema=.*$")]  # the fresh file's points from the new folder
_REPORT_SECOND = lazy(r"# 本文件记录报告的总体信息：.*$")


def _header(lines: list[str]) -> int:
    """How many lines of `lines` are the leading comments (blank lines among them)."""
    n = 0
    while n < len(lines) and (not lines[n].strip() or lines[n].lstrip().startswith("#")):
        n += 1
    return n


def carried(old: SourceText, fresh: str) -> bytes | None:
    """Last year's file (`old`) made to hold `fresh`'s data, or None when that cannot be done safely."""
    try:
        before, _ = parse(old, KEYS)
        wanted, _ = parse(SourceText(old.path, fresh, "utf-8"), KEYS)
        text = edit_text(old.text, between(before, wanted))
    except DrafterError:
        return None
    found = LINE_BREAK.search(old.text)
    newline = found.group(0) if found else "\n"
    rows = LINE_BREAK.split(text)
    head = _header(rows)
    generated = {n for n in range(head) if any(p.match(rows[n]) for p in _GENERATED)}
    generated |= {n - 1 for n in generated if _REPORT_SECOND.match(rows[n]) and n >= 1 and "$schema" not in rows[n - 1]}
    fresh_rows = fresh.split("\n")
    new_header = [row for row in fresh_rows[: _header(fresh_rows)] if row.strip()]
    at = min(generated, default=1 if rows and "$schema" in rows[0] else 0)
    kept = [row for n, row in enumerate(rows) if n not in generated]
    kept[at:at] = new_header
    if DATE_NOTE in fresh_rows and DATE_NOTE not in kept:  # where the date goes, as the fresh file says
        year = next((n for n, row in enumerate(kept) if row.startswith("year:")), None)
        if year is not None:
            kept.insert(year + 1, DATE_NOTE)
    result = newline.join(kept)
    try:
        kept_all = same(parse(SourceText(old.path, result, old.encoding), KEYS)[0], wanted)
        data = old.encode(result)
    except (DrafterError, UnicodeEncodeError):
        return None
    return data if kept_all else None
