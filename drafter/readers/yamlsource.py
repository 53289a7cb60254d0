"""Read one YAML file into plain data, remembering where every value came from.

Parsing stops at PyYAML's node graph: values are built here, so no tag can run
code, aliases are expanded under a budget, and each key and value keeps its
file, line and column (and each text its span in the file) for messages and
for `drafter check --fix`.  Before parsing, the file is scanned for the
mistakes people make typing YAML with a Chinese input method, which PyYAML
would report only as puzzling syntax errors.
"""

from __future__ import annotations

import bisect
import codecs
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import DrafterError, Position, SourceErrors

Path_ = tuple[str | int, ...]

# Tags whose scalars PyYAML's safe constructor builds; anything else is refused.
_SAFE_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"

# How many nodes alias expansion may add before a file counts as an alias bomb.
ALIAS_BUDGET = 10_000


@dataclass
class SourceMap:
    """Positions of values and mapping keys, and the spans of texts, by path in the data."""

    values: dict[Path_, Position] = field(default_factory=dict)
    keys: dict[Path_, Position] = field(default_factory=dict)
    spans: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # character offsets in the file

    def _tables(self) -> tuple[dict, dict, dict]:
        return self.values, self.keys, self.spans

    def graft(self, other: SourceMap, prefix: Path_) -> None:
        """Take over another file's positions, placed under `prefix`."""
        for mine, theirs in zip(self._tables(), other._tables()):
            for path, entry in theirs.items():
                mine[prefix + path] = entry

    def pop_subtree(self, prefix: Path_) -> SourceMap:
        """Remove and return the positions under `prefix`, relative to it."""
        sub = SourceMap()
        for mine, theirs in zip(self._tables(), sub._tables()):
            for path in [p for p in mine if p[: len(prefix)] == prefix]:
                theirs[path[len(prefix):]] = mine.pop(path)
        return sub

    def find(self, path: Path_, *, key: bool = False) -> Position | None:
        """The position of `path`, or of its nearest ancestor that has one."""
        if key and path in self.keys:
            return self.keys[path]
        for end in range(len(path), -1, -1):
            pos = self.values.get(path[:end])
            if pos is not None:
                return pos
        return None


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class SourceText:
    """A source file's text and how it was stored, so a fix can write it back alike."""

    path: Path
    text: str
    encoding: str  # a codec name: utf-8, utf-8-sig, utf-16-le, utf-16-be, gb18030

    def encode(self, text: str) -> bytes:
        """`text` stored as this file was: the same encoding, byte order and byte-order mark."""
        return _UTF16_BOMS.get(self.encoding, b"") + text.encode(self.encoding)

    @functools.cached_property
    def _starts(self) -> list[int]:
        return [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]

    @functools.cached_property
    def lines(self) -> list[str]:
        """The lines as YAML counts them (LF, CRLF or CR ends a line)."""
        return _LINE_BREAK.split(self.text)

    def position(self, offset: int) -> Position:
        """Line and column (1-based) of a character offset."""
        line = bisect.bisect_right(self._starts, offset)
        return Position(self.path, line, offset - self._starts[line - 1] + 1)


_UTF16_BOMS = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
_BOMS = [(codecs.BOM_UTF8, "utf-8-sig"), *((bom, name) for name, bom in _UTF16_BOMS.items())]


