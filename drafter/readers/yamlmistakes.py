"""The mistakes people make typing YAML with a Chinese input method, each named at its
line, with the fix, in Chinese (PyYAML's syntax errors are explained in yamlsyntax).

The mistakes are found before parsing and repaired in a copy of the text, so the
rest of the file can still be read and its other problems reported in the same run.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from ..errors import DrafterError, Position
from ..patterns import lazy

if TYPE_CHECKING:
    from .yamlsource import SourceText


# --- mistakes of a Chinese input method --------------------------------------------
# Blanks a line may start with; a line's leading blanks, list dash and key are found by plain
# string tests, a pattern is compiled only for a line that can hold the mistake it finds.
_BLANKS = " \t\u3000"
_INVISIBLE_BREAKS = "\x85\u2028\u2029"
# What a key is made of after a line's leading blanks and dash (the sources' keys are all ASCII
# names; the name is then looked up in the keys), and the blanks people type after one.
_NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"
_GAP = " \u3000"
_DASH_GLUED = lazy(r"^[ ]*-(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ ]*[:：]")
_BLOCK_START = lazy(r":\s*[|>][-+0-9]*\s*(#.*)?$")
_INVISIBLE = lazy(f"[{_INVISIBLE_BREAKS}]")


def typing_mistakes(source: SourceText, keys: frozenset[str]) -> tuple[list[DrafterError], str]:
    """The input-method mistakes, and the text with each repaired as it was meant (to read the rest)."""
    errors = []
    repairs: dict[int, str] = {}
    in_block = None  # indentation of a `|` / `>` block: its lines are text, not keys
    invisible_breaks = any(char in source.text for char in _INVISIBLE_BREAKS)
    number = 0

    def error(message: str, column: int, hint: str, repaired: str) -> None:  # at line `number`
        errors.append(DrafterError(message, position=Position(source.path, number, column), hint=hint))
        repairs[number] = repaired

    for number, line in enumerate(source.lines, 1):
        indent = len(line) - len(line.lstrip(" "))
        if in_block is not None:
            if not line.strip() or indent > in_block:
                continue
            in_block = None
        if ("|" in line or ">" in line) and _BLOCK_START.search(line):
            in_block = indent
        invisible = invisible_breaks and _INVISIBLE.search(line)
        body = line.lstrip(_BLANKS)
        lead = line[: len(line) - len(body)]
        if invisible:
            error(f"文字中夹有看不见的换行符 U+{ord(invisible.group(0)):04X}", invisible.start() + 1,
                  "删除该字符（常见于从网页或 Word 复制的文字）：在该处前后各删一个字再重新输入",
                  _INVISIBLE.sub(" ", line))
        elif "\t" in lead:
            error("行首用了 Tab 键缩进", lead.index("\t") + 1, "YAML 只能用空格缩进：把行首的 Tab 换成空格（每层两个空格）",
                  _indent_after(source.lines, number) + line[len(lead):])
        elif "\u3000" in lead:
            if line.strip("\u3000 "):
                error("行首用了全角空格（　）缩进", lead.index("\u3000") + 1,
                      "把行首的全角空格换成英文半角空格；需要的首行缩进由模板自动加上",
                      _indent_after(source.lines, number) + line[len(lead):])
            else:
                error("这一行只有全角空格（　）", lead.index("\u3000") + 1, "删除这一行中的全角空格，或删除整行", "")
        elif body[:1] == "-" and _is_name_start(body[1:2]) and (glued := _DASH_GLUED.match(line)) \
                and glued.group("key") in keys:
            dash = line.index("-")
            error("列表符号“-”后面缺少空格", dash + 2, "在“-”和后面的文字之间加一个空格，如“- title: …”",
                  line[: dash + 1] + " " + line[dash + 1:])
        else:
            if body[:1] == "-" and body[1:2] in _BLANKS:  # a list item: its key follows the dash
                body = body[1:].lstrip(_BLANKS)
            if not _is_name_start(body[:1]):
                continue
            rest = body.lstrip(_NAME_CHARS)
            key = body[: len(body) - len(rest)]
            if key not in keys:
                continue
            beyond = rest.lstrip(_GAP)
            gap, after, nxt = rest[: len(rest) - len(beyond)], beyond[:1], beyond[1:2]
            start = len(line) - len(body)
            column = start + len(key) + len(gap) + 1
            head, rest = line[: column - 1], line[column:]  # around the character after the key
            if after == "：":
                error(f"键“{key}”后面用了中文冒号“：”", column, f"改成英文冒号加一个空格，如“{key}: …”",
                      f"{head}: {rest.lstrip(' ')}")
            elif after == ":" and not gap and nxt == "\u3000":
                error(f"键“{key}”的冒号后面是全角空格", column + 1, f"把冒号后的全角空格换成英文半角空格，如“{key}: …”",
                      f"{head}: {rest[1:]}")
            elif after == ":" and not gap and nxt not in ("", " ", "\t"):
                error(f"键“{key}”的冒号后面缺少空格", column, f"在冒号后加一个空格，如“{key}: …”", f"{head}: {rest}")
            elif gap and after and ":" not in line and "：" not in line:
                end = start + len(key)
                error(f"键“{key}”后面缺少冒号", end + 1, f"在键名后加英文冒号和一个空格，如“{key}: …”",
                      f"{line[:end]}: {line[end:].lstrip(' ')}")
    return errors, _with_lines(source, repairs)


def _is_name_start(char: str) -> bool:
    return char.isascii() and (char.isalpha() or char == "_")


def _indent_after(lines: list[str], number: int) -> str:
    """The indentation line `number` was most likely meant to have, to read the rest of the file:
    that of the keys beside it, judged from the line above."""
    above = next((lines[n] for n in range(number - 2, -1, -1) if lines[n].strip(" \t\u3000")), "")
    stripped = above.lstrip(" ")
    if not stripped or above[:1] in "\t\u3000":
        return ""
    indent = len(above) - len(stripped) + (2 if stripped.startswith("- ") else 0)
    if re.search(r":\s*(#.*)?$", stripped):
        indent += 2  # the line above opens a block of its own
    return " " * indent


def _with_lines(source: SourceText, repairs: dict[int, str]) -> str:
    """The text with the numbered lines replaced, line breaks kept."""
    text = source.text
    for number in sorted(repairs, reverse=True):
        start = source.line_start(number)
        text = text[:start] + repairs[number] + text[start + len(source.lines[number - 1]):]
    return text


def mark_position(path: Path, mark: yaml.Mark | None) -> Position:
    if mark is None:
        return Position(path)
    return Position(path, mark.line + 1, mark.column + 1)
