"""Files drafter reads and writes, and the rules that keep them where they belong.

A failed write never leaves a half-written file where the user's document
was, and an output that cannot be written is refused before anything is read.
Every file read for a report resolves (links followed) inside its folder;
names taken from content (titles, organisations) are made safe before they
name a file; drafter's own files for a report (backups, history) live in one
`.drafter/` folder at the report's root; a backup never takes a name another
run took.
"""

from __future__ import annotations

import errno
import functools
import ntpath
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .errors import DrafterError, DrafterWarning, Position
from .patterns import lazy

DRAFTER_FOLDER = ".drafter"  # drafter's own files for a report: no source pattern reads it, check ignores it
STEM_CHARS = 60
STEM_BYTES = 150  # UTF-8; a stem plus any suffix drafter adds (backup dates, .docx) stays under 255 bytes
WINDOWS_MAX_PATH = 260  # characters, the terminating NUL included
ON_WINDOWS = os.name == "nt"

# Characters Windows forbids in names (and the separators of both systems), control characters too.
_FORBIDDEN = lazy(r'[<>:"/\\|?*\x00-\x1f\x7f]+')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{dev}{n}" for dev in ("COM", "LPT") for n in "123456789¹²³"}
# Where a long name is best cut: before punctuation or a space, after a closing bracket.
_CLOSING = set("）)》】")
_BREAKS = set(" -_，、。；：,;") | _CLOSING


def _fit(text: str) -> str:
    """`text` cut to STEM_CHARS characters and STEM_BYTES bytes, preferably at punctuation."""
    cut = text[:STEM_CHARS]
    while len(cut.encode("utf-8")) > STEM_BYTES:
        cut = cut[:-1]
    while cut and len(cut) < len(text) and unicodedata.combining(text[len(cut)]):
        cut = cut[:-1]  # never part a letter from its accent
    if len(cut) < len(text):
        last = max((i for i, ch in enumerate(cut) if ch in _BREAKS), default=-1)
        if last >= len(cut) * 2 // 3:
            cut = cut[: last + 1] if cut[last] in _CLOSING else cut[:last]
    return cut


def safe_name(text: str, fallback: str = "报告") -> str:
    """`text` (a title, an organisation) as a file-name stem valid on Windows and elsewhere.

    No separators or characters Windows forbids (each run becomes "-"), no
    leading dots or trailing dots and spaces, no reserved device name (CON,
    NUL, COM1 …), one space for any run of blanks, at most STEM_CHARS
    characters and STEM_BYTES bytes; `fallback` when nothing is left.
    """
    name = unicodedata.normalize("NFC", text)
    name = _FORBIDDEN.sub("-", name)
    name = re.sub(r"\s+", " ", name).lstrip(" .-")
    name = _fit(name).rstrip(" .-")
    if not name:
        return fallback
    if name.split(".")[0].strip().upper() in _RESERVED:
        name = "_" + name
    return name


def distinct_names(stems: list[str], alternatives: list[str]) -> list[str]:
    """Names for a batch's outputs: each stem, or where two coincide, its alternative (甲局-2021)."""
    taken: dict[str, int] = {}
    for stem in stems:
        taken[stem.casefold()] = taken.get(stem.casefold(), 0) + 1  # Windows folds case
    return [alt if taken[stem.casefold()] > 1 else stem for stem, alt in zip(stems, alternatives)]


# From this size on hashlib (OpenSSL) is the faster SHA-256, its import included.
_OPENSSL_FROM = 4 * 1024 * 1024


def sha256(*pieces: bytes) -> str:
    """The SHA-256 of `pieces`, fed in turn (a big piece is never copied), in hex.

    Importing hashlib loads OpenSSL, about 3 ms of a 0.15 s build; a small
    package is hashed by CPython's own SHA-256 instead (the same digests,
    a sixth of OpenSSL's speed), a big one by hashlib."""
    return sha256_of(pieces, sum(map(len, pieces)))


def sha256_of(pieces: Iterable[bytes], size: int) -> str:
    """sha256 of pieces read as they come (a part hashed as it is inflated is never held whole),
    `size` their total length, which picks the implementation as sha256's does."""
    if size < _OPENSSL_FROM:
        new = _builtin_sha256()
    else:
        from hashlib import sha256 as new
    content = new()
    for piece in pieces:
        content.update(piece)
    return content.hexdigest()


