"""Read one YAML file into plain data, remembering where every value came from.

Parsing stops at PyYAML's node graph: values are built here, so no tag can run
code, aliases are expanded under a budget, and each key and value keeps its
file, line and column for error messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DrafterError, Position, SourceErrors

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
    """Positions of values (and of mapping keys) by their path in the data."""

    values: dict[Path_, Position] = field(default_factory=dict)
    keys: dict[Path_, Position] = field(default_factory=dict)

    def graft(self, other: SourceMap, prefix: Path_) -> None:
        """Take over another file's positions, placed under `prefix`."""
        for path, pos in other.values.items():
            self.values[prefix + path] = pos
        for path, pos in other.keys.items():
            self.keys[prefix + path] = pos

    def pop_subtree(self, prefix: Path_) -> SourceMap:
        """Remove and return the positions under `prefix`, relative to it."""
        sub = SourceMap()
        for mine, theirs in ((self.values, sub.values), (self.keys, sub.keys)):
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


def read_text(path: Path) -> str:
    """A source file's text; UTF-8 with or without a byte-order mark."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DrafterError(
            "文件不是 UTF-8 编码，无法读取",
            position=Position(path, line),
            hint="请用记事本或 VS Code 打开该文件，“另存为”时选择 UTF-8 编码",
        ) from None


def load_yaml(path: Path) -> tuple[Any, SourceMap]:
    """Parse one YAML file into plain data and the positions of its values."""
    text = read_text(path)
    try:
        loader = yaml.SafeLoader(text)
        node = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        raise DrafterError(
            f"文件中含有不允许出现的控制字符 U+{exc.character:04X}",
            position=Position(path, text.count("\n", 0, exc.position) + 1),
            hint="删除该字符（常见于从网页或其他软件复制来的文字）",
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(path, exc) from None
    builder = _Builder(path, loader)
    data = None if node is None else builder.build(node, ())
    if builder.errors:
        raise builder.errors[0] if len(builder.errors) == 1 else SourceErrors(builder.errors)
    return data, builder.source_map


def _position(path: Path, mark: yaml.Mark | None) -> Position:
    if mark is None:
        return Position(path)
    return Position(path, mark.line + 1, mark.column + 1)


def _syntax_error(path: Path, exc: yaml.MarkedYAMLError) -> DrafterError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or ""
    if "expected a single document" in (exc.context or ""):
        return DrafterError(
            "一个文件中只能有一份内容，这里出现了第二个文档分隔线“---”",
            position=_position(path, mark),
            hint="删除多余的“---”行，或把后面的内容移到单独的文件中",
        )
    return DrafterError(
        f"YAML 格式错误（{problem}）",
        position=_position(path, mark),
        hint="检查该行的缩进、冒号后的空格和引号是否成对",
    )


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
            f"不支持的 YAML 标签“{node.tag}”",
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
