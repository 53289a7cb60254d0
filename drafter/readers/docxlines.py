"""A .docx body → lines, as the reader of the printed page sees them.

Hand-made files are read as well as drafter's own: headings typed with direct
formatting (bold, 黑体/楷体, a large centred title, an outline level) as well
as styles; Word's automatic numbering (the "一、" lives in numbering.xml, not
in the text: the label is computed and put in front, so it is stripped like a
typed one); text boxes (the red header's organ becomes the masthead); tables
(one line a row, cells apart); tracked insertions in and deletions out.
Headers and footers are other parts and never read.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from msgspec import Struct

from ..model.numbering import chinese_numeral
from ..ooxml.ns import W_TAG


class Line(Struct):
    """A line of a published report and what the file says about it."""

    text: str
    hint: str | None = None  # title | heading1 | heading2 | signature | date | masthead | table (from a .docx)
    lead: str | None = None  # a run-in heading's own runs ("（二）持续完善……。"), from a .docx


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = {f"{W_TAG}del", f"{W_TAG}moveFrom", f"{W_TAG}pPr", f"{W_TAG}rPr", _MC_FALLBACK, f"{W_TAG}txbxContent",
         f"{W_TAG}instrText", f"{W_TAG}delText"}
_CELL_GAP = "\u3000"  # between a table row's cells


def _val(element: ET.Element | None, name: str = "val") -> str | None:
    return element.get(f"{W_TAG}{name}") if element is not None else None


def _number(value: str | None, default: int | None = None) -> int | None:
    """An attribute's whole number; one that is no number (a damaged file) counts as absent."""
    return int(value) if value and value.isascii() and value.isdigit() else default


class Numbering:
    """Word's automatic numbering: numId → levels (format, text), counted as paragraphs use them."""

    def __init__(self, numbering: ET.Element | None) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counts: dict[str, list[int]] = {}
        if numbering is None:
            return
        abstract = {}
        for item in numbering.iter(f"{W_TAG}abstractNum"):
            levels = {}
            for lvl in item.iter(f"{W_TAG}lvl"):
                start = _val(lvl.find(f"{W_TAG}start"))
                levels[_number(_val(lvl, "ilvl"), 0)] = (
                    _val(lvl.find(f"{W_TAG}numFmt")) or "decimal", _val(lvl.find(f"{W_TAG}lvlText")) or "",
                    _number(start, 1))
            abstract[_val(item, "abstractNumId")] = levels
        for num in numbering.iter(f"{W_TAG}num"):
            self.levels[_val(num, "numId") or ""] = abstract.get(_val(num.find(f"{W_TAG}abstractNumId")), {})

    def label(self, num_id: str, level: int) -> str:
        levels = self.levels.get(num_id)
        if not levels or level not in levels:
            return ""
        counts = self.counts.setdefault(num_id, [0] * 9)
        counts[level] += 1
        for deeper in range(level + 1, 9):
            counts[deeper] = 0

        def number(k: int) -> str:
            fmt, _, start = levels.get(k, ("decimal", "", 1))
            n = max(counts[k], 1) + start - 1
            if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "chineseLegalSimplified",
                       "taiwaneseCountingThousand"):
                return chinese_numeral(n)
            return str(n) if fmt != "bullet" else ""

        text = levels[level][1]
        return re.sub(r"%(\d)", lambda m: number(int(m.group(1)) - 1), text)


def _is_red(color: str | None) -> bool:
    if not color or not re.fullmatch(r"[0-9A-Fa-f]{6}", color):
        return False
    r, g, b = (int(color[i:i + 2], 16) for i in (0, 2, 4))
    return r >= 0xC0 and g <= 0x50 and b <= 0x50


class _Runs:
    """What a paragraph's runs say: the text, a differently formatted first stretch, bold, fonts, size, red."""

    def __init__(self, paragraph: ET.Element) -> None:
        self.pieces: list[str] = []
        self.formats: list[tuple[bool, str, int, bool]] = []  # per piece: bold, east-Asian font, size, red
        self.lead_style: str | None = None
        self._walk(paragraph)

    def _walk(self, element: ET.Element) -> None:
        for child in element:
            if child.tag in _SKIP:
                continue
            if child.tag == f"{W_TAG}r":
                props = child.find(f"{W_TAG}rPr")
                fmt = (
                    props is not None and props.find(f"{W_TAG}b") is not None and _val(props.find(f"{W_TAG}b")) not in ("0", "false"),
                    (_val(props.find(f"{W_TAG}rFonts"), "eastAsia") or _val(props.find(f"{W_TAG}rFonts"), "ascii") or "")
                    if props is not None else "",
                    _number(_val(props.find(f"{W_TAG}sz")), 0) if props is not None else 0,
                    _is_red(_val(props.find(f"{W_TAG}color"))) if props is not None else False,
                )
                if self.lead_style is None and not "".join(self.pieces).strip() and props is not None:
                    self.lead_style = _val(props.find(f"{W_TAG}rStyle"))
                for part in child:
                    if part.tag == f"{W_TAG}t":
                        self._add(part.text or "", fmt)
                    elif part.tag == f"{W_TAG}tab":
                        self._add("\t", fmt)
                    elif part.tag in (f"{W_TAG}br", f"{W_TAG}cr"):
                        self._add("\n", fmt)
                    elif part.tag not in _SKIP:
                        self._walk(part)
            else:
                self._walk(child)

    def _add(self, text: str, fmt: tuple[bool, str, int, bool]) -> None:
        self.pieces.append(text)
        self.formats.append(fmt)

    @property
    def text(self) -> str:
        return "".join(self.pieces)

    def visible(self) -> list[tuple[str, tuple[bool, str, int, bool]]]:
        return [(t, f) for t, f in zip(self.pieces, self.formats) if t.strip()]

    def lead(self) -> str | None:
        """A run-in heading's own runs: the first stretch that is bold or 黑体/楷体 while the rest is not."""
        shown = self.visible()
        if len(shown) < 2:
            return None
        marked = [f[0] or "黑体" in f[1] or "楷体" in f[1] for _, f in shown]
        k = next((i for i, m in enumerate(marked) if not m), len(marked))
        if 0 < k < len(marked) and not any(marked[k:]):
            return "".join(t for t, _ in shown[:k])
        return None