@functools.cache  # found once: a failed import is not remembered, and searches every folder on sys.path again
def _builtin_sha256() -> Callable[[], Any]:
    try:
        from _sha2 import sha256  # Python 3.12 and later
    except ImportError:
        try:
            from _sha256 import sha256  # Python 3.10, 3.11
        except ImportError:
            from hashlib import sha256
    return sha256


def file_hash(path: Path) -> str:
    """A source file's content as the merge map records it (raises OSError)."""
    return "sha256:" + sha256(path.read_bytes())


def too_long_for_windows(path: str) -> bool:
    """Whether Windows (without long-path support) refuses `path`, an absolute Windows path."""
    return len(ntpath.normpath(path)) >= WINDOWS_MAX_PATH


def path_warnings(paths: Iterable[Path]) -> list[DrafterWarning]:
    """A warning for each written path Windows may not open (only on Windows, where it matters)."""
    if not ON_WINDOWS:
        return []
    return [
        DrafterWarning(f"路径长达 {len(str(path.absolute()))} 个字符，Windows 上部分程序（包括旧版 Word）可能无法打开",
                       position=Position(path), hint="把文件放在路径较短的文件夹中，如 D:\\报告\\")
        for path in paths if too_long_for_windows(str(path.absolute()))
    ]


# --- reading: nothing from outside the report folder --------------------------------
# A Windows directory junction is a link too (os.path.isjunction: Python 3.12 and later).
_is_junction = getattr(os.path, "isjunction", lambda path: False)


def _link_in(root: Path, path: Path) -> Path:
    """The first link on the way from `root` to `path`, or `path` itself."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return path
    step = root
    for part in parts:
        step = step / part
        if step.is_symlink() or _is_junction(step):
            return step
    return path


def inside(root: Path, path: Path, real_root: Path | None = None, folders: dict[Path, Path] | None = None) -> Path:
    """`path` with its links followed, refused unless it lies inside the folder `root`
    (`real_root`: root with its links followed, and `folders`, the folders resolved so far, when
    the caller has many paths).

    The message names the link and nothing of what it points to (its content
    may be anything, a password file included).
    """
    real = path.resolve() if folders is None else _resolved(path, folders)
    if real.is_relative_to(real_root or root.resolve()):
        return real
    link = _link_in(root, path)
    raise DrafterError(
        f"“{link.name}”是一个链接，指向报告文件夹之外，没有读取", position=Position(link),
        hint="把要引用的文件复制到报告文件夹中（不要用链接或快捷方式），再引用它",
    )


def _resolved(path: Path, folders: dict[Path, Path]) -> Path:
    """path.resolve(), its folder's links followed once for all the files in it: a name that is
    no link is itself in the folder's real place."""
    if path.is_symlink():
        return path.resolve()
    folder = folders.get(path.parent)
    if folder is None:
        folder = folders[path.parent] = path.parent.resolve()
    return folder / path.name


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


# --- writing ---------------------------------------------------------------------------
def check_writable(output: Path) -> None:
    """Refuse, before any work, an output the user cannot get."""
    try:
        _check_writable(output)
    except OSError as exc:  # a name too long, a folder that cannot be looked into
        raise write_fault(output, exc) from None


def _check_writable(output: Path) -> None:
    folder = output.parent
    if not folder.is_dir():
        raise DrafterError("输出文件夹不存在", position=Position(folder), hint="先建好该文件夹，或换一个输出位置")
    if not os.access(folder, os.W_OK):
        raise DrafterError("没有写入输出文件夹的权限", position=Position(folder), hint="换一个可以写入的文件夹")
    if output.is_dir():
        raise DrafterError("输出位置是一个文件夹", position=Position(output),
                           hint="在 -o 后写文件名（如 报告.docx），或把这个同名的文件夹改名")
    if output.exists() and not output.is_file():  # a FIFO or a device (perhaps behind a symlink): never read or written
        raise DrafterError("输出位置不是普通文件（是设备或管道），没有读取也没有写入", position=Position(output),
                           hint="在 -o 后写一个普通文件的名字，如 报告.docx")


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


