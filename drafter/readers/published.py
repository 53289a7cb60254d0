"""Published reports → lines of text, with what the file says about each line.

Reads plain text copied from a website (any encoding drafter reads sources
in) and .docx files, including drafter's own output after reviewers edited it
in Word: text inserted with tracked changes (修订) is read, deleted text is
skipped, and each paragraph's outline level and style are kept as hints.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ..errors import DrafterError, Position
from ..ooxml.ns import W_TAG
from ..ooxml.package import read_package
from .docxlines import Line, body_lines
from .yamlsource import read_source


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
    parts = read_package(path)
    try:
        document = ET.fromstring(parts["word/document.xml"])
        styles = ET.fromstring(parts["word/styles.xml"]) if "word/styles.xml" in parts else None
        numbering = ET.fromstring(parts["word/numbering.xml"]) if "word/numbering.xml" in parts else None
    except (KeyError, ET.ParseError):
        raise DrafterError("无法读取该 .docx 文件：其中没有可读的 Word 正文", position=Position(path),
                           hint="确认该文件能在 Word 中打开；必要时在 Word 中“另存为”一份新的 .docx") from None
    body = document.find(f"{W_TAG}body")
    if body is None:
        raise DrafterError("该 .docx 文件中没有正文（缺少 <w:body>）", position=Position(path),
                           hint="在 Word 中打开该文件，确认有正文后“另存为”一份新的 .docx")
    return body_lines(body, styles, numbering)