def read_source(path: Path) -> SourceText:
    """A source file's text: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030.

    Notepad and WPS on Chinese Windows save in any of these, so all are read
    as they are; anything else (binary junk) is refused with a hint.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DrafterError(f"无法读取文件（{exc.strerror}）", position=Position(path), hint="检查文件是否存在、是否有读取权限") from None
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    candidates = [encoding] if encoding else ["utf-8", "gb18030"]
    for candidate in candidates:
        try:
            text = data[len(_UTF16_BOMS.get(candidate, b"")):].decode(candidate)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return SourceText(path, text, candidate)
    if b"\x00" not in data and not encoding:
        # Mostly text: name the first line that is neither UTF-8 nor GBK.
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise DrafterError(
                f"第 {line} 行有无法识别的字符：文件可能混用了 UTF-8 和 GBK 两种编码",
                position=Position(path, line, 1),
                hint="用记事本或 VS Code 打开该文件，改正这一行的乱码后“另存为”UTF-8 编码",
            ) from None
    raise DrafterError(
        "文件不是文本文件，或编码无法识别",
        position=Position(path, 1, 1),
        hint="用记事本或 VS Code 打开该文件，“另存为”时选择 UTF-8 编码；若是 Word 文档，请把文字复制到 YAML 文件中",
    )


def load_yaml(path: Path, keys: frozenset[str] = frozenset()) -> tuple[Any, SourceMap, SourceText]:
    """Parse one YAML file into plain data, the positions of its values, and its text.

    `keys` are the key names the sources use: lines that start with one of
    them are checked for input-method mistakes before parsing.
    """
    source = read_source(path)
    data, source_map = parse(source, keys)
    return data, source_map, source


def parse(source: SourceText, keys: frozenset[str] = frozenset()) -> tuple[Any, SourceMap]:
    """Parse a source's text (as `load_yaml` does a file's): the data and its positions."""
    path = source.path
    mistakes = _typing_mistakes(source, keys)
    if mistakes:
        raise mistakes[0] if len(mistakes) == 1 else SourceErrors(mistakes)
    try:
        loader, node = compose(source.text)
        builder = _Builder(path, loader)
        data = None if node is None else builder.build(node, ())
    except yaml.reader.ReaderError as exc:
        raise DrafterError(
            f"文件中含有不允许出现的控制字符 U+{exc.character:04X}",
            position=source.position(exc.position),
            hint="删除该字符（常见于从网页或其他软件复制来的文字）",
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(source, exc, keys) from None
    except RecursionError:
        raise DrafterError(
            "括号或缩进嵌套的层次太深，文件被拒绝", position=Position(path, 1, 1),
            hint="检查文件中是否有大量连续的“[”或“{”",
        ) from None
    if builder.errors:
        raise builder.errors[0] if len(builder.errors) == 1 else SourceErrors(builder.errors)
    return data, builder.source_map


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def compose(text: str) -> tuple[yaml.SafeLoader, yaml.Node | None]:
    """The file's node graph: parsed by libyaml where PyYAML has it (ten times faster);
    a file libyaml refuses is parsed again by PyYAML, whose messages drafter explains."""
    if _FAST_LOADER is not None:
        loader = _FAST_LOADER(text)
        try:
            return loader, loader.get_single_node()
        except yaml.YAMLError:
            pass
    loader = yaml.SafeLoader(text)
    return loader, loader.get_single_node()


# --- mistakes of a Chinese input method --------------------------------------------
@functools.lru_cache(maxsize=4)
def _key_patterns(keys: frozenset[str]) -> tuple[re.Pattern, re.Pattern]:
    names = "|".join(sorted(map(re.escape, keys), key=len, reverse=True)) or r"(?!x)x"
    key_line = re.compile(
        rf"^(?P<lead>[ \t\u3000]*(?:-[ \t\u3000]+)?)(?P<key>{names})(?P<gap>[ \u3000]*)(?P<after>.?)(?P<next>.?)"
    )
    return key_line, re.compile(rf"^[ ]*-(?:{names})[ ]*[:：]")


_BLOCK_START = re.compile(r":\s*[|>][-+0-9]*\s*(#.*)?$")
_INVISIBLE = re.compile("[\u0085\u2028\u2029]")
_LEAD = re.compile(r"[ \t\u3000]*")


def _typing_mistakes(source: SourceText, keys: frozenset[str]) -> list[DrafterError]:
    errors = []
    key_line, dash_glued = _key_patterns(keys)
    in_block = None  # indentation of a `|` / `>` block: its lines are text, not keys
    for number, line in enumerate(source.lines, 1):
        indent = len(line) - len(line.lstrip(" "))
        if in_block is not None:
            if not line.strip() or indent > in_block:
                continue
            in_block = None
        if _BLOCK_START.search(line):
            in_block = indent

        def error(message: str, column: int, hint: str) -> None:
            errors.append(DrafterError(message, position=Position(source.path, number, column), hint=hint))

        invisible = _INVISIBLE.search(line)
        lead = _LEAD.match(line).group(0)
        if invisible:
            error(f"文字中夹有看不见的换行符 U+{ord(invisible.group(0)):04X}", invisible.start() + 1,
                  "删除该字符（常见于从网页或 Word 复制的文字）：在该处前后各删一个字再重新输入")
        elif "\t" in lead:
            error("行首用了 Tab 键缩进", lead.index("\t") + 1, "YAML 只能用空格缩进：把行首的 Tab 换成空格（每层两个空格）")
        elif "\u3000" in lead:
            if line.strip("\u3000 "):
                error("行首用了全角空格（　）缩进", lead.index("\u3000") + 1,
                      "把行首的全角空格换成英文半角空格；需要的首行缩进由模板自动加上")
            else:
                error("这一行只有全角空格（　）", lead.index("\u3000") + 1, "删除这一行中的全角空格，或删除整行")
        elif dash_glued.match(line):
            error("列表符号“-”后面缺少空格", line.index("-") + 2, "在“-”和后面的文字之间加一个空格，如“- title: …”")
        else:
            match = key_line.match(line)
            if not match:
                continue
            key, gap, after, nxt = (match.group(k) for k in ("key", "gap", "after", "next"))
            column = len(match.group("lead")) + len(key) + len(gap) + 1
            if after == "：":
                error(f"键“{key}”后面用了中文冒号“：”", column, f"改成英文冒号加一个空格，如“{key}: …”")
            elif after == ":" and not gap and nxt == "\u3000":
                error(f"键“{key}”的冒号后面是全角空格", column + 1, f"把冒号后的全角空格换成英文半角空格，如“{key}: …”")
            elif after == ":" and not gap and nxt not in ("", " ", "\t"):
                error(f"键“{key}”的冒号后面缺少空格", column, f"在冒号后加一个空格，如“{key}: …”")
            elif gap and after and ":" not in line and "：" not in line:
                error(f"键“{key}”后面缺少冒号", len(match.group("lead")) + len(key) + 1,
                      f"在键名后加英文冒号和一个空格，如“{key}: …”")
    return errors


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


def _syntax_error(source: SourceText, exc: yaml.MarkedYAMLError, keys: frozenset[str]) -> DrafterError:
    path = source.path
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or ""
    if "expected a single document" in (exc.context or ""):
        return DrafterError(
            "一个文件中只能有一份内容，这里出现了第二个文档分隔线“---”",
            position=_position(path, mark),
            hint="删除多余的“---”行，或把后面的内容移到单独的文件中",
        )
    refined = _refine(source, exc, keys)
    if refined:
        return refined
    for fragment, message, hint in _SYNTAX_MESSAGES:
        if fragment in problem:
            if fragment == "found unexpected end of stream" and exc.context_mark:
                mark = exc.context_mark  # where the unclosed quote opens
            return DrafterError(message, position=_position(path, mark), hint=hint)
    return DrafterError(
        f"YAML 格式错误（{problem}）",
        position=_position(path, mark),
        hint="检查该行的缩进、冒号后的空格和引号是否成对",
    )


def _refine(source: SourceText, exc: yaml.MarkedYAMLError, keys: frozenset[str]) -> DrafterError | None:
    """Name the usual cause of a syntax error, looking at the lines it points to."""
    lines = [m.line for m in (exc.context_mark, exc.problem_mark) if m is not None]
    first, last = min(lines), max(lines)
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
            return DrafterError(
                f"“{match.group('key')}”后面用了中文冒号“：”", position=Position(source.path, number + 1, match.end()),
                hint="键名后面要用英文冒号加一个空格",
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


def _position(path: Path, mark: yaml.Mark | None) -> Position:
    if mark is None:
        return Position(path)
    return Position(path, mark.line + 1, mark.column + 1)


class _Builder:
    """Turns a composed node graph into plain data plus a SourceMap."""

    def __init__(self, path: Path, loader: yaml.SafeLoader):
        self.path = path
        self.loader = loader
        self.source_map = SourceMap()
        self.errors: list[DrafterError] = []
        self.seen: set[int] = set()
        self.alias_nodes = 0

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if id(node) in self.seen:
            self.alias_nodes += 1
            if self.alias_nodes > ALIAS_BUDGET:
                raise DrafterError(
                    "别名（& 和 *）展开后的内容过多，文件被拒绝",
                    position=_position(self.path, node.start_mark),
                    hint="不要用别名复制大段内容，请直接写出需要的文字",
                )
        else:
            self.seen.add(id(node))
        self.source_map.values[path] = _position(self.path, node.start_mark)
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP_TAG:
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ_TAG:
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and node.tag in _SAFE_SCALAR_TAGS:
            self.source_map.spans[path] = (node.start_mark.index, node.end_mark.index)
            try:
                return self.loader.construct_object(node, deep=True)
            except (yaml.constructor.ConstructorError, ValueError):
                if node.tag.endswith(":timestamp"):
                    self._error(node, f"日期“{node.value}”不存在", "日期写成 2022-02-07，检查月份和日子")
                else:
                    self._error(node, f"无法识别的值“{node.value}”", "检查该值的写法")
                return node.value
        self._error(
            node,
            f"不支持的 YAML 标签“{node.tag.replace('tag:yaml.org,2002:', '!!')}”",
            "删除以“!”开头的标签，只写普通的文字、数字和列表",
        )
        return None

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._error(key_node, "键必须是一个简单的名称", "检查该行冒号前的内容")
                continue
            key = str(key_node.value)
            key_pos = _position(self.path, key_node.start_mark)
            if key in result:
                self._error(
                    key_node,
                    f"键“{key}”重复出现（第一次在第 {first_line[key]} 行）",
                    "删除或合并重复的键；同一层中每个键只能写一次",
                )
                continue
            first_line[key] = key_pos.line or 0
            self.source_map.keys[path + (key,)] = key_pos
            result[key] = self.build(value_node, path + (key,))
        return result

    def _error(self, node: yaml.Node, message: str, hint: str) -> None:
        self.errors.append(
            DrafterError(message, position=_position(self.path, node.start_mark), hint=hint)
        )