# What a failed write means to the user, and what to do, by errno.
_FAULTS = {
    errno.ENOSPC: ("磁盘空间不足", "清理磁盘空间，或换一个有空间的位置后重试"),
    errno.EDQUOT: ("超出了磁盘配额", "清理文件，或换一个位置后重试"),
    errno.EROFS: ("该位置是只读的（如光盘、只读挂载的磁盘或网络文件夹）", "换一个可以写入的文件夹"),
    errno.EACCES: ("没有写入权限，或文件正在其他程序（Word、WPS、PDF 阅读器）中打开",
                   "关闭打开该文件的程序，或检查文件和文件夹的权限"),
    errno.EPERM: ("没有写入权限", "检查文件和文件夹的权限，或换一个位置"),
    errno.EBUSY: ("文件正被其他程序占用", "关闭正在使用该文件的程序（Word、WPS、PDF 阅读器等）后重试"),
    errno.ETXTBSY: ("文件正被其他程序占用", "关闭正在使用该文件的程序后重试"),
    errno.ENAMETOOLONG: ("文件名或路径太长", "换一个短一些的文件名，或放在层次较浅的文件夹中"),
    errno.EISDIR: ("该位置是一个文件夹", "写一个文件名，而不是文件夹"),
    errno.ENOENT: ("文件夹不存在（可能刚被移动或删除）", "确认文件夹存在后重试"),
}


def write_fault(path: Path, exc: OSError, doing: str = "写入") -> DrafterError:
    """The Chinese error for an OSError met writing (or `doing` something else to) `path`."""
    message, hint = _FAULTS.get(exc.errno, (f"{doing}失败（{exc.strerror or exc}）", "检查磁盘和文件夹后重试"))
    return DrafterError(f"无法{doing}：{message}；原有的文件没有改动", position=Position(path), hint=hint)


def _temporary(folder: Path, data: bytes) -> str:
    """A complete temporary file with `data` in `folder`, with the usual permissions."""
    fd, temp_name = tempfile.mkstemp(prefix=".~drafter-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o666 & ~_UMASK)  # mkstemp makes it private; the output is an ordinary file
    except BaseException:
        try:
            Path(temp_name).unlink(missing_ok=True)
        except OSError:
            pass
        raise
    return temp_name


def atomic_write(path: Path, data: bytes, *, replace: bool = True) -> None:
    """Write `data` to `path` through a temporary file renamed into place.

    With `replace=False` an existing file is never replaced: FileExistsError.
    Any other OSError (a full disk, a read-only folder, a file held open by a
    viewer) becomes a DrafterError naming `path`; what was there is kept.
    """
    try:
        temp_name = _temporary(path.parent, data)
    except OSError as exc:
        raise write_fault(path, exc) from None
    try:
        if replace:
            os.replace(temp_name, path)
        else:
            _link_new(temp_name, path, data)
    except FileExistsError:
        raise
    except OSError as exc:
        raise write_fault(path, exc) from None
    finally:
        try:
            Path(temp_name).unlink(missing_ok=True)
        except OSError:
            pass


def _link_new(temp_name: str, path: Path, data: bytes) -> None:
    """`path`, created only if no file has the name: a hard link is atomic and exclusive."""
    try:
        os.link(temp_name, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (FAT, some network drives): exclusive create
        with open(path, "xb") as handle:
            handle.write(data)


def write_new(data: bytes, names: Iterable[Path], mtime_ns: int | None = None) -> Path:
    """Write `data` under the first of `names` that no file (nor a concurrent run) holds; returns it.

    Each name is created exclusively, so two runs never share one.  A name
    already holding the very same bytes is taken as done: two runs backing up
    one edited file keep one backup.  `mtime_ns` dates the file (a backup
    keeps the time its original was saved).
    """
    for candidate in names:
        try:
            atomic_write(candidate, data, replace=False)
        except FileExistsError:
            try:
                if candidate.read_bytes() == data:
                    return candidate
            except OSError:
                pass
            continue
        if mtime_ns is not None:
            os.utime(candidate, ns=(mtime_ns, mtime_ns))
        return candidate
    raise DrafterError("无法为备份找到可用的文件名", position=None, hint="清理旧的备份文件后重试")
