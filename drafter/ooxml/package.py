"""Zip packages (.docx, .xlsx): read every part within limits, write with fixed timestamps.

Identical input must give identical bytes: no clock leaks into a package.
Reading inflates each part as a stream and stops at the first limit, so a
small hostile file (a zip bomb) can neither fill the memory nor run for long.
"""

from __future__ import annotations

import contextlib
import io
import os
import posixpath
import stat
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import DrafterError, Position

# The earliest time a zip entry can carry: no clock leaks into the file.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

# Limits on what a package may inflate to.  drafter's own output for a report of
# 5000 copies of the example's sections (about 27 million characters) holds a
# word/document.xml of 74 MB compressed 105 to 1 (the copies repeat within
# deflate's window); Word's own parts compress far less.  A zip bomb inflates
# to gigabytes at ratios near deflate's limit of about 1000 to 1.
MAX_PART = 256 * 1024 * 1024
MAX_TOTAL = 512 * 1024 * 1024
MAX_RATIO = 250
_RATIO_FREE = 1024 * 1024  # a part this small may have any ratio (a page of spaces does)
_CHUNK = 1024 * 1024

# A part to write: its bytes, or (a big part, made as it is written) its chunks in order.
Part = bytes | Iterable[bytes]


def utf8_chunks(pieces: Iterable[str], size: int = 1 << 16) -> Iterator[bytes]:
    """Pieces of text as UTF-8, joined into chunks of about `size` characters: few calls to
    encode, and the text and its UTF-8 are never both held whole."""
    batch, length = [], 0
    for piece in pieces:
        batch.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(batch).encode("utf-8")
            batch, length = [], 0
    if batch:
        yield "".join(batch).encode("utf-8")


def drained(items: list) -> Iterator:
    """The list's items in order, each dropped from it as it is given."""
    items.reverse()
    while items:
        yield items.pop()


class PackageError(DrafterError):
    """A package drafter cannot or will not read; the caller adds the file's position."""

    def __init__(self, message: str):
        super().__init__(message, hint="确认该文件能在 Word（表格：Excel、WPS）中正常打开；必要时“另存为”一份新的文件后再试")


def zip_parts(parts: dict[str, Part]) -> bytes:
    """A zip of `parts` in the given order, every entry stamped with one fixed time.  A part given
    as chunks is deflated chunk by chunk, never held whole; its entry is that of the chunks joined."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            if isinstance(data, bytes):
                archive.writestr(info, data)
                continue
            with archive.open(info, "w") as entry:  # sizes and CRC go into the entry's header when it closes
                for chunk in data:
                    entry.write(chunk)
    return buffer.getvalue()


def read_parts(source: bytes | Path) -> dict[str, bytes]:
    """Every entry of a zip (given as bytes or as a file), in archive order.

    Raises PackageError when `source` is no zip, is damaged, or would inflate
    past MAX_PART, MAX_TOTAL or MAX_RATIO; OSError when the file cannot be read.
    """
    if isinstance(source, bytes):
        return _read(io.BytesIO(source))
    with open(source, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise PackageError("不是普通文件（可能是文件夹或设备），无法读取")
        return _read(handle)


class Unzipped:
    """A zip's entries read one at a time, in any order, each a chunk at a time: a big one is
    never held whole.  The limits are read_parts' (counted over the entries read)."""

    def __init__(self, archive: zipfile.ZipFile):
        self._archive = archive
        self._total = 0
        self.names = archive.namelist()

    def size(self, name: str) -> int:
        """The entry's size inflated, as the zip declares it."""
        return self._archive.getinfo(name).file_size

    def chunks(self, name: str) -> Iterator[bytes]:
        for chunk in _inflated(self._archive, self._archive.getinfo(name), MAX_TOTAL - self._total):
            self._total += len(chunk)
            yield chunk


@contextlib.contextmanager
def unzipped(source: bytes) -> Iterator[Unzipped]:
    """The zip `source`, to read entry by entry; every failure, then or while reading, a PackageError."""
    with _failures(), zipfile.ZipFile(io.BytesIO(source)) as archive:
        yield Unzipped(archive)


