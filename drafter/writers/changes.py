"""Changes to a source file's data, by field path: what the editor writes in place.

A path is the way down from the file's top: ("points", 2, "text").  Changes
apply one after another, each to the data the previous ones left; `applied`
gives the data a list of changes intends, which the editor checks its text
against.  `between` finds the changes that turn one file's data into another's.
"""

from __future__ import annotations

import copy
from typing import Any

from msgspec import Struct

Path_ = tuple[str | int, ...]


class SetValue(Struct, frozen=True):
    """Replace the value at an existing `path` (a scalar in place; a list or mapping rewritten)."""

    path: Path_
    value: Any


class SetKey(Struct, frozen=True):
    """Give a mapping's key `path[-1]` the value: replaced if present, else added (before `before`, or last)."""

    path: Path_
    value: Any
    before: str | None = None


class RemoveKey(Struct, frozen=True):
    path: Path_


class InsertItem(Struct, frozen=True):
    """Insert `value` into the list at `path`, so that it becomes item `index`."""

    path: Path_
    index: int
    value: Any


class DeleteItem(Struct, frozen=True):
    path: Path_  # the item's path: ("points", 2)


class MoveItem(Struct, frozen=True):
    """Move the item at `path` to position `to` of the same list (counted after it is taken out)."""

    path: Path_
    to: int


Change = SetValue | SetKey | RemoveKey | InsertItem | DeleteItem | MoveItem


class PathError(LookupError):
    """A change names a path the data does not have."""


def lookup(data: Any, path: Path_) -> Any:
    for step in path:
        in_mapping = isinstance(data, dict) and isinstance(step, str) and step in data
        in_list = isinstance(data, list) and type(step) is int and 0 <= step < len(data)
        if not (in_mapping or in_list):
            raise PathError(path)
        data = data[step]
    return data


def apply_one(data: Any, change: Change) -> Any:
    """`data` after `change` (changed in place where it can be; the result is returned)."""
    if not change.path and isinstance(change, SetValue):
        return copy.deepcopy(change.value)
    if isinstance(change, InsertItem):
        target = lookup(data, change.path)
        if not isinstance(target, list) or not 0 <= change.index <= len(target):
            raise PathError(change.path + (change.index,))
        target.insert(change.index, copy.deepcopy(change.value))
        return data
    if not change.path:
        raise PathError(change.path)
    holder = lookup(data, change.path[:-1])
    last = change.path[-1]
    if isinstance(change, SetKey):
        if not isinstance(holder, dict) or not isinstance(last, str):
            raise PathError(change.path)
        if last not in holder and change.before in holder:
            items = list(holder.items())
            at = list(holder).index(change.before)
            holder.clear()
            holder.update(items[:at] + [(last, None)] + items[at:])
        holder[last] = copy.deepcopy(change.value)
    else:
        lookup(data, change.path)
        if isinstance(change, SetValue):
            holder[last] = copy.deepcopy(change.value)
        elif isinstance(change, RemoveKey):
            if not isinstance(holder, dict):
                raise PathError(change.path)
            del holder[last]
        elif isinstance(holder, list):
            item = holder.pop(last)
            if isinstance(change, MoveItem):
                if not 0 <= change.to <= len(holder):
                    holder.insert(last, item)
                    raise PathError(change.path[:-1] + (change.to,))
                holder.insert(change.to, item)
        else:
            raise PathError(change.path)
    return data


def applied(data: Any, changes: list[Change]) -> Any:
    """The data `changes` intend, from `data` (which is left as it was)."""
    result = copy.deepcopy(data)
    for change in changes:
        result = apply_one(result, change)
    return result


def between(old: Any, new: Any, path: Path_ = ()) -> list[Change]:
    """Changes that turn `old` into `new`, touching as little as they can:
    scalars set where they differ, keys added and removed, items added or dropped at a list's end."""
    from .yamltext import same

    if same(old, new):
        return []
    if isinstance(old, dict) and isinstance(new, dict) and new:
        changes: list[Change] = [RemoveKey(path + (key,)) for key in old if key not in new]
        for key, value in new.items():
            if key in old:
                changes += between(old[key], value, path + (key,))
            else:
                later = [k for k in list(new)[list(new).index(key) + 1:] if k in old]
                changes.append(SetKey(path + (key,), value, later[0] if later else None))
        return changes
    if isinstance(old, list) and isinstance(new, list):
        common = min(len(old), len(new))
        changes = [change for i in range(common) for change in between(old[i], new[i], path + (i,))]
        changes += [DeleteItem(path + (i,)) for i in range(len(old) - 1, common - 1, -1)]
        changes += [InsertItem(path, i, new[i]) for i in range(common, len(new))]
        return changes
    return [SetValue(path, new)]

