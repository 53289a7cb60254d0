"""PyYAML's syntax errors explained: each named at its line, with its usual cause and
the fix, in Chinese.  Loaded only when a file has a syntax error."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import yaml

from ..errors import DrafterError, Position
from ..model.validation import CHINESE_KEYS
from ..patterns import lazy
from .yamlmistakes import mark_position

if TYPE_CHECKING:
    from .yamlsource import SourceText


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
_VALUE_START = lazy(r"^\s*(?:-\s+)?(?:(?P<key>[^\s:#][^:#]*?):\s+)?(?P<value>\S.*)$")
# Keys whose value is a list: "[" after them is YAML's own list syntax.
_LIST_KEYS = {"parts", "sections", "points", "items", "paragraphs", "preamble", "closing"}
_CHINESE_COLON_KEY = lazy(r"^(?P<lead>\s*)(?P<key>[^\s:：#\-\"'][^:：\s]{0,19})\s*：")


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


_KEY_OR_ITEM = lazy(r"^\s*(?:-(?:\s|$)|#|[^\s:：#]+\s*[:：](?:\s|$))")
_TEXT_VALUE = lazy(r"^\s*(?:-\s+)?[^\s:#][^:#]*?:\s+[^\s|>\[{&*!]")


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
