"""Which encoding a source file without a BOM is in: UTF-8 or GBK, line by line.

A file that is mostly UTF-8 with one line typed in GBK (pasted from another
file) decodes whole as GB18030 into nonsense ("鍔犲己棰嗗"); looking at each
line finds the odd one out, so the message can name it.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DrafterError, Position


def encoding_of_lines(path: Path, data: bytes) -> str:
    """UTF-8, or GB18030 when no line is UTF-8; a file mixing the two is refused at the odd line out."""
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        return "utf-8"  # binary: refused by the caller
    utf8, other = [], []
    for number, line in enumerate(data.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8.append(number)
        except UnicodeDecodeError:
            other.append(number)
    if not utf8:
        return "gb18030"
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        other = other or utf8  # neither encoding: junk
    line, odd, rest = (other[0], "GBK", "UTF-8") if len(utf8) >= len(other) else (utf8[0], "UTF-8", "GBK")
    raise DrafterError(
        f"第 {line} 行的编码与文件的其他部分不同（这一行是 {odd} 编码，其余是 {rest} 编码），可能是从别的文件粘贴来的",
        position=Position(path, line, 1),
        hint="用记事本或 VS Code 打开该文件，删除这一行的乱码后重新输入，再“另存为”UTF-8 编码",
    )
