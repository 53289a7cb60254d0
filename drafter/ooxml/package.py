"""Zip packages (.docx, .xlsx): read every part, write with fixed timestamps.

Identical input must give identical bytes: no clock leaks into a package.
"""

from __future__ import annotations

import io
import zipfile

# The earliest time a zip entry can carry: no clock leaks into the file.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def xml_escape(text: str) -> str:
    """Text for XML content or a double-quoted attribute (xml.sax.saxutils drags in urllib)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


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
