"""Zip packages (.docx, .xlsx): read every part, write with fixed timestamps.

Identical input must give identical bytes: no clock leaks into a package.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

# The earliest time a zip entry can carry: no clock leaks into the file.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def zip_parts(parts: dict[str, bytes]) -> bytes:
    """A zip of `parts` in the given order, every entry stamped with one fixed time."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def read_parts(data: bytes) -> dict[str, bytes]:
    """Every entry of a zip, in archive order; ValueError if `data` is no zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}
    except zipfile.BadZipFile as exc:
        raise ValueError(f"not a .docx (zip) package: {exc}") from None


def add_part(parts: dict[str, bytes], name: str, data: bytes, *, content_type: str, rel_type: str,
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