def _paragraph(paragraph: ET.Element, styles: dict, numbering: Numbering) -> tuple[Line, bool]:
    """The paragraph as a Line, and whether it is red (a red header's line)."""
    runs = _Runs(paragraph)
    props = paragraph.find(f"{W_TAG}pPr")
    style_id = _val(props.find(f"{W_TAG}pStyle")) if props is not None else None
    outline = _val(props.find(f"{W_TAG}outlineLvl")) if props is not None else None
    name, style_outline, style_num = styles.get(style_id, ("", None, None))
    level = _number(outline) if _number(outline) is not None else style_outline
    num = props.find(f"{W_TAG}numPr") if props is not None else None
    num_id = _val(num.find(f"{W_TAG}numId")) if num is not None else None
    ilvl = _number(_val(num.find(f"{W_TAG}ilvl")), 0) if num is not None else 0
    num_id = num_id or style_num
    label = numbering.label(num_id, ilvl) if num_id and num_id != "0" else ""
    text = label + runs.text
    shown = runs.visible()
    centred = props is not None and _val(props.find(f"{W_TAG}jc")) == "center"
    all_bold = bool(shown) and all(f[0] or "黑体" in f[1] for _, f in shown)
    all_kai = bool(shown) and all("楷体" in f[1] for _, f in shown)
    big = bool(shown) and all(f[2] >= 36 or "小标宋" in f[1] for _, f in shown)
    hint = _hint(name, level)
    short = len(text.strip()) <= 60 and "。" not in text.strip()[:-1]
    if hint is None and short:
        if centred and big:
            hint = "title"
        elif all_kai:
            hint = "heading2"
        elif all_bold:
            hint = "heading1"
    lead = None
    if runs.lead_style == "SectionTitle":
        lead = "".join(t for t, f in shown[:1])
    elif hint is None:
        lead = runs.lead()
        lead = label + lead if lead and label else lead
    red = bool(shown) and all(f[3] for _, f in shown)
    return Line(text, hint, lead), red


def _hint(name: str, outline: int | None) -> str | None:
    lowered = name.lower()
    if lowered in ("title", "标题"):
        return "title"
    if name in ("发文机关署名",) or lowered == "signature":
        return "signature"
    if name in ("成文日期",) or lowered == "date":
        return "date"
    if outline == 0:
        return "heading1"
    if outline == 1:
        return "heading2"
    return None


def styles_info(styles: ET.Element | None) -> dict[str, tuple[str, int | None, str | None]]:
    """styleId → (name, outline level, numId), level and numbering inherited through basedOn."""
    if styles is None:
        return {}
    raw = {}
    for style in styles.iter(f"{W_TAG}style"):
        based = style.find(f"{W_TAG}basedOn")
        level = style.find(f"{W_TAG}pPr/{W_TAG}outlineLvl")
        raw[style.get(f"{W_TAG}styleId")] = (
            _val(style.find(f"{W_TAG}name")) or "", _val(based),
            _number(_val(level)), _val(style.find(f"{W_TAG}pPr/{W_TAG}numPr/{W_TAG}numId")),
        )
    resolved = {}
    for style_id, (name, based, level, num) in raw.items():
        seen = {style_id}
        while (level is None or num is None) and based in raw and based not in seen:
            seen.add(based)
            _, based_next, level_up, num_up = raw[based]
            level, num, based = level if level is not None else level_up, num or num_up, based_next
        resolved[style_id] = (name, level, num)
    return resolved


def _text_boxes(element: ET.Element):
    """The text boxes anchored in `element`, each once (not the markup-compatibility fallback copy)."""
    for child in element:
        if child.tag == f"{W_TAG}txbxContent":
            yield child
        elif child.tag != _MC_FALLBACK:
            yield from _text_boxes(child)


def body_lines(body: ET.Element, styles: ET.Element | None, numbering: ET.Element | None) -> list[Line]:
    """The body's paragraphs, text boxes and table rows as lines, in reading order."""
    info, counter = styles_info(styles), Numbering(numbering)
    lines: list[Line] = []
    body_started = False  # red lines before any other text are the red header (版头)

    def add(paragraph: ET.Element) -> None:
        nonlocal body_started
        line, red = _paragraph(paragraph, info, counter)
        if line.text.strip():
            if red and not body_started:
                line.hint = "masthead"
            else:
                body_started = True
        lines.append(line)

    def visit(element: ET.Element) -> None:
        nonlocal body_started
        for child in element:
            if child.tag == f"{W_TAG}p":
                for box in _text_boxes(child):
                    for inner in box.iter(f"{W_TAG}p"):
                        add(inner)
                add(child)
            elif child.tag == f"{W_TAG}tbl":
                for row in child.iter(f"{W_TAG}tr"):
                    cells = ["".join(_paragraph(p, info, counter)[0].text for p in cell.iter(f"{W_TAG}p")).strip()
                             for cell in row.iter(f"{W_TAG}tc")]
                    lines.append(Line(_CELL_GAP.join(c for c in cells if c), "table"))
                    body_started = True
            elif child.tag not in (_MC_FALLBACK, f"{W_TAG}sectPr"):
                visit(child)

    visit(body)
    return lines
