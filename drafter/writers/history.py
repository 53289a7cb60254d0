"""The log of what drafter changed in a report folder, and undoing it.

Every change set drafter writes into a report folder (`check --fix`, merge,
the form …) is kept in `.drafter/history/`: one folder per change set with
`change.json` (time, command, files) and each file's bytes before and after.
A folder appears whole or not at all (it is written under a temporary name
and renamed).  `undo` restores the last change set that is not yet undone,
and refuses, naming the file, when a file changed since.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from msgspec import Struct

from ..errors import DrafterError, Position
from ..files import DRAFTER_FOLDER, atomic_write, drafter_folder

HISTORY = "history"
_MANIFEST = "change.json"
_UNDONE = "undone.json"


class FileChange(Struct, frozen=True):
    """One file of a change set: its path in the report folder, its bytes before and after (None: absent)."""

    path: str
    before: bytes | None
    after: bytes | None


class Entry(Struct, frozen=True):
    """A change set as the history keeps it."""

    id: str
    time: datetime
    command: str
    files: list[FileChange]
    undone: bool


def _folder(root: Path) -> Path:
    folder = drafter_folder(root) / HISTORY
    folder.mkdir(exist_ok=True)
    return folder


def record(root: Path, command: str, files: list[FileChange]) -> str:
    """Add a change set to the history (before its files are written); returns its id."""
    folder = _folder(root)
    now = datetime.now(timezone.utc)
    entry_id = f"{now:%Y%m%dT%H%M%S%fZ}-{command}"
    temp = Path(tempfile.mkdtemp(prefix=".~", dir=folder))
    try:
        listed = []
        for n, change in enumerate(files):
            names = {}
            for side in ("before", "after"):
                data = getattr(change, side)
                if data is not None:
                    names[side] = f"{n}.{side}"
                    atomic_write(temp / names[side], data)
            listed.append({"path": change.path, "before": names.get("before"), "after": names.get("after")})
        manifest = {"time": now.isoformat(), "command": command, "files": listed}
        atomic_write(temp / _MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
        os.chmod(temp, 0o755)
        os.replace(temp, folder / entry_id)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return entry_id


def entries(root: Path) -> list[Entry]:
    """The change sets, oldest first."""
    folder = root / DRAFTER_FOLDER / HISTORY
    if not folder.is_dir():
        return []
    found = []
    for entry in sorted(folder.iterdir()):
        manifest = entry / _MANIFEST
        if entry.name.startswith(".") or not manifest.is_file():
            continue
        data = json.loads(manifest.read_text(encoding="utf-8"))

        def blob(name: str | None, entry: Path = entry) -> bytes | None:
            return None if name is None else (entry / name).read_bytes()

        files = [FileChange(f["path"], blob(f["before"]), blob(f["after"])) for f in data["files"]]
        found.append(Entry(entry.name, datetime.fromisoformat(data["time"]), data["command"], files,
                           (entry / _UNDONE).is_file()))
    return found


def undo(root: Path) -> Entry:
    """Restore the files of the last change set not yet undone; returns it."""
    pending = [entry for entry in entries(root) if not entry.undone]
    if not pending:
        raise DrafterError("没有可以撤销的修改", position=Position(root),
                           hint="drafter history 资料文件夹 可以列出 drafter 做过的修改")
    entry = pending[-1]
    restore = []
    for change in entry.files:
        path = root / change.path
        now = path.read_bytes() if path.is_file() else None
        if now == change.after:
            restore.append((path, change.before))
        elif now != change.before:
            raise DrafterError(
                f"“{change.path}”在这次修改（{entry.command}）之后又被改过，没有撤销", position=Position(path),
                hint=f"这次修改前的文件保存在 {DRAFTER_FOLDER}/{HISTORY}/{entry.id}/ 中；请对照后手工改回，"
                     "或先把该文件恢复成修改后的样子再撤销",
            )
    for path, before in restore:
        if before is None:
            path.unlink()
        else:
            atomic_write(path, before)
    marker = {"time": datetime.now(timezone.utc).isoformat()}
    atomic_write(root / DRAFTER_FOLDER / HISTORY / entry.id / _UNDONE, json.dumps(marker).encode("utf-8"))
    return entry


# How the history names the commands that changed a report's files.
_COMMANDS = {"fix": "check --fix（自动改正）", "merge": "merge（审核稿的修改）", "form": "网页填写"}


def describe(entry: Entry) -> str:
    """One change set as `drafter history` lists it."""
    when = entry.time.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    files = "、".join(change.path for change in entry.files)
    return f"{when}  {_COMMANDS.get(entry.command, entry.command)}  {len(entry.files)} 个文件：{files}"
