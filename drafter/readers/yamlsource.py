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
from pathlib import Path
from typing import Any

import yaml
from msgspec import Struct, field

from ..errors import DrafterError, Position, SourceErrors
from ..patterns import LINE_BREAK, lazy
from .encodings import encoding_of_lines
from .yamlmistakes import mark_position, typing_mistakes

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


class SourceMap(Struct):
    """Positions of values and mapping keys, and the spans of texts, by path in the data."""

    values: dict[Path_, Position] = field(default_factory=dict)
    keys: dict[Path_, Position] = field(default_factory=dict)
    spans: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # character offsets in the file

    def _tables(self) -> tuple[dict, dict, dict]:
        return self.values, self.keys, self.spans

    def graft(self, other: SourceMap, prefix: Path_) -> None:
        """Take over another file's positions, placed under `prefix` (one path, one tuple, however
        many tables hold it: a big report's paths are much of what its sources hold)."""
        placed: dict[Path_, Path_] = {}
        for mine, theirs in zip(self._tables(), other._tables()):
            for path, entry in theirs.items():
                full = placed.get(path)
                if full is None:
                    full = placed[path] = prefix + path
                mine[full] = entry

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




class SourceText(Struct, frozen=True, dict=True):  # dict: for the cached line tables
    """A source file's text and how it was stored, so a fix can write it back alike."""

    path: Path
    text: str
    encoding: str  # a codec name: utf-8, utf-8-sig, utf-16-le, utf-16-be, gb18030

    @functools.cached_property
    def _starts(self) -> list[int]:
        return [0] + [m.end() for m in LINE_BREAK.finditer(self.text)]

    @functools.cached_property
    def lines(self) -> list[str]:
        """The lines as YAML counts them (LF, CRLF or CR ends a line)."""
        return LINE_BREAK.split(self.text)

    def release_lines(self) -> None:
        """Drop the lines (a copy of the text, made again if asked for): reading the file needed
        them; positions need only where lines start."""
        self.__dict__.pop("lines", None)

    def line_start(self, number: int) -> int:
        """The offset at which line `number` (1-based) starts."""
        return self._starts[number - 1]

    def position(self, offset: int) -> Position:
        """Line and column (1-based) of a character offset."""
        line = bisect.bisect_right(self._starts, offset)
        return Position(self.path, line, offset - self._starts[line - 1] + 1)

    def encode(self, text: str) -> bytes:
        """`text` stored as this file was: the same encoding, byte order and byte order mark."""
        return _UTF16_BOMS.get(self.encoding, b"") + text.encode(self.encoding)


_UTF16_BOMS = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
_BOMS = [(codecs.BOM_UTF8, "utf-8-sig"), *((bom, name) for name, bom in _UTF16_BOMS.items())]


