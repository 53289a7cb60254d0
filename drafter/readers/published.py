"""Published reports → lines of text, with what the file says about each line.

Reads plain text copied from a website (any encoding drafter reads sources
in) and .docx files, including drafter's own output after reviewers edited it
in Word: text inserted with tracked changes (修订) is read, deleted text is
skipped, and each paragraph's outline level and style are kept as hints.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from ..errors import DrafterError, Position
from ..ooxml.ns import W_TAG
from ..ooxml.package import read_parts
from .yamlsource import read_source


@dataclass
class Line:
    text: str
    hint: str | None = None  # title | heading1 | heading2 | signature | date (from a .docx's styles)
    lead: str | None = None  # a run-in heading's own run ("（二）持续完善……。"), from a .docx


def read_lines(path: Path) -> list[Line]:
    suffix = path.suffix.lower()
    if suffix in (".doc", ".wps", ".wpt", ".dot"):
        raise DrafterError(
            f"不能直接读取 {suffix} 文件", position=Position(path),
            hint="请在 Word 或 WPS 中打开该文件，“另存为”Word 文档（*.docx）后再导入",
        )
    if suffix == ".docx":
        return _docx_lines(path)
    if suffix in (".pdf",):
        raise DrafterError("不能读取 PDF 文件", position=Position(path),
                           hint="请从网页或 PDF 中复制全部文字，粘贴到记事本中保存为 .txt 后再导入")
    return [Line(line) for line in read_source(path).text.splitlines()]


def _docx_lines(path: Path) -> list[Line]:
    try:
        parts = read_parts(path.read_bytes())
        document = ET.fromstring(parts["word/document.xml"])
        styles = ET.fromstring(parts["word/styles.xml"]) if "word/styles.xml" in parts else None
    except (OSError, KeyError, ValueError, ET.ParseError):
        raise DrafterError("无法读取该 .docx 文件", position=Position(path),
                           hint="确认该文件能在 Word 中打开；必要时在 Word 中“另存为”一份新的 .docx") from None
    style_info = _styles(styles)
    body = document.find(f"{W_TAG}body")
    lines = []
    for paragraph in body.iter(f"{W_TAG}p"):
        text, lead = _paragraph_text(paragraph)
        props = paragraph.find(f"{W_TAG}pPr")
        style_id = None
        outline = None
        if props is not None:
            style = props.find(f"{W_TAG}pStyle")
            style_id = style.get(f"{W_TAG}val") if style is not None else None
            level = props.find(f"{W_TAG}outlineLvl")
            outline = int(level.get(f"{W_TAG}val")) if level is not None else None
        name, style_outline = style_info.get(style_id, ("", None))
        outline = style_outline if outline is None else outline
        lines.append(Line(text, _hint(name, outline), lead))
    return lines


def _styles(styles: ET.Element | None) -> dict[str, tuple[str, int | None]]:
    """styleId → (name, outline level), outline levels inherited through basedOn."""
    if styles is None:
        return {}
    raw = {}
    for style in styles.iter(f"{W_TAG}style"):
        name = style.find(f"{W_TAG}name")
        based = style.find(f"{W_TAG}basedOn")
        level = style.find(f"{W_TAG}pPr/{W_TAG}outlineLvl")
        raw[style.get(f"{W_TAG}styleId")] = (
            name.get(f"{W_TAG}val") if name is not None else "",
            based.get(f"{W_TAG}val") if based is not None else None,
            int(level.get(f"{W_TAG}val")) if level is not None else None,
        )
    resolved = {}
    for style_id, (name, based, level) in raw.items():
        seen = {style_id}
        while level is None and based in raw and based not in seen:
            seen.add(based)
            _, based_next, level = raw[based]
            based = based_next
        resolved[style_id] = (name, level)
    return resolved


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


def _paragraph_text(paragraph: ET.Element) -> tuple[str, str | None]:
    """The paragraph's text as a reader of the final document sees it: insertions in, deletions out."""
    pieces: list[str] = []
    lead = None

    def walk(element: ET.Element) -> None:
        nonlocal lead
        for child in element:
            tag = child.tag
            if tag in (f"{W_TAG}del", f"{W_TAG}moveFrom", f"{W_TAG}pPr", f"{W_TAG}rPr"):
                continue
            if tag == f"{W_TAG}t":
                pieces.append(child.text or "")
            elif tag == f"{W_TAG}tab":
                pieces.append("\t")
            elif tag in (f"{W_TAG}br", f"{W_TAG}cr"):
                pieces.append("\n")
            elif tag == f"{W_TAG}r" and lead is None and not "".join(pieces).strip():
                style = child.find(f"{W_TAG}rPr/{W_TAG}rStyle")
                before = len(pieces)
                walk(child)
                if style is not None and style.get(f"{W_TAG}val") == "SectionTitle":
                    lead = "".join(pieces[before:])
            else:
                walk(child)

    walk(paragraph)
    return "".join(pieces), lead