def read_package(path: Path) -> dict[str, bytes]:
    """read_parts of the file at `path`, every failure a DrafterError naming the file."""
    try:
        return read_parts(path)
    except PackageError as exc:
        raise DrafterError(exc.message, position=Position(path), hint=exc.hint) from None
    except OSError as exc:
        raise DrafterError(f"无法读取文件（{exc.strerror}）", position=Position(path),
                           hint="检查文件是否存在、是否有读取权限，以及是否正在其他程序中打开") from None


def _read(stream) -> dict[str, bytes]:
    with _failures(), zipfile.ZipFile(stream) as archive:
        parts: dict[str, bytes] = {}
        total = 0
        for info in archive.infolist():
            data = io.BytesIO()  # its value is its buffer: no chunks joined beside it
            for chunk in _inflated(archive, info, MAX_TOTAL - total):
                data.write(chunk)
            parts[info.filename] = data.getvalue()
            total += len(parts[info.filename])
        return parts


@contextlib.contextmanager
def _failures() -> Iterator[None]:
    """Every way reading a zip fails, as a PackageError saying it in Chinese."""
    try:
        yield
    except PackageError:
        raise
    except zipfile.BadZipFile:
        raise PackageError("不是有效的 .docx 文件（或 .xlsx 表格）：不是 zip 压缩包，或文件已损坏") from None
    except (zlib.error, EOFError, ValueError, OverflowError):
        raise PackageError("文件已损坏：其中的压缩数据无法解开") from None
    except (NotImplementedError, RuntimeError):  # an unknown compression method, or encryption
        raise PackageError("文件用了无法读取的压缩或加密方式（例如设置了打开密码）") from None


def _inflated(archive: zipfile.ZipFile, info: zipfile.ZipInfo, room: int) -> Iterator[bytes]:
    """One part, inflated chunk by chunk and counted against the limits as it grows."""
    if info.file_size > MAX_PART:  # as declared; the count below catches a lie
        raise _too_large(info)
    size = 0
    with archive.open(info) as part:
        while chunk := part.read(_CHUNK):
            size += len(chunk)
            if size > MAX_PART:
                raise _too_large(info)
            if size > room:
                raise PackageError(f"文件解压后超过 {MAX_TOTAL >> 20} MB，文件过大或是恶意构造的压缩包，没有读取")
            # Compressed bytes read so far (zipfile keeps what is left; without it, the part's whole size).
            consumed = info.compress_size - getattr(part, "_compress_left", 0)
            if size > _RATIO_FREE and size > MAX_RATIO * max(1, consumed):
                raise PackageError(f"其中的“{info.filename}”压缩比异常（超过 {MAX_RATIO} 倍），"
                                   "可能是恶意构造的压缩包，没有读取")
            yield chunk


def _too_large(info: zipfile.ZipInfo) -> PackageError:
    return PackageError(f"其中的“{info.filename}”解压后超过 {MAX_PART >> 20} MB，文件过大或是恶意构造的压缩包，没有读取")


def add_part(parts: dict[str, Part], name: str, data: Part, *, content_type: str, rel_type: str,
             rel_id: str, owner: str = "word/document.xml") -> None:
    """Put part `name` into `parts`, declared in [Content_Types].xml and related from
    `owner` (a part, or "" for the package itself), each at most once."""
    parts[name] = data
    folder, _, file = owner.rpartition("/")
    rels = f"{folder}/_rels/{file}.rels" if folder else f"_rels/{file}.rels"
    types = parts["[Content_Types].xml"].decode("utf-8")
    if f'PartName="/{name}"' not in types:
        override = f'<Override PartName="/{name}" ContentType="{content_type}"/>'
        parts["[Content_Types].xml"] = types.replace("</Types>", override + "</Types>").encode("utf-8")
    relations = parts[rels].decode("utf-8")
    if f'Id="{rel_id}"' not in relations:
        target = posixpath.relpath(name, folder or ".")
        relation = f'<Relationship Id="{rel_id}" Type="{rel_type}" Target="{target}"/>'
        parts[rels] = relations.replace("</Relationships>", relation + "</Relationships>").encode("utf-8")
