"""A fingerprint of what drafter wrote, kept inside the .docx it wrote.

A rebuild over an existing file checks it first: a file whose content still
matches its fingerprint is drafter's unedited output and may be replaced; a
file edited since (in Word or WPS), or one drafter did not write, is kept.
The fingerprint covers the document's content (word/…), not the package's
property parts, which Word and WPS touch on their own.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path

from ...files import safe_name, sha256, sha256_of
from ...ooxml.ns import XML_HEAD, R, xml_escape
from ...ooxml.package import PackageError, Part, add_part, unzipped

PROPERTY = "drafter-fingerprint"
_RECORD = f'name="{PROPERTY}"><vt:lpwstr>'  # where `stamp` writes its value
_PART = "docProps/custom.xml"
_SLICE = 1 << 16  # characters of a property's value escaped at a time


class State(Enum):
    ABSENT = "absent"
    UNEDITED = "unedited"  # drafter's output, as drafter wrote it
    EDITED = "edited"  # drafter's output, changed since
    FOREIGN = "foreign"  # not written by drafter (or not a .docx)


def digest(parts: dict[str, Part]) -> str:
    names = _covered(parts)
    return "sha256:" + sha256(*(piece for name in names for piece in _framed(name, _chunks(parts[name]))))


def _chunks(data: Part) -> list[bytes]:
    return [data] if isinstance(data, bytes) else data  # the document part, as the renderer left it: in chunks


def _covered(names: Iterable[str]) -> list[str]:
    """The parts the fingerprint covers, the document's content, in the order it hashes them."""
    return sorted({name for name in names if name.startswith("word/")})


def _framed(name: str, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """A part as the fingerprint hashes it: its name, then its bytes (read as they come)."""
    yield name.encode("utf-8") + b"\0"
    yield from chunks
    yield b"\0"


def stamp(parts: dict[str, Part], more: dict[str, str] | None = None) -> dict[str, bytes]:
    """`parts` with the fingerprint of their content as a custom document property (and `more` properties)."""
    parts = dict(parts)
    properties = {PROPERTY: digest(parts)} | (more or {})
    # Each value escaped and encoded a slice at a time, the pieces joined once: a big report's hashes
    # of its source files (megabytes) are not copied at every step of building the part.
    pieces = [(f"{XML_HEAD}"
               '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
               'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">').encode("utf-8")]
    for n, (name, value) in enumerate(properties.items(), 2):
        pieces.append(f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{n}" name="{xml_escape(name)}">'
                      "<vt:lpwstr>".encode("utf-8"))
        pieces += [xml_escape(value[at:at + _SLICE]).encode("utf-8") for at in range(0, len(value), _SLICE)]
        pieces.append(b"</vt:lpwstr></property>")
    pieces.append(b"</Properties>")
    add_part(parts, _PART, b"".join(pieces), content_type="application/vnd.openxmlformats-officedocument.custom-properties+xml",
             rel_type=f"{R}/custom-properties", rel_id="rIdCustom", owner="")
    return parts


def state(path: Path) -> State:
    try:
        return state_of(path.read_bytes())
    except FileNotFoundError:
        return State.ABSENT
    except OSError:
        return State.FOREIGN


def state_of(data: bytes) -> State:
    """What a file's bytes are: drafter's output as written, drafter's output edited since, or another's."""
    try:  # each part read as it is hashed, only those the fingerprint covers: an old big report is never held
        with unzipped(data) as package:
            properties = b"".join(package.chunks(_PART)) if _PART in package.names else b""
            recorded = _recorded(properties.decode("utf-8", "replace"))
            if not recorded:
                return State.FOREIGN
            names = _covered(package.names)
            found = "sha256:" + sha256_of((piece for name in names for piece in _framed(name, package.chunks(name))),
                                          sum(map(package.size, names)))
    except PackageError:  # not a package, damaged, or a zip bomb
        return State.FOREIGN
    return State.UNEDITED if recorded == found else State.EDITED


def _recorded(properties: str) -> str | None:
    """The fingerprint `stamp` wrote into the properties part, as it wrote it."""
    start = properties.find(_RECORD)
    end = properties.find("</vt:lpwstr>", start)
    if start < 0 or end < 0:
        return None
    value = properties[start + len(_RECORD):end]
    return value if value and "<" not in value else None



def backup_names(path: Path, saved: float) -> Iterator[Path]:
    """报告.docx → 报告（修改稿备份 2026-11-28 09-30-00）.docx (dated `saved`, when it was last saved),
    then 报告（修改稿备份 2026-11-28 09-30-00 2）.docx …"""
    stamp = datetime.datetime.fromtimestamp(saved).strftime("%Y-%m-%d %H-%M-%S")
    stem = safe_name(path.stem)
    yield path.with_name(f"{stem}（修改稿备份 {stamp}）{path.suffix}")
    for n in itertools.count(2):
        yield path.with_name(f"{stem}（修改稿备份 {stamp} {n}）{path.suffix}")


def word_lock(path: Path) -> Path | None:
    """Word's owner file ~$… beside a document it has open, if there is one."""
    for name in ("~$" + path.name, "~$" + path.name[2:]):
        lock = path.with_name(name)
        if len(name) > 2 + len(path.suffix) and lock.exists():
            return lock
    return None
