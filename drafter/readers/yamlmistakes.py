"""The mistakes people make typing YAML with a Chinese input method, and PyYAML's syntax
errors explained: each named at its line, with the fix, in Chinese.

The mistakes are found before parsing and repaired in a copy of the text, so the
rest of the file can still be read and its other problems reported in the same run.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from ..errors import DrafterError, Position
from ..model.validation import CHINESE_KEYS

if TYPE_CHECKING:
    from .yamlsource import SourceText


# --- mistakes of a Chinese input method --------------------------------------------
# A line's leading key, as YAML reads it (the sources' keys are all ASCII names); the
# name is then looked up in the keys, which costs start-up nothing to compile.
_KEY_LINE = re.compile(
    r"^(?P<lead>[ \t\u3000]*(?:-[ \t\u3000]+)?)(?P<key>[A-Za-z_][A-Za-z0-9_]*)(?P<gap>[ \u3000]*)(?P<after>.?)(?P<next>.?)"
)
_DASH_GLUED = re.compile(r"^[ ]*-(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ ]*[:：]")
_BLOCK_START = re.compile(r":\s*[|>][-+0-9]*\s*(#.*)?$")
_INVISIBLE = re.compile("[\u0085\u2028\u2029]")
_LEAD = re.compile(r"[ \t\u3000]*")


def typing_mistakes(source: SourceText, keys: frozenset[str]) -> tuple[list[DrafterError], str]:
    """The input-method mistakes, and the text with each repaired as it was meant (to read the rest)."""
    errors = []
    repairs: dict[int, str] = {}
    in_block = None  # indentation of a `|` / `>` block: its lines are text, not keys
    for number, line in enumerate(source.lines, 1):
        indent = len(line) - len(line.lstrip(" "))
        if in_block is not None:
            if not line.strip() or indent > in_block:
                continue
            in_block = None
        if _BLOCK_START.search(line):
            in_block = indent

        def error(message: str, column: int, hint: str, repaired: str) -> None:
            errors.append(DrafterError(message, position=Position(source.path, number, column), hint=hint))
            repairs[number] = repaired

        invisible = _INVISIBLE.search(line)
        lead = _LEAD.match(line).group(0)
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
        elif (glued := _DASH_GLUED.match(line)) and glued.group("key") in keys:
            dash = line.index("-")
            error("列表符号“-”后面缺少空格", dash + 2, "在“-”和后面的文字之间加一个空格，如“- title: …”",
                  line[: dash + 1] + " " + line[dash + 1:])
        else:
            match = _KEY_LINE.match(line)
            if not match or match.group("key") not in keys:
                continue
            key, gap, after, nxt = (match.group(k) for k in ("key", "gap", "after", "next"))
            column = len(match.group("lead")) + len(key) + len(gap) + 1
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
                end = len(match.group("lead")) + len(key)
                error(f"键“{key}”后面缺少冒号", end + 1, f"在键名后加英文冒号和一个空格，如“{key}: …”",
                      f"{line[:end]}: {line[end:].lstrip(' ')}")
    return errors, _with_lines(source, repairs)


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


# --- syntax errors PyYAML found ------------------------------------------------------
_SYNTAX_MESSAGES = [
    ("found unexpected end of stream", "引号没有成对：文字开头的引号找不到结尾", "检查该处文字的引号；文字中要用引号时请用中文引号“”"),
    ("found unknown escape character", "双引号中的反斜杠“\\”后面跟了无法识别的字符", "去掉反斜杠，或把双引号换成单引号"),
    ("mapping values are not allowed here", "这里不能出现“冒号加空格”", "文字中含有“: ”时，请改用中文冒号“：”，或把整段文字用英文双引号括起来"),
    ("could not find expected ':'", "缺少冒号", "每个键后面要有英文冒号和一个空格，如“title: …”"),
    ("expected <block end>", "缩进不一致", "同一层的键要左对齐；列表项以“- ”开头，且比上一层多缩进两个空格"),
    ("did not find expected key", "缩进不一致", "同一层的键要左对齐；列表项以“- ”开头，且比上一层多缩进两个空格"),
    ("did not find expected '-' indicator", "列表项的缩进不一致", "同一个列表的各项要左对齐，都以“- ”开头"),
    ("found undefined alias", "用了没有定义的别名（*）", "删除以“*”开头的别名，直接写出内容"),
    ("found character that cannot start any token", "这里出现了 YAML 中有特殊含义的字符", "以 @、`、%、| 等符号开头的文字请用英文双引号括起来"),
]


_SPECIAL_START = "[{*&!@`%|>"
_VALUE_START = re.compile(r"^\s*(?:-\s+)?(?:(?P<key>[^\s:#][^:#]*?):\s+)?(?P<value>\S.*)$")
# Keys whose value is a list: "[" after them is YAML's own list syntax.
_LIST_KEYS = {"parts", "sections", "points", "items", "paragraphs", "preamble", "closing"}
_CHINESE_COLON_KEY = re.compile(r"^(?P<lead>\s*)(?P<key>[^\s:：#\-\"'][^:：\s]{0,19})\s*：")


def syntax_error(source: SourceText, exc: yaml.MarkedYAMLError, keys: frozenset[str]) -> DrafterError:
    path = source.path
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or ""
    if "expected a single document" in (exc.context or ""):
        return DrafterError(
            "一个文件中只能有一份内容，这里出现了第二个文档分隔线“---”",
            position=mark_position(path, mark),
            hint="删除多余的“---”行，或把后面的内容移到单独的文件中",
        )
    refined = _refine(source, exc, keys)
    if refined:
        return refined
    for fragment, message, hint in _SYNTAX_MESSAGES:
        if fragment in problem:
            if fragment == "found unexpected end of stream" and exc.context_mark:
                mark = exc.context_mark  # where the unclosed quote opens
            return DrafterError(message, position=mark_position(path, mark), hint=hint)
    return DrafterError(
        f"YAML 格式错误（{problem}）",
        position=mark_position(path, mark),
        hint="检查该行的缩进、冒号后的空格和引号是否成对",
    )


def _refine(source: SourceText, exc: yaml.MarkedYAMLError, keys: frozenset[str]) -> DrafterError | None:
    """Name the usual cause of a syntax error, looking at the lines it points to."""
    lines = [m.line for m in (exc.context_mark, exc.problem_mark) if m is not None]
    first, last = min(lines), max(lines)
    continuation = _continuation(source, exc)
    if continuation is not None:
        return continuation
    # A text that starts with a character YAML reads as syntax, or quotes that end early.
    for number in range(first, min(last + 1, len(source.lines))):
        match = _VALUE_START.match(source.lines[number])
        if not match:
            continue
        key = match.group("key")
        if key is not None and (key not in keys or key in _LIST_KEYS):
            continue  # only the value of a text key or of a list item is text
        value = match.group("value")
        where = Position(source.path, number + 1, match.start("value") + 1)
        quoted = re.match(r"""("[^"]*"|'[^']*')\s*(\S)""", value)
        if quoted and quoted.group(2) != "#":
            return DrafterError(
                "英文引号只括住了文字的开头一部分", position=where,
                hint="文字中的引号请用中文引号“”；若要给整段文字加英文引号，引号要放在最前和最后",
            )
        if value[0] in _SPECIAL_START and not re.match(r"[|>][-+0-9]*\s*(#.*)?$", value):
            return DrafterError(
                f"文字以“{value[0]}”开头，这个符号在 YAML 中有特殊含义", position=where,
                hint=f"把整段文字用英文双引号括起来，如 \"{value[:12]}……\"",
            )
    # An unknown key typed with a Chinese colon reads as text, and the error shows up later.
    for number in range(last, max(-1, first - 2), -1):
        line = source.lines[number] if number < len(source.lines) else ""
        match = _CHINESE_COLON_KEY.match(line)
        if match and ":" not in line:
            meant = CHINESE_KEYS.get(match.group("key"))
            return DrafterError(
                f"“{match.group('key')}”后面用了中文冒号“：”", position=Position(source.path, number + 1, match.end()),
                hint=(f"是不是想写“{meant}”？键名要用英文，如“{meant}: …”" if meant
                      else "键名后面要用英文冒号加一个空格"),
            )
    # "key: value" where it may not stand: a key indented differently from its neighbours.
    if "mapping values are not allowed here" in (exc.problem or "") and exc.problem_mark:
        line = source.lines[exc.problem_mark.line]
        key = re.match(r"^\s*(?:-\s+)?([A-Za-z_]+)\s*:", line)
        if key and exc.problem_mark.column == key.end() - 1:
            return DrafterError(
                "缩进不一致", position=Position(source.path, exc.problem_mark.line + 1, 1),
                hint=f"“{key.group(1)}”与同一层的其他键没有左对齐：同一层的键要从同一列开始",
            )
    return None


