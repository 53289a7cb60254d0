"""Edit a YAML source in place: only the lines a change touches are rewritten.

`edit_text` takes a file's decoded text and a list of changes (see
`changes`) and returns the new text.  It finds each value where the parser
says it is and splices new text over it; every other character stays as it
was: comments, indentation, quotes, key order, blank lines, line endings.
A list item or mapping key is a run of whole lines: its own, the comment lines
just above it (at its indentation or less) and the comment lines just below it
that are indented deeper; so a deleted or moved item takes its comments along.
A change inside a flow collection ([甲, 乙]) rewrites that collection on one line.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

import yaml
from msgspec import structs

from ..errors import DrafterError
from ..patterns import LINE_BREAK, lazy
from ..readers.yamlsource import compose
from . import yamltext
from .changes import (
    Change,
    DeleteItem,
    InsertItem,
    MoveItem,
    PathError,
    RemoveKey,
    SetKey,
    SetValue,
    apply_one,
)

_TRAILING_BLANK = lazy(r"(?:\r\n|\r|\n)[ \t\r\n]*\Z")


class EditError(DrafterError):
    """A change the editor cannot make in place (the file is left as it was)."""


def edit_text(text: str, changes: list[Change]) -> str:
    """`text` with `changes` applied one after another, everything else byte for byte as it was."""
    found = LINE_BREAK.search(text)
    newline = found.group(0) if found else "\n"
    last = LINE_BREAK.split(text)[-1]  # a last line without a line break
    if last:
        text += newline  # every line ends with a break while editing; taken off again if that line is still last
    for change in changes:
        text = _Editor(text, newline).apply(change)
    return text[: -len(newline)] if last and text.endswith(last + newline) else text


def _relative(change: Change, depth: int) -> Change:
    """`change` with its path taken from `depth` down (for a change inside a collection rewritten whole)."""
    return structs.replace(change, path=change.path[depth:])


def _describe(path: tuple) -> str:
    return "/".join(map(str, path)) or "（文件顶层）"


class _Editor:
    """One change on one text: the text's node graph, its lines, and splices over them."""

    def __init__(self, text: str, newline: str):
        self.text, self.nl = text, newline
        try:
            self.root = compose(text)[1]
        except yaml.YAMLError as exc:
            raise EditError(f"文件不是有效的 YAML，无法修改（{exc}）") from None
        self.starts = [0] + [m.end() for m in LINE_BREAK.finditer(text)]

    # --- finding -------------------------------------------------------------
    def find(self, path: tuple) -> tuple[yaml.Node | None, yaml.Node | None, yaml.Node]:
        """The node at `path`, its parent collection and (in a mapping) its key node."""
        parent = key = None
        node = self.root
        for step in path:
            if node is None:
                raise PathError(path)
            parent = node
            if isinstance(node, yaml.MappingNode) and isinstance(step, str):
                pair = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == step), None)
                if pair is None:
                    raise PathError(path)
                key, node = pair
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                key, node = None, node.value[step]
            else:
                raise PathError(path)
        return parent, key, node

    def end(self, node: yaml.Node) -> int:
        """Where the node's own text ends (a block scalar's trailing blank lines left out unless kept by `+`)."""
        if isinstance(node, yaml.ScalarNode):
            start, stop = node.start_mark.index, node.end_mark.index
            if node.style == "|":  # a literal block's lines are its text's lines, one for one
                lines = 0 if not node.value else len(node.value.split("\n")) - node.value.endswith("\n")
                return LINE_BREAK.search(self.text, self.starts[self.line(start) + lines]).start()
            if node.style == ">":
                header = self.text[start: self.starts[self.line(start) + 1]]
                if "+" in header.split("#")[0]:
                    found = LINE_BREAK.search(self.text, self.starts[self.line(stop - 1)])
                    return found.start() if found else stop
                trailing = _TRAILING_BLANK.search(self.text, start, stop)
                return trailing.start() if trailing else stop
            return stop
        if node.flow_style or not node.value:
            return node.end_mark.index
        last = node.value[-1]
        return max(self.end(last[0]), self.end(last[1])) if isinstance(last, tuple) else self.end(last)

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def _indent(self, number: int) -> int:
        row = self.text[self.starts[number]: self.starts[number + 1]]
        return len(row) - len(row.lstrip(" "))

    def _is_comment(self, number: int) -> bool:
        return 0 <= number < len(self.starts) - 1 and self.text[self.starts[number]: self.starts[number + 1]].lstrip(
            " ").startswith("#")

    def entry(self, anchor: int, column: int, end: int) -> tuple[int, int]:
        """The whole lines of an item or key starting at `anchor`: with its comments, see the module's note."""
        first, last = self.line(anchor), self.line(max(end - 1, anchor))
        while self._is_comment(first - 1) and self._indent(first - 1) <= column:
            first -= 1
        while self._is_comment(last + 1) and self._indent(last + 1) > column:
            last += 1
        return self.starts[first], self.starts[last + 1]

    def dash(self, item: yaml.Node) -> int:
        """The offset of the "-" that starts a block sequence's item."""
        at = item.start_mark.index - 1
        while at >= 0 and self.text[at] in " \r\n":
            at -= 1
        if at < 0 or self.text[at] != "-":
            raise EditError("列表项的写法无法识别，无法在原处修改")
        return at

    def column(self, offset: int) -> int:
        return offset - self.starts[self.line(offset)]

    def starts_line(self, offset: int) -> bool:
        return not self.text[self.starts[self.line(offset)]: offset].strip(" ")

    def item_range(self, seq: yaml.SequenceNode, i: int) -> tuple[int, int]:
        item = seq.value[i]
        at = self.dash(item)
        if not self.starts_line(at):
            raise EditError("列表项与上一层写在同一行（如“- - …”），无法在原处修改")
        return self.entry(at, self.column(at), self.end(item))

    def key_range(self, key: yaml.Node, value: yaml.Node) -> tuple[int, int]:
        at = key.start_mark.index
        return self.entry(at, self.column(at), max(self.end(key), self.end(value)))

    def splice(self, start: int, stop: int, new: str) -> str:
        return self.text[:start] + new + self.text[stop:]

    def lines(self, rows: list[str]) -> str:
        return "".join(row + self.nl for row in rows)

    # --- changing ------------------------------------------------------------
    def apply(self, change: Change) -> str:
        try:
            return self._apply(change)
        except PathError:
            raise EditError(f"文件中没有“{_describe(change.path)}”，无法修改") from None

    def _apply(self, change: Change) -> str:
        path = change.path
        if self.root is None:
            return self._into_empty(change)
        for end in range(len(path) + (isinstance(change, InsertItem))):
            node = self.find(path[:end])[2]
            if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.flow_style:
                if not node.value:  # [] or {} about to get content: written as block lines, as people do
                    empty: Any = [] if isinstance(node, yaml.SequenceNode) else {}
                    return self._rewrite(path[:end], node, apply_one(empty, _relative(change, end)))
                return self._reflow(path[:end], node, change)
        if isinstance(change, SetValue):
            return self._set(path, change.value)
        if isinstance(change, SetKey):
            parent = self.find(path[:-1])[2]
            if not isinstance(parent, yaml.MappingNode):
                raise PathError(path)
            if any(k.value == path[-1] for k, _ in parent.value):
                return self._set(path, change.value)
            return self._add_key(path, parent, change.value, change.before)
        if isinstance(change, RemoveKey):
            parent, key, node = self.find(path)
            if not isinstance(parent, yaml.MappingNode):
                raise PathError(path)
            return self._remove_key(path, parent, key, node)
        if isinstance(change, InsertItem):
            seq = self.find(path)[2]
            if not isinstance(seq, yaml.SequenceNode) or not 0 <= change.index <= len(seq.value):
                raise PathError(path + (change.index,))
            return self._insert(seq, change.index, self.lines(yamltext.emit([change.value], self._dash_column(seq))))
        parent, _, node = self.find(path)
        if not isinstance(parent, yaml.SequenceNode):
            raise PathError(path)
        if isinstance(change, DeleteItem):
            if len(parent.value) == 1:
                return self._rewrite(path[:-1], parent, [])
            return self.splice(*self.item_range(parent, path[-1]), "")
        assert isinstance(change, MoveItem)
        if not 0 <= change.to < len(parent.value):
            raise PathError(path[:-1] + (change.to,))
        if len(parent.value) == 1:
            return self.text
        start, stop = self.item_range(parent, path[-1])
        moved = self.text[start:stop]
        rest = _Editor(self.splice(start, stop, ""), self.nl)
        return rest._insert(rest.find(path[:-1])[2], change.to, moved)

    def _set(self, path: tuple, value: Any) -> str:
        if not path:
            raise EditError("不能整体替换文件的全部内容")
        parent, key, node = self.find(path)
        if isinstance(node, yaml.ScalarNode) and not (isinstance(value, (dict, list)) and value):
            owner = self.column(key.start_mark.index) if key is not None else self.column(self.dash(node))
            start, stop = node.start_mark.index, self.end(node)
            comment, indent = "", None
            if node.style in ("|", ">"):  # the header's comment stays; so does the text's indentation
                header = self.text[start: LINE_BREAK.search(self.text, start).start()]
                found = re.search(r"\s+#.*$", header)
                comment = found.group(0) if found else ""
                body = [row for row in LINE_BREAK.split(self.text[start + len(header): stop]) if row.strip()]
                indent = len(body[0]) - len(body[0].lstrip(" ")) if body else None
            rows = yamltext.scalar_lines(value, owner, style=node.style, indent=indent)
            lead = " " if start == stop and self.text[start - 1: start] in (":", "-") else ""
            if not rows[0]:  # nothing after the key: no blank left after the colon either
                while start > 0 and self.text[start - 1] == " ":
                    start -= 1
                lead = ""
            if len(rows) > 1:  # a block's lines come after whatever followed the value on its line (a comment)
                stop = LINE_BREAK.search(self.text, stop).start()
                comment += self.text[self.end(node): stop] if node.style not in ("|", ">") else ""
            return self.splice(start, stop, lead + rows[0] + comment + "".join(self.nl + row for row in rows[1:]))
        if isinstance(parent, yaml.SequenceNode) and len(parent.value) > 1:  # the item rewritten as "- …"
            rest = _Editor(self.splice(*self.item_range(parent, path[-1]), ""), self.nl)
            rows = yamltext.emit([value], self._dash_column(parent))
            return rest._insert(rest.find(path[:-1])[2], path[-1], self.lines(rows))
        if isinstance(parent, yaml.SequenceNode):
            return self._rewrite(path[:-1], parent, [value])
        return self._rewrite(path, node, value)

    def _dash_column(self, seq: yaml.SequenceNode) -> int:
        return self.column(self.dash(seq.value[0]))

    def _insert(self, seq: yaml.SequenceNode, index: int, block: str) -> str:
        if not seq.value:
            raise EditError("空列表无法在原处插入")
        at = self.item_range(seq, index)[0] if index < len(seq.value) else self.item_range(seq, index - 1)[1]
        return self.splice(at, at, block)

    def _key_column(self, mapping: yaml.MappingNode) -> int:
        return self.column(mapping.value[0][0].start_mark.index)

    def _add_key(self, path: tuple, mapping: yaml.MappingNode, value: Any, before: str | None) -> str:
        column = self._key_column(mapping)
        rows = yamltext.emit({path[-1]: value}, column)
        keys = [k.value for k, _ in mapping.value]
        if before in keys:
            key, node = mapping.value[keys.index(before)]
            if not self.starts_line(key.start_mark.index):  # the first key of "- key: …": the new one takes its place
                at = key.start_mark.index
                return self.splice(at, at, rows[0].lstrip(" ") + "".join(self.nl + row for row in rows[1:])
                                   + self.nl + " " * column)
            at = self.key_range(key, node)[0]
        else:
            at = self.key_range(*mapping.value[-1])[1]
        return self.splice(at, at, self.lines(rows))

    def _remove_key(self, path: tuple, mapping: yaml.MappingNode, key: yaml.Node, node: yaml.Node) -> str:
        if len(mapping.value) == 1:
            return self._rewrite(path[:-1], mapping, {})
        index = next(i for i, (k, _) in enumerate(mapping.value) if k is key)
        if not self.starts_line(key.start_mark.index):  # "- key: …": the next key moves up to the dash
            return self.splice(key.start_mark.index, mapping.value[index + 1][0].start_mark.index, "")
        return self.splice(*self.key_range(key, node), "")

    def _collection_range(self, node: yaml.Node) -> tuple[int, int]:
        """The whole lines of a block list's or mapping's entries."""
        if isinstance(node, yaml.SequenceNode):
            return self.item_range(node, 0)[0], self.item_range(node, len(node.value) - 1)[1]
        return self.key_range(*node.value[0])[0], self.key_range(*node.value[-1])[1]

    def _rewrite(self, path: tuple, node: yaml.Node, value: Any) -> str:
        """The value at `path` written anew: a scalar, [] or {} after its "key:" or "-", a list or mapping below it."""
        if not path:
            raise EditError("不能整体替换文件的全部内容")
        key = self.find(path)[1]
        owner_end = self.text.index(":", key.end_mark.index) + 1 if key is not None else self.dash(node) + 1
        owner = self.column(key.start_mark.index if key is not None else owner_end - 1)
        structured = isinstance(value, (dict, list)) and value
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value and not node.flow_style:
            start, stop = self._collection_range(node)
            if not self.starts_line(node.start_mark.index):  # "- key: …" becomes "- {}"
                if structured:
                    raise EditError("该内容与上一层写在同一行，无法在原处修改")
                rows = yamltext.scalar_lines(value, owner)
                return self.splice(node.start_mark.index, stop, self.lines(rows))
        else:
            start, stop = node.start_mark.index, self.end(node)
            while start > owner_end and self.text[start - 1] == " ":
                start -= 1
        edited = _Editor(self.splice(start, stop, ""), self.nl)
        if structured:
            line_end = LINE_BREAK.search(edited.text, owner_end).end()
            return edited.splice(line_end, line_end, edited.lines(yamltext.emit(value, owner + 2)))
        first, *rest = yamltext.scalar_lines(value, owner)
        line_end = LINE_BREAK.search(edited.text, owner_end).end()
        text = edited.splice(line_end, line_end, edited.lines(rest))
        return text[:owner_end] + (" " + first if first else "") + text[owner_end:]

    def _reflow(self, path: tuple, node: yaml.Node, change: Change) -> str:
        """A change inside a flow collection: the collection rewritten on one line."""
        value = yaml.load(self.text[node.start_mark.index: node.end_mark.index], Loader=yamltext._LOADER)
        value = apply_one(value, _relative(change, len(path)))
        if isinstance(value, (dict, list)) and value:
            return self.splice(node.start_mark.index, node.end_mark.index, yamltext.flow(value))
        return self.splice(node.start_mark.index, node.end_mark.index, yamltext.scalar_lines(value, 0)[0])

    def _into_empty(self, change: Change) -> str:
        """A file with nothing but comments gets its first keys."""
        if not isinstance(change, SetKey) or len(change.path) != 1:
            raise PathError(change.path)
        return self.text + self.lines(yamltext.emit({change.path[0]: change.value}, 0))
