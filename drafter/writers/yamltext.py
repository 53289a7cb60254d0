"""How drafter writes a value as YAML text: the way a department would type it.

Plain when YAML reads the text back unchanged; a block (`|`, or `>` where the
value was folded before) for text of several lines; double quotes when nothing
else reads back.  Every candidate is read back before it is chosen.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import yaml

from ..patterns import lazy

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Characters YAML may not hold raw, or reads as line breaks: escaped inside double quotes.
_ESCAPE = lazy("[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]")
# Characters a block scalar cannot hold.
_NOT_IN_BLOCK = lazy("[\r\t\x85\u2028\u2029\ufeff]")


def same(a: Any, b: Any) -> bool:
    """Equal data, types too: 1, 1.0 and true are different values in a source file."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b))  # .nan is .nan


def reads_back(snippet: str, expected: Any) -> bool:
    try:
        return same(yaml.load(snippet, Loader=_LOADER), expected)
    except yaml.YAMLError:
        return False


def double_quoted(text: str) -> str:
    def escape(match: re.Match) -> str:
        code = ord(match.group(0))
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"

    inner = json.dumps(text, ensure_ascii=False)[1:-1]
    return f'"{_ESCAPE.sub(escape, inner)}"'


def flow_scalar(value: Any, *, style: str | None = None, in_flow: bool = False) -> str:
    """`value` on one line: in the quotes it had (`style`) if they still hold it, else plain, else double-quoted."""
    if not isinstance(value, str):
        text = "null" if value is None else "true" if value is True else "false" if value is False else (
            value.isoformat() if hasattr(value, "isoformat") else repr(value) if isinstance(value, float) else str(value))
        if reads_back(f"k: {text}", {"k": value}):
            return text
        raise ValueError(f"drafter cannot write {value!r} as YAML")
    candidates = []
    if style == "'" and "\n" not in value and not _ESCAPE.search(value):
        candidates.append("'" + value.replace("'", "''") + "'")
    if style != '"' and "\n" not in value and value.strip() == value and value:
        candidates.append(value)
    for candidate in candidates:
        snippet, expected = (f"k: [{candidate}]", {"k": [value]}) if in_flow else (f"k: {candidate}", {"k": value})
        if reads_back(snippet, expected):
            return candidate
    return double_quoted(value)


def scalar_lines(value: Any, owner: int, *, style: str | None = None, indent: int | None = None) -> list[str]:
    """`value` as written after "key: " or "- ": the part on that line, then a block's lines.

    `owner` is the column of the key or the dash; a block's text is indented to
    `indent` (as the block it replaces was), or two more than the owner.
    """
    if value is None:
        return [""]  # nothing after the key reads as null, and reads as "to fill" to people
    if value == [] or value == {}:
        return ["[]" if value == [] else "{}"]
    # several lines, or one line that was a block and still ends a line (a block of one paragraph)
    multiline = "\n" in value.rstrip("\n") or (style in ("|", ">") and value.endswith("\n")) if isinstance(value, str) else False
    if multiline and not _NOT_IN_BLOCK.search(value) and not _ESCAPE.search(value):
        for folded in ((True, False) if style == ">" else (False,)):
            lines = _block(value, owner, folded, indent if indent and owner < indent <= owner + 9 else owner + 2)
            if reads_back("".join(row + "\n" for row in ["k: " + lines[0], *(line[owner:] for line in lines[1:])]), {"k": value}):
                return lines
    return [flow_scalar(value, style=style if style in ("'", '"') else None)]


def _block(text: str, owner: int, folded: bool, indent: int) -> list[str]:
    body = text.rstrip("\n")
    chomp = "-" if not text.endswith("\n") else "" if len(text) - len(body) == 1 else "+"
    rows = body.split("\n")
    if folded:
        rows = [row for pair in zip(rows, [""] * len(rows)) for row in pair][:-1]
    rows += [""] * (len(text) - len(body) - 1 if chomp == "+" else 0)
    indicator = str(indent - owner) if next((row for row in rows if row), "").startswith(" ") else ""
    pad = " " * indent
    return [(">" if folded else "|") + indicator + chomp, *(pad + row if row else "" for row in rows)]


def flow(value: Any) -> str:
    """A list or mapping on one line: [甲, 乙] or {name: 甲}."""
    if isinstance(value, list):
        return "[" + ", ".join(flow(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{flow_scalar(k, in_flow=True)}: {flow(v)}" for k, v in value.items()) + "}"
    return flow_scalar(value, in_flow=True)


# A value left to fill in: the key is written with nothing after it (YAML reads null), and a note.
OPEN = object()
OPEN_COMMENT = "  # 填写今年的数值，只写数字"


def emit(value: dict | list, indent: int) -> list[str]:
    """A mapping or list as block lines at `indent`: two spaces a level, one value a line."""
    pad = " " * indent
    out: list[str] = []
    items = value.items() if isinstance(value, dict) else ((None, item) for item in value)
    for key, item in items:
        head = f"{pad}{flow_scalar(key)}:" if key is not None else f"{pad}-"
        if item is OPEN:
            out.append(head + OPEN_COMMENT)
        elif isinstance(item, dict) and item and key is None:
            lines = emit(item, indent + 2)
            out += [f"{pad}- {lines[0].lstrip()}", *lines[1:]]
        elif isinstance(item, (dict, list)) and item:
            out += [head, *emit(item, indent + 2)]
        else:
            first, *rest = scalar_lines(item, indent)
            out += [f"{head} {first}" if first else head, *rest]
    return out
