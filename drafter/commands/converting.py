"""Files drafter cannot read itself, converted by a tool when one is installed.

.doc and .wps go through LibreOffice to .docx; PDF through pdftotext (poppler)
to text, whose printed lines are joined back into paragraphs.  Either way the
import says what such a conversion may lose.  Without the tool, the reader's
own message says how to convert the file by hand.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import DrafterError, Position
from ..patterns import lazy
from ..readers.docxlines import Line
from ..readers.published import read_lines
from ..writers.pdf import find_soffice, to_docx

OLD_WORD = (".doc", ".wps", ".wpt", ".dot")
_PAGE_NUMBER = lazy(r"^[—\-－–]?\s*\d{1,3}\s*[—\-－–]?$")
_LABEL = lazy(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.．、]|[一二三四五六七八九十]+是)")
# the space pdftotext puts between a Chinese character and a digit or Latin letter ("2023 年")
_SPACED = lazy(r"(?<=[\dA-Za-z%])\s+(?=[\u4e00-\u9fff，。、：；])|(?<=[\u4e00-\u9fff，。、：；])\s+(?=[\dA-Za-z])")
PDF_SECONDS = 120


def lines_of(path: Path) -> tuple[list[Line], str | None]:
    """The file's lines, and a note on what a conversion may have lost (None when none was needed)."""
    suffix = path.suffix.lower()
    if suffix in OLD_WORD and find_soffice():
        with tempfile.TemporaryDirectory(prefix="drafter-import-") as work:
            lines = read_lines(to_docx(path, Path(work)))
        return lines, (f"{suffix} 文件已用 LibreOffice 转换为 .docx 后导入；转换可能改变文本框、"
                       "自动编号和字体，请对照原文件核对标题和各级标题")
    if suffix == ".pdf" and shutil.which("pdftotext"):
        return _pdf_lines(path), ("PDF 已用 pdftotext 提取文字后导入：段落按行宽拼接，表格、页眉页脚和"
                                  "断在行末的词可能不准，请对照原文件核对")
    return read_lines(path), None


def _pdf_lines(path: Path) -> list[Line]:
    try:
        done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                              timeout=PDF_SECONDS, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        done = None
    if done is None or done.returncode != 0:
        raise DrafterError("无法从该 PDF 中提取文字", position=Position(path),
                           hint="请从 PDF 中复制全部文字，粘贴到记事本中保存为 .txt 后再导入")
    printed = [line.strip() for line in done.stdout.decode("utf-8", "replace").replace("\f", "\n").splitlines()]
    printed = [_SPACED.sub("", line) for line in printed if line and not _PAGE_NUMBER.match(line)]
    if not printed:
        raise DrafterError("该 PDF 中没有文字（可能是扫描件）", position=Position(path),
                           hint="扫描件需要先用文字识别（OCR）软件转成文字，保存为 .txt 后再导入")
    full = max(len(line) for line in printed)
    paragraphs: list[str] = []
    joining = False
    for line in printed:
        if joining and not _LABEL.match(line):
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
        # a printed line as wide as the text area goes on in the next one
        joining = len(line) >= full - 2 and not line.endswith(("。", "：", ":"))
    return [Line(text) for text in paragraphs]