def read_source(path: Path) -> SourceText:
    """A source file's text: UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030.

    Notepad and WPS on Chinese Windows save in any of these, so all are read
    as they are.  A file that mixes UTF-8 and GBK lines (a line pasted from
    another file) is refused at the first line of the other encoding, not
    read whole as GB18030 into nonsense; a stray NUL is named at its line;
    anything else (binary junk) is refused with a hint.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DrafterError(f"无法读取文件（{exc.strerror}）", position=Position(path), hint="检查文件是否存在、是否有读取权限") from None
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        encoding = encoding_of_lines(path, data)
    try:
        text = data[len(_UTF16_BOMS.get(encoding, b"")):].decode(encoding)
    except UnicodeDecodeError:
        text = None
    if text is not None and text.count("\x00") <= max(8, len(text) // 100):  # more: a binary file
        nul = text.find("\x00")
        if nul >= 0:
            source = SourceText(path, text, encoding)
            raise DrafterError("文件中有空字符（U+0000），通常是从其他软件复制来的", position=source.position(nul),
                               hint="删除该字符：在该处前后各删一个字再重新输入，然后保存") from None
        return SourceText(path, text, encoding)
    raise DrafterError(
        "文件不是文本文件，或编码无法识别",
        position=Position(path, 1, 1),
        hint="用记事本或 VS Code 打开该文件，“另存为”时选择 UTF-8 编码；若是 Word 文档，请把文字复制到 YAML 文件中",
    )


class Parsed(Struct):
    """One file read as far as it goes: its data, positions, text and every problem found in it.

    After a syntax error the offending lines are left out (`unread`) and the rest is read: the
    data is then the rest's, and `source` the text as read, those lines emptied.  The data is None
    when nothing could be read."""

    data: Any
    source_map: SourceMap
    source: SourceText
    errors: list[DrafterError]
    unread: list[int] = field(default_factory=list)  # numbers of the lines left out
    readable: bool = True

    @property
    def parsed(self) -> bool:
        """The whole file was read."""
        return self.readable and not self.unread


def load_yaml(path: Path, keys: frozenset[str] = frozenset()) -> tuple[Any, SourceMap, SourceText]:
    """Parse one YAML file into plain data, the positions of its values, and its text; raises on any problem."""
    source = read_source(path)
    data, source_map = parse(source, keys)
    return data, source_map, source


# How many syntax errors one file may report before the rest is left for the next run.
_SYNTAX_ROUNDS = 20


def parse(source: SourceText, keys: frozenset[str] = frozenset()) -> tuple[Any, SourceMap]:
    """Parse a source's text (as `load_yaml` does a file's): the data and its positions; raises on any problem.
    The editor reads what it is about to write with it."""
    parsed = read_text(source, keys)
    if parsed.errors:
        raise parsed.errors[0] if len(parsed.errors) == 1 else SourceErrors(parsed.errors)
    return parsed.data, parsed.source_map


def read_yaml(path: Path, keys: frozenset[str] = frozenset()) -> Parsed:
    """Read one YAML file, finding every problem a person should see in one round (see `read_text`)."""
    return read_text(read_source(path), keys)


def read_text(source: SourceText, keys: frozenset[str] = frozenset()) -> Parsed:
    """Read a source's text, finding every problem a person should see in one round.

    `keys` are the key names the sources use: lines that start with one of
    them are checked for input-method mistakes first.  Each such mistake is
    repaired in a copy of the text (a tab becomes spaces, "：" becomes ": "), so
    the rest of the file is read as it was meant; after a syntax error, the
    offending line is blanked and parsing goes on, to report the next one too.
    """
    path = source.path
    mistakes, repaired = typing_mistakes(source, keys)
    errors: list[DrafterError] = list(mistakes)
    text, unread = repaired, []
    for _ in range(_SYNTAX_ROUNDS):
        attempt = SourceText(path, text, source.encoding)
        try:
            loader, node = compose(text)
            builder = _Builder(path, loader)
            data = None if node is None else builder.build(node, ())
        except yaml.reader.ReaderError as exc:
            errors.append(DrafterError(
                f"文件中含有不允许出现的控制字符 U+{exc.character:04X}",
                position=attempt.position(exc.position),
                hint="删除该字符（常见于从网页或其他软件复制来的文字）",
            ))
            break
        except yaml.MarkedYAMLError as exc:
            from .yamlsyntax import (
                syntax_error,  # explaining a syntax error: loaded when one occurs
            )

            error = syntax_error(attempt, exc, keys)
            line = error.position.line if error.position else None
            if not any(e.position and e.position.line == line for e in errors):
                errors.append(error)
            blanked = _blank_line(attempt, line)
            if blanked is None:
                break
            text = blanked
            unread.append(line)
            continue
        except RecursionError:
            errors.append(DrafterError(
                "括号或缩进嵌套的层次太深，文件被拒绝", position=Position(path, 1, 1),
                hint="检查文件中是否有大量连续的“[”或“{”",
            ))
            break
        errors.extend(builder.errors)
        read_as = attempt if mistakes or unread else source
        source.release_lines()
        read_as.release_lines()
        return Parsed(data, builder.source_map, read_as, _by_place(errors), sorted(unread))
    return Parsed(None, SourceMap(), source, _by_place(errors), sorted(unread), readable=False)


def _by_place(errors: list[DrafterError]) -> list[DrafterError]:
    """A file's problems in the order of its lines."""
    return sorted(errors, key=lambda e: (e.position.line or 0, e.position.column or 0) if e.position else (0, 0))


# A key or list item at a line's start (compiled when a syntax error first needs it).
_KEY_START = lazy(r"^(\s*(?:-\s+)?[^\s:#\"'][^:#]*?:)(?=\s|$)|^(\s*-)(?=\s|$)")


def _blank_line(source: SourceText, line: int | None) -> str | None:
    """The text with line `line` left out, or None when there is nothing to leave out.  A key or
    list item keeps its place with an empty value, so the lines after it read as they stand."""
    if line is None or not 0 < line <= len(source.lines) or not source.lines[line - 1].strip():
        return None
    text = source.lines[line - 1]
    start = source.line_start(line)
    kept = _KEY_START.match(text)
    replacement = next(g for g in kept.groups() if g) if kept else ""
    if replacement == text.rstrip():
        replacement = ""  # nothing but the key: leave the line out altogether
    return source.text[:start] + replacement + source.text[start + len(text):]


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
                    position=mark_position(self.path, node.start_mark),
                    hint="不要用别名复制大段内容，请直接写出需要的文字",
                )
        else:
            self.seen.add(id(node))
        self.source_map.values[path] = mark_position(self.path, node.start_mark)
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
            key_pos = mark_position(self.path, key_node.start_mark)
            if key in result:
                self._error(
                    key_node,
                    f"键“{key}”重复出现（第一次在第 {first_line[key]} 行）",
                    "删除或合并重复的键；同一层中每个键只能写一次",
                )
                continue
            first_line[key] = key_pos.line or 0
            key_path = path + (key,)
            self.source_map.keys[key_path] = key_pos
            result[key] = self.build(value_node, key_path)
        return result

    def _error(self, node: yaml.Node, message: str, hint: str) -> None:
        self.errors.append(
            DrafterError(message, position=mark_position(self.path, node.start_mark), hint=hint)
        )
