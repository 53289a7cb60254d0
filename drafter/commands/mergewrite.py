"""drafter merge, the second half: what a merge would write, shown as diffs and a summary,
and writing it through the source editor so `drafter undo` can take it back."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path

from msgspec import Struct, field

from ..errors import DrafterError, Position, SourceErrors
from ..files import atomic_write
from ..readers.reviewed import DRAFTER_AUTHOR, Revision
from ..readers.texts import Texts
from ..readers.yamlsource import read_source
from ..writers import csvedit, history
from ..writers.changeset import apply
from ..writers.edit import edit_text
from .merge import Merge, prepare


class Written(Struct):
    history_id: str | None = None
    files: list[str] = field(default_factory=list)
    manual: list[str] = field(default_factory=list)  # workbook cells for a person to change


def new_texts(merge: Merge) -> dict[str, tuple[str, str]]:
    """Each file the merge changes: its text before and after (nothing written)."""
    out = {}
    for name, changes in merge.changes.items():
        path = merge.root / name
        if path.suffix.lower() == ".xlsx":
            continue
        source = read_source(path)
        after = csvedit.edit_csv(source.text, changes) if path.suffix.lower() == ".csv" else edit_text(source.text, changes)
        if after != source.text:
            out[name] = (source.text, after)
    for name, text in merge.new_files.items():
        out[name] = ("", text)
    return out


def diffs(merge: Merge) -> list[str]:
    """A unified diff per file, headed in Chinese."""
    lines = []
    for name, (before, after) in new_texts(merge).items():
        lines.append(f"===== {name}" + ("（新文件）" if not before else ""))
        lines += [line.rstrip("\r\n") for line in difflib.unified_diff(
            before.splitlines(), after.splitlines(), f"{name}（合并前）", f"{name}（合并后）", lineterm="", n=1)]
    return lines


def summary(merge: Merge) -> list[str]:
    """"sections/02-制度体系.yaml：改写 1 处，数据 1 项（191 → 195）" per file, then what follows from it."""
    lines = []
    for name, counts in merge.summary.items():
        parts = []
        if counts.rewrites:
            parts.append(f"改写 {counts.rewrites} 处")
        if counts.figures:
            parts.append(f"数据 {len(counts.figures)} 项（{'，'.join(counts.figures)}）")
        parts += [f"{label} {n} 项" for label, n in (("删除", counts.deleted), ("新增", counts.added), ("移动", counts.moved)) if n]
        if parts:
            lines.append(f"{name}：{'，'.join(parts)}")
    lines += [f"{name}：新建" for name in merge.new_files]
    if merge.computed:
        lines.append("以下数值由程序根据改过的数据重新计算：" + "；".join(merge.computed))
    reviewed = merge.reviewed
    if reviewed.insertions or reviewed.deletions:
        lines.append(f"审核稿中的修订已按“全部接受”处理：插入 {reviewed.insertions} 处，删除 {reviewed.deletions} 处")
    lines += merge.notes
    unplaced = merge.plan.unplaced + [
        f"{_where_revised(merge, r)}：格式修改 {r.formatting} 处（字体、加粗、缩进等由模板决定，不写回资料）"
        for r in reviewed.revisions if r.formatting]
    if unplaced:
        lines.append("以下修改无法对应到资料文件，没有合并，请手工处理：")
        lines += [f"  {item}" for item in unplaced]
    return lines


def _where(merge: Merge, index: int, at: int = 0) -> str:
    """The source file and line of character `at` of a reviewed paragraph, found through the map."""
    base = next((i for i, j in merge.plan.pairs if j == index and i is not None), None)
    if base is None or not merge.plan.paragraphs[base].fields:
        return f"审核稿第 {index + 1} 段"
    generated = merge.plan.paragraphs[base]
    matcher = difflib.SequenceMatcher(None, merge.reviewed.paragraphs[index].text, generated.text, autojunk=False)
    offset = next((b + at - a for a, b, size in matcher.get_matching_blocks() if a <= at < a + size), at)
    return _field_line(merge, generated, offset)


def _field_line(merge: Merge, generated, offset: int) -> str:
    """File and line of the field at character `offset` of a generated paragraph (or the one before it)."""
    found = next((f for f in generated.fields if f.start <= offset < f.end), None)
    found = found or next((f for f in reversed(generated.fields) if f.start <= offset), generated.fields[0])
    position = Texts(merge.current).position(found.path)
    return f"{found.file}:{position.line}" if position and position.line else found.file


def comments(merge: Merge) -> list[str]:
    """The reviewers' comments (not drafter's own) with their replies, by source file and line."""
    found = merge.reviewed.comments
    lines = []
    for index, paragraph in enumerate(merge.reviewed.paragraphs):
        for number, at in paragraph.comments.items():
            comment = found.get(number)
            if comment is None or comment.author == DRAFTER_AUTHOR or comment.parent is not None:
                continue
            lines.append(f"{_where(merge, index, at)}  {comment.author or merge.department or '审核人'}：{comment.text}")
            lines += [f"    回复 {reply.author or '审核人'}：{reply.text}" for reply in found.values() if reply.parent == number]
    return lines


def _where_revised(merge: Merge, revision: Revision) -> str:
    """The source file and line of the first tracked change in a paragraph, found through
    the map by the paragraph's text before the changes (drafter's, unless edited untracked)."""
    paragraphs = merge.plan.paragraphs
    scores = [difflib.SequenceMatcher(None, p.text, revision.original, autojunk=False).ratio() if p.fields else 0
              for p in paragraphs]
    best = max(range(len(paragraphs)), key=scores.__getitem__, default=None)
    if best is None or scores[best] < 0.5:
        return "（无法对应到资料文件）"
    generated = paragraphs[best]
    at = next((k for k, (a, b) in enumerate(zip(revision.original, revision.accepted)) if a != b),
              min(len(revision.original), len(revision.accepted)))
    return _field_line(merge, generated, at)


def revisions(merge: Merge) -> list[str]:
    """Where the tracked changes are, by source file and line (for `--revisions`)."""
    return [f"{_where_revised(merge, r)}  插入 {r.insertions} 处，删除 {r.deletions} 处"
            for r in merge.reviewed.revisions if r.insertions or r.deletions]


def write(merge: Merge) -> Written:
    """Write the merge: new section files first (a change set of their own), then every
    changed file as one change set; both in the history, so `drafter undo` reverts them."""
    done = Written()
    if merge.new_files:
        created = []
        for name, text in merge.new_files.items():
            path = merge.root / name
            if path.exists():
                raise DrafterError("要新建的小节文件已经存在，没有覆盖", position=Position(path), hint="改名或移走该文件后重试")
            created.append(history.FileChange(name, None, text.encode("utf-8")))
        history.record(merge.root, "merge", created)
        for change in created:
            atomic_write(merge.root / change.path, change.after)
        done.files += [change.path for change in created]
    result = apply(merge.root, merge.changes, "merge")
    done.history_id = result.id
    done.files += [change.path for change in result.files]
    done.manual = result.manual
    return done


def run(docx: Path, folder: Path, side: str | None, *, dry_run: bool, revisions_only: bool) -> Iterator[str]:
    """`drafter merge`: the lines to show, in order; conflicts are raised as problems (nothing written)."""
    merge = prepare(docx, folder, side)
    if revisions_only:
        yield from revisions(merge) or ["审核稿中没有修订记录。"]
        return
    remarks = comments(merge)
    if remarks:
        yield (f"{merge.department}的批注（按资料文件和行号）：" if merge.department
               else "审核人的批注（按资料文件和行号，请转给负责的科室）：")
        yield from (f"  {line}" for line in remarks)
    if merge.conflicts:
        hint = "没有写入任何文件。改好资料后重新合并；或加 --ours（保留资料）或 --theirs（采用审核稿）统一处理"
        raise SourceErrors([DrafterError(f"冲突：{c.what}\n  资料中：{c.ours}\n  审核稿：{c.theirs}", position=c.where, hint=hint)
                            for c in merge.conflicts])
    lines = summary(merge) or ["审核稿与资料一致，没有需要合并的修改。"]
    if dry_run:
        yield from diffs(merge)
        yield from lines
        yield "（--dry-run：没有写入任何文件）"
        return
    if not merge.changes and not merge.new_files:
        yield from lines
        return
    written = write(merge)
    yield from lines
    yield from (f"请在 Excel 中手工修改：{cell}" for cell in written.manual)
    yield f"已合并到 {len(written.files)} 个文件；可用 drafter undo {folder} 撤销。"
    kept = "科室的填写稿" if merge.department else "审核稿"
    yield f"下一步：drafter check {folder}，再 drafter build {folder} -o 第二稿.docx 重新生成（{kept}本身保留不动）。"
