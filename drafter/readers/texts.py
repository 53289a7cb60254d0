"""The model's values with where each one was written: the walk that positions, checks and
rewrites share.  Everything here works on a validated model and its source map."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Position
from ..model.report import Node, Report
from .yamlsource import SourceMap

if TYPE_CHECKING:
    from .sources import Sources


def values(node: Node, path: tuple):
    """Every value in the model below `node`, depth first, with its path in the sources: (path, value).

    A list's items come one by one; the path uses the keys as written (`for`, not `for_`).
    """
    for name, key in zip(node.__struct_fields__, node.__struct_encode_fields__):
        value = getattr(node, name)
        items = enumerate(value) if isinstance(value, list) else [(None, value)]
        for i, item in items:
            item_path = path + ((key,) if i is None else (key, i))
            yield item_path, item
            if isinstance(item, Node):
                yield from values(item, item_path)


def value_at(node: Node, path: tuple):
    """The model's value at a source path (keys as written, like `values` gives them)."""
    value = node
    for step in path:
        value = value[step] if isinstance(step, int) else getattr(value, _names(type(value))[step])
    return value


@functools.cache
def _names(struct: type[Node]) -> dict[str, str]:
    """A model class's field names by the keys the sources write (`for` → `for_`)."""
    return dict(zip(struct.__struct_encode_fields__, struct.__struct_fields__))


def in_file(sources: Sources, path: tuple) -> tuple[Path, tuple]:
    """The file a model path's value was written in, and the path inside that file."""
    section = path[:4]
    if len(path) >= 4 and path[0] == "parts" and path[2] == "sections":
        start = sources.source_map.values.get(section)
        if start is not None and start.path != sources.main and start.path in sources.files:
            return start.path, path[4:]
    return sources.main, path


def attach_positions(report: Report, source_map: SourceMap) -> None:
    report.position = source_map.find(())
    for path, value in values(report, ()):
        if isinstance(value, Node):
            value.position = source_map.find(path)


def iter_texts(node: Node, path: tuple = ()):
    """Every text of the model with its path in the sources: (path, text)."""
    return ((where, value) for where, value in values(node, path) if isinstance(value, str))


class Texts:
    """The report's texts with where each one is in which file."""

    def __init__(self, sources: Sources, keep: Callable[[tuple], bool] | None = None):
        """`keep`: which texts (by path) iterating over them gives; all when None."""
        self.sources = sources
        self.keep = keep

    @functools.cached_property
    def every(self) -> list[tuple[tuple, str]]:
        """Every text (collected once, when first asked for: finding positions needs none)."""
        return list(iter_texts(self.sources.report))

    @functools.cached_property
    def all(self) -> list[tuple[tuple, str]]:
        """The texts kept."""
        return self.every if self.keep is None else [(path, text) for path, text in self.every if self.keep(path)]

    def __iter__(self) -> Iterator[tuple[tuple, str]]:
        return iter(self.all)

    def position(self, path: tuple, needle: str | None = None) -> Position | None:
        """Where the text at `path` starts, or where `needle` is inside it."""
        found = self.offset(path, needle) if needle else None
        if found is not None:
            return found[0].position(found[1])
        return self.sources.source_map.find(path)

    def offset(self, path: tuple, needle: str):
        start_end = self.sources.source_map.spans.get(path)
        position = self.sources.source_map.values.get(path)
        if start_end is None or position is None:
            return None
        source = self.sources.files[position.path]
        index = source.text.find(needle, *start_end)
        return (source, index) if index >= 0 else None

    def raw(self, path: tuple):
        """The file and span a text was written in, as typed."""
        start_end = self.sources.source_map.spans.get(path)
        position = self.sources.source_map.values.get(path)
        if start_end is None or position is None:
            return None
        return self.sources.files[position.path], start_end
