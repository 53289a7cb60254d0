"""Where the body ends: the document's paragraphs laid on the GB/T 9704 grid, page by page.

A .docx cannot ask Word whether the 版记 fits below the body's last line, so the renderer
decides from this estimate how to write it (GB/T 9704 §7.4: on the last page, an even one;
§7.5: that page numbered unless a blank page precedes it):

- SAME_PAGE: the body ends on an even page with room below: the 版记 at that page's foot;
- NEXT_PAGE: the body ends on an odd page: the 版记 on the next (even) page, numbered;
- AFTER_BLANK: the body ends on an even page without room: a blank page, then the 版记,
  neither numbered.

Every paragraph takes whole lines of 579 twips (the exact line spacing of every style);
lines are broken as LibreOffice and Word break them with punctuation kept off a line's start.
Where the estimate could be a line out (a nearly full last line, Latin text, a table) it
says so, and the caller picks a construct that holds either way.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from msgspec import Struct

from ..patterns import lazy
from .gbt9704 import (
    CHARS_PER_LINE,
    IMPRINT_GAP_LINES,
    IMPRINT_HANGING,
    IMPRINT_INDENT,
    IMPRINT_SIZE,
    LINE_PITCH,
    MASTHEAD_SIZES,
    MASTHEAD_TOP,
    RULE_GAP_PT,
    RULE_WIDTH,
    TEXT_HEIGHT,
    TEXT_WIDTH,
    TITLE_LINE_CHARS,
)

if TYPE_CHECKING:
    from .blocks import Block

SAME_PAGE, NEXT_PAGE, AFTER_BLANK = "same-page", "next-page", "after-blank"

# Characters that may not start a line, and that may not end one (GB/T 15834 usage).
_CLOSING = set("，。、；：？！”’）》」』】〕…—·%")
_OPENING = set("“‘（《「『【〔")
# A number or Latin word is never split across lines.
_UNBREAKABLE = lazy(r"[0-9A-Za-z][0-9A-Za-z.,%]*|.", re.DOTALL)
_INDENTED = {"body", "section", "body-keep", "section-keep", "heading1", "heading2"}
_KEEP_NEXT = {"heading1", "heading2", "signature"}  # keepNext in their styles
_RULE_TWIPS = RULE_GAP_PT * 20 + RULE_WIDTH * 20 // 8  # the red rule under the 发文字号 (7.2.7)


def _width(token: str) -> float:
    return sum(0.5 if ord(ch) < 0x80 or ch == "\u2002" else 1 for ch in token)


def line_count(text: str, chars: float = CHARS_PER_LINE, indent: float = 2) -> tuple[int, bool]:
    """Lines a paragraph of `text` takes with `chars` characters a line, its first line
    indented `indent` characters, and whether that could be one out (its last line nearly
    full, or proportional Latin letters in it)."""
    tokens = _UNBREAKABLE.findall(text)
    lines, start, fill, capacity = 1, 0, 0.0, chars - indent
    i = 0
    while i < len(tokens):
        size = _width(tokens[i])
        if fill + size <= capacity + 1e-9 or i == start:
            fill += size
            i += 1
            continue
        # tokens[i] starts the next line; a closing mark takes the character before it along,
        # and an opening mark never ends a line
        k = i
        while k > start + 1 and tokens[k][0] in _CLOSING:
            k -= 1
        while k > start + 1 and tokens[k - 1][-1] in _OPENING:
            k -= 1
        lines, start, fill, capacity, i = lines + 1, k, 0.0, chars, k
    unsure = fill > capacity - 1 or bool(re.search("[A-Za-z]", text))
    return lines, unsure


class _Para(Struct):
    twips: int  # height
    lines: int  # of it, lines that may break across pages (0: it never breaks)
    keep_next: bool = False
    page_break: bool = False
    unsure: bool = False
    keep_group: bool = False  # the body's last paragraph kept with the 落款 (7.3.5.5)


def _paragraph(block: Block) -> _Para | None:
    style = block.style
    if style == "table" or style == "imprint":
        return None
    if style.startswith("masthead"):
        size = MASTHEAD_SIZES[style][0]
        # its 84 pt glyphs sit on the grid a fraction of a line differently in each engine (measured)
        return _Para(MASTHEAD_TOP + size * 10, 0, unsure=True)
    if style == "title":
        counts = [line_count(line, TITLE_LINE_CHARS, 0) for line in block.text.split("\n")]
        lines = sum(n for n, _ in counts)
        return _Para(lines * LINE_PITCH, 0, unsure=any(u for _, u in counts))
    lines, unsure = line_count(block.text, CHARS_PER_LINE, 2 if style in _INDENTED else 0)
    extra = _RULE_TWIPS if style.startswith("number") else 0
    return _Para(lines * LINE_PITCH + extra, lines, keep_next=style in _KEEP_NEXT,
                 page_break=style == "attachment-label", unsure=unsure,
                 keep_group=style in ("body-keep", "section-keep"))


class BodyEnd(Struct, frozen=True):
    page: int  # the page the body's last line is on, from 1
    used: int  # twips of that page's text area the body takes
    # the body's last paragraph broke across pages to stay with the 落款: where Word and
    # LibreOffice break it differs (7.3.5.5; LibreOffice moves all it can, measured)
    unsure: bool = False


def _lay(paras: list[_Para], shift: int) -> BodyEnd:
    """Fill pages with `paras`, with `shift` lines more (or fewer) than estimated spread over
    the uncertain paragraphs."""
    extra = [0] * len(paras)
    uncertain = [i for i, p in enumerate(paras) if p.unsure]
    for n in range(abs(shift) if uncertain else 0):
        extra[uncertain[n * len(uncertain) // abs(shift)]] += 1 if shift > 0 else -1
    lines_per_page = TEXT_HEIGHT // LINE_PITCH
    heights = [max(LINE_PITCH, p.twips + e * LINE_PITCH) for p, e in zip(paras, extra)]
    page, y, unsure = 1, 0, False
    for i, para in enumerate(paras):
        height = heights[i]
        if para.page_break and y:
            page, y = page + 1, 0
        # keepNext: with the next paragraph's first line; the 署名 lines and the body's last
        # paragraph with all of the 落款 down to the date (LibreOffice moves that paragraph whole)
        breaks = para.lines > 1 and not (para.keep_next or para.keep_group)
        need, j = LINE_PITCH if breaks else height, i
        while j + 1 < len(paras) and (paras[j].keep_next or paras[j].keep_group):
            j += 1
            whole = paras[j].keep_next or paras[i].keep_group or not paras[j].lines
            need += heights[j] if whole else LINE_PITCH
        if y and y + need > TEXT_HEIGHT and need <= TEXT_HEIGHT:
            page, y = page + 1, 0
        if y + height <= TEXT_HEIGHT:
            y += height
        elif para.lines <= 1:
            page, y = page + 1, height
        else:  # whole lines on this page, the rest on the next page(s)
            rest = height // LINE_PITCH - (TEXT_HEIGHT - y) // LINE_PITCH
            page += 1 + (rest - 1) // lines_per_page
            y = ((rest - 1) % lines_per_page + 1) * LINE_PITCH
            unsure = unsure or para.keep_group
            if para.keep_group and y + need - height > TEXT_HEIGHT:  # its last lines go with the 落款
                page, y = page + 1, 2 * LINE_PITCH
    return BodyEnd(page, y, unsure)


def imprint_lines(block: Block) -> int:
    """Lines of the 版记 (§7.4): the 抄送 line(s) under their hanging indent, and 印发."""
    if not block.runs:
        return 1
    chars = (TEXT_WIDTH - 2 * IMPRINT_INDENT) / (IMPRINT_SIZE * 10)
    hanging = IMPRINT_HANGING / (IMPRINT_SIZE * 10)
    first = line_count(block.text, chars - hanging, -hanging)[0]
    return first + 1


def placement(end: BodyEnd, imprint: int) -> str:
    """Where a 版记 of `imprint` lines goes after a body ending at `end`."""
    if end.page % 2:
        return NEXT_PAGE
    free = (TEXT_HEIGHT - end.used) // LINE_PITCH
    return SAME_PAGE if free >= imprint + IMPRINT_GAP_LINES else AFTER_BLANK


def estimate(blocks: list[Block], shift: int = 0) -> BodyEnd | None:
    """Where the body (everything before the 版记) ends, or None when it cannot be told (a table)."""
    paras = [_paragraph(b) for b in blocks if b.style != "imprint"]
    if any(p is None for p in paras):
        return None
    return _lay(paras, shift)


def imprint_placement(blocks: list[Block]) -> str:
    """The 版记's placement for the document `blocks`, erring to a construct that holds either
    way: SAME_PAGE only when the estimate is sure of it; otherwise the page after the body's
    (the renderer's even-page section), numbered when the body most likely ends on an odd page."""
    imprint = next(b for b in blocks if b.style == "imprint")
    ends = [estimate(blocks, shift) for shift in _shifts(blocks)]
    if any(end is None for end in ends):
        return AFTER_BLANK
    found = {placement(end, imprint_lines(imprint)) for end in ends}
    if len(found) == 1 and not any(end.unsure for end in ends):
        return found.pop()
    middle = placement(ends[0], imprint_lines(imprint))
    return middle if middle != SAME_PAGE else AFTER_BLANK


def _shifts(blocks: list[Block]) -> list[int]:
    """The estimate, and a line or so more and fewer per few uncertain paragraphs."""
    paras = [_paragraph(b) for b in blocks if b.style not in ("table", "imprint")]
    uncertain = sum(1 for p in paras if p.unsure)
    spread = math.ceil(math.sqrt(uncertain)) if uncertain else 0
    return [0, spread, -spread] if spread else [0]
