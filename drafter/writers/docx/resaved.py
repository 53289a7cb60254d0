"""A .docx saved again by LibreOffice: the layout settings it changed, and what Word then shows.

Saving in LibreOffice (7.4, measured) writes `w:overflowPunct` true, drops
`w:autoSpaceDE/DN` and `w:characterSpacingControl`, and writes the grid's
`w:charSpace` as 4294950911.  Word then lets line-end punctuation hang past
the margin (ECMA-376 §17.3.1.21) and spaces digits and Latin letters from
Chinese (§17.3.1.2-3: omitted means on): lines no longer hold 28 characters.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import DrafterWarning, Position

RESAVED = "resaved"  # the warnings' kind


def layout_changes(parts: dict[str, bytes]) -> list[str]:
    """What the package's settings do to the GB/T 9704 layout in Word, one phrase each (empty: nothing)."""
    styles = parts.get("word/styles.xml", b"")
    document = parts.get("word/document.xml", b"")
    changes = []
    if re.search(rb'<w:overflowPunct(?: w:val="(?:1|true|on)")?/>', styles + document) or b"<w:overflowPunct" not in styles:
        changes.append("行末标点可以伸出版心（在 Word 中悬挂到右边距之外）")
    if not re.search(rb'<w:autoSpaceDN w:val="(?:0|false|off)"/>', styles):
        changes.append("数字、英文与汉字之间自动加宽（日期显示为“2022 年 2 月 7 日”的样子，每行不足 28 字，换行位置改变）")
    if b'w:charSpace="4294950911"' in document:
        changes.append("文档网格的字符间距被写成 4294950911")
    return changes


def saved_by_libreoffice(parts: dict[str, bytes]) -> bool:
    return b"<Application>LibreOffice" in parts.get("docProps/app.xml", b"")


def resave_warning(path: Path, parts: dict[str, bytes], *, template: bool) -> DrafterWarning | None:
    """A warning when the file's layout settings are not drafter's (saved in LibreOffice, usually)."""
    changes = layout_changes(parts)
    if not changes:
        return None
    who = "这个文件曾在 LibreOffice 中保存，公文版式的设置已被改动" if saved_by_libreoffice(parts) else "这个文件缺少公文版式的设置"
    fix = ("用 drafter template export 重新导出模板，在 Word 或 WPS 中修改后保存" if template
           else "用 drafter build 重新生成（审核时请看 PDF，或在 Word/WPS 中修改），不要在 LibreOffice 中保存 .docx")
    return DrafterWarning(f"{who}：{'；'.join(changes)}", position=Position(path), hint=fix, kind=RESAVED)
