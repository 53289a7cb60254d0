"""Writing .docx packages: fixed zip timestamps and atomic replacement.

Identical input must give identical bytes, and a failed write must never
leave a half-written file where the user's document was.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

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


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file renamed into place."""
    fd, temp_name = tempfile.mkstemp(prefix=".~drafter-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o666 & ~_UMASK)  # mkstemp makes it private; the output is an ordinary file
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
