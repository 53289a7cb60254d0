"""Files drafter writes: atomic replacement, and the checks made before any work.

A failed write never leaves a half-written file where the user's document
was, and an output that cannot be written is refused before anything is read.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import DrafterError, Position

DRAFTER_FOLDER = ".drafter"  # drafter's own files for a report: no source pattern reads it, check ignores it


def drafter_folder(report_root: Path) -> Path:
    """The report's `.drafter/` folder (created if absent), where drafter keeps its own files."""
    folder = report_root / DRAFTER_FOLDER
    try:
        folder.mkdir(exist_ok=True)
    except OSError:
        raise DrafterError(f"无法建立 drafter 的文件夹 {DRAFTER_FOLDER}", position=Position(folder),
                           hint=f"报告文件夹中的 {DRAFTER_FOLDER} 应是一个文件夹；检查写入权限") from None
    if folder.is_symlink() or not folder.is_dir():
        raise DrafterError(f"{DRAFTER_FOLDER} 不是报告文件夹中的普通文件夹，没有写入", position=Position(folder),
                           hint=f"删除该链接或文件，drafter 会自己建立 {DRAFTER_FOLDER} 文件夹")
    return folder


def check_writable(output: Path) -> None:
    """Refuse, before any work, an output the user cannot get."""
    folder = output.parent
    if not folder.is_dir():
        raise DrafterError("输出文件夹不存在", position=Position(folder), hint="先建好该文件夹，或换一个输出位置")
    if not os.access(folder, os.W_OK):
        raise DrafterError("没有写入输出文件夹的权限", position=Position(folder), hint="换一个可以写入的文件夹")
    if output.is_dir():
        raise DrafterError("输出位置是一个文件夹", position=Position(output), hint="在 -o 后写文件名，如 报告.docx")


def require_empty(dest: Path) -> None:
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise DrafterError(
            "目标文件夹已存在且不是空的", position=Position(dest),
            hint="为了不覆盖各科室可能已经填写的资料，请指定一个新的文件夹",
        )
    if not dest.parent.is_dir():
        raise DrafterError("目标文件夹的上一级文件夹不存在", position=Position(dest.parent), hint="先建好上一级文件夹")


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