_KEY_OR_ITEM = re.compile(r"^\s*(?:-(?:\s|$)|#|[^\s:：#]+\s*[:：](?:\s|$))")
_TEXT_VALUE = re.compile(r"^\s*(?:-\s+)?[^\s:#][^:#]*?:\s+[^\s|>\[{&*!]")


def _continuation(source: SourceText, exc: yaml.MarkedYAMLError) -> DrafterError | None:
    """A pasted paragraph whose second line starts at the left edge: YAML reads it as a key
    without its colon and names the next, correct line.  Name the line that is at fault."""
    mark = exc.context_mark
    if "could not find expected ':'" not in (exc.problem or "") or mark is None:
        return None
    number = mark.line
    line = source.lines[number] if number < len(source.lines) else ""
    if not line.strip() or _KEY_OR_ITEM.match(line) or _CHINESE_COLON_KEY.match(line):
        return None
    above = next((source.lines[n] for n in range(number - 1, -1, -1) if source.lines[n].strip()), "")
    if not _TEXT_VALUE.match(above):
        return None
    return DrafterError(
        "这一行是上一段文字的续行，却没有缩进", position=Position(source.path, number + 1, mark.column + 1),
        hint="这一行是上一段文字的续行，请在行首加空格缩进，或把整段写在一行",
    )


def mark_position(path: Path, mark: yaml.Mark | None) -> Position:
    if mark is None:
        return Position(path)
    return Position(path, mark.line + 1, mark.column + 1)
