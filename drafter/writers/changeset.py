"""Write a set of changes into a report folder: every file verified, recorded, then replaced.

`apply(root, {file: [changes]}, command)` is the one way drafter changes the
departments' files.  Each YAML file is edited in place (`edit`), each CSV
sheet cell by cell (`csvedit`); the new text is read back as drafter reads
sources and must give exactly the intended data, in the file's own encoding,
before anything is written.  The change set goes into the history first, so
`drafter undo` can restore it; then each file is replaced atomically.
XLSX workbooks are never written: their changes come back for a person to make.
"""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct, field

from ..errors import DrafterError, Position, SourceErrors
from ..files import atomic_write
from ..readers.sources import KEYS
from ..readers.yamlsource import SourceText, parse, read_source
from . import csvedit, history
from .changes import Change, applied
from .edit import EditError, edit_text
from .yamltext import same


class ChangeSet(Struct):
    """What `apply` did: the files it changed, and the workbook cells a person has to change."""

    command: str
    files: list[history.FileChange] = field(default_factory=list)
    manual: list[str] = field(default_factory=list)
    id: str | None = None  # the history entry, when files were written


def apply(root: Path | str, edits: dict[Path | str, list], command: str) -> ChangeSet:
    """Apply `edits` (file → its changes) as one change set named `command`; returns what was done.

    A file is named by its path relative to `root`, or by a path that includes `root`."""
    root = Path(root)
    result = ChangeSet(command)
    planned: list[tuple[Path, bytes, bytes]] = []
    for name, changes in edits.items():
        path = _inside(root, Path(name))
        if path.suffix.lower() == ".xlsx":
            result.manual += [_by_hand(path, root, change) for change in changes]
            continue
        source = read_source(path)
        before = path.read_bytes()
        after = _encoded(source, _edited(source, changes))
        if after != before:
            planned.append((path, before, after))
    if not planned:
        return result
    result.files = [history.FileChange(path.relative_to(root).as_posix(), before, after)
                    for path, before, after in planned]
    for path, before, _ in planned:
        if path.read_bytes() != before:
            raise DrafterError("文件在修改过程中被其他程序改动，没有写入", position=Position(path), hint="稍后重试")
    result.id = history.record(root, command, result.files)
    for path, _, after in planned:
        atomic_write(path, after)
    return result


def _inside(root: Path, path: Path) -> Path:
    full = path if path.is_absolute() or path.is_relative_to(root) else root / path
    if not full.resolve().is_relative_to(root.resolve()) or not full.is_file():
        raise DrafterError("要修改的文件不在报告文件夹中", position=Position(full), hint="只能修改报告文件夹内的资料文件")
    return full


def _edited(source: SourceText, changes: list) -> str:
    """The new text, verified: read back, it gives what the changes intend."""
    if source.path.suffix.lower() == ".csv":
        new_text = csvedit.edit_csv(source.text, changes)
        intended, found = csvedit.intended_rows(csvedit.read_rows(source.text), changes), csvedit.read_rows(new_text)
    else:
        data, _ = parse(source, KEYS)
        intended = applied(data, changes)
        new_text = edit_text(source.text, changes)
        try:
            found, _ = parse(SourceText(source.path, new_text, source.encoding), KEYS)
        except DrafterError as exc:
            problem = exc.errors[0] if isinstance(exc, SourceErrors) else exc
            raise EditError(f"修改后的文件无法读取（{problem.message}），没有写入", position=Position(source.path)) from None
    if not same(found, intended):
        raise EditError("修改后的文件读出来与预期的内容不同，没有写入", position=Position(source.path),
                        hint="这是 drafter 的问题，请把该文件和所做的修改报告给维护者")
    return new_text


def _encoded(source: SourceText, text: str) -> bytes:
    try:
        return source.encode(text)
    except UnicodeEncodeError:
        raise EditError(f"新内容无法用该文件的编码（{source.encoding}）保存，没有写入", position=Position(source.path)) from None


def _by_hand(path: Path, root: Path, change: Change | csvedit.SetCell) -> str:
    """A workbook cell to change, said for a person."""
    if not isinstance(change, csvedit.SetCell):
        raise EditError("Excel 工作簿只能按单元格修改", position=Position(path))
    sheet = f"工作表“{change.sheet}”" if change.sheet else "第一个工作表"
    return f"{path.relative_to(root).as_posix()} {sheet} 第 {change.row} 行第 {change.column} 列：改为“{change.value}”"
