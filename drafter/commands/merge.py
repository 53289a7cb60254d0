"""drafter merge: a reviewer's .docx back into the report's sources, as a three-way merge.

Base: what drafter generated (the map inside the .docx).  Theirs: the
reviewed text.  Ours: the sources now.  A field only the reviewer changed
takes the reviewer's text; one only the sources changed keeps the sources';
one changed on both sides, differently, is a conflict, and nothing is written
unless the user chose a side for all.  Everything is written through the
source editor (`writers.changeset`), recorded in the history for `drafter undo`.
"""

from __future__ import annotations

import copy
import datetime
import fnmatch
import re
from pathlib import Path

from msgspec import Struct, field

from ..errors import DrafterError, Position, SourceErrors, sheet_file
from ..files import file_hash
from ..model import figures as figure_values
from ..model.report import Figure, date_text
from ..readers.reviewed import BuildMap, Reviewed, read_map, read_reviewed
from ..readers.sources import KEYS, Sources, load
from ..readers.texts import in_file, value_at, values
from ..readers.yamlsource import load_yaml
from ..writers.changes import (
    DeleteItem,
    InsertItem,
    MoveItem,
    RemoveKey,
    SetKey,
    SetValue,
)
from ..writers.csvedit import SetCell
from ..writers.docx.fingerprint import word_lock
from .mergeplan import NewItem, Plan, plan
from .mergescope import refusals

THEIRS = "theirs"  # the side `--theirs` chooses; `--ours` is "ours"
COMPUTED_HINT = "比率和同比由程序根据数据计算，不能直接改写；请修改它所依据的数据（分子、分母或去年数值）"


class Conflict(Struct):
    where: Position | None
    what: str
    ours: str
    theirs: str


class FileSummary(Struct):
    rewrites: int = 0
    figures: list[str] = field(default_factory=list)  # "191 → 195"
    deleted: int = 0
    added: int = 0
    moved: int = 0


class Merge(Struct):
    """What a merge found and would do; `changes` go to the editor file by file."""

    root: Path
    reviewed: Reviewed
    plan: Plan
    current: Sources
    changes: dict[str, list] = field(default_factory=dict)
    new_files: dict[str, str] = field(default_factory=dict)  # a new section file → its text
    summary: dict[str, FileSummary] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    computed: list[str] = field(default_factory=list)  # values the program will compute anew
    notes: list[str] = field(default_factory=list)
    department: str | None = None  # a department's file (build --by-department): whose

    def file(self, name: str) -> FileSummary:
        return self.summary.setdefault(name, FileSummary())


def _base_map(docx: Path, reviewed: Reviewed, current: Sources, root: Path) -> BuildMap:
    """The map in the reviewed file; without one, the map of the current sources, but only
    when every source file is byte for byte the one the reviewed file was built from."""
    if reviewed.map is not None:
        return reviewed.map
    if not reviewed.hashes:
        raise DrafterError(
            "该 Word 文档中没有 drafter 生成时留下的对照信息，无法判断审核人改了什么", position=Position(docx),
            hint="请用 drafter build 生成的审核稿；如果审核稿来自别处，可用 drafter import 另建一份资料")
    known = source_names(current)
    changed = sorted(name for name, digest in reviewed.hashes.items()
                     if name not in known or file_hash(root / name) != digest)
    changed += sorted(known - set(reviewed.hashes))
    if changed:
        raise DrafterError(
            "审核稿中的对照信息已丢失（可能被其他软件另存时删除），而这些资料文件在生成审核稿之后又改过："
            + "、".join(changed), position=Position(root),
            hint="把这些文件恢复成生成审核稿时的样子（drafter history / drafter undo）再合并；或对照审核稿手工修改")
    from ..ooxml.package import read_parts
    from ..writers.docx.builtin import (
        builtin_template,  # only without a map: a rebuild in memory
    )
    from ..writers.docx.render import load_template

    department = None
    if reviewed.department is not None:  # a department's file: its own sections, laid out as it was given them
        from ..layout.department import departments

        department = next((d for d in departments(current.report) if d.name == reviewed.department), None)
        if department is None:
            raise DrafterError(f"资料中已没有“{reviewed.department}”负责的小节，无法合并这份填写稿", position=Position(docx),
                               hint="确认小节文件中的 department 与填写稿的科室一致，或对照填写稿手工修改")
    data = load_template(builtin_template(current.report.fonts)).render(current.report, sources=current,
                                                                         department=department)
    return read_map(read_parts(data))


def prepare(docx: Path, folder: Path, side: str | None = None) -> Merge:
    """Everything the merge would do, nothing written; raises DrafterError if it cannot start."""
    lock = word_lock(docx)
    if lock is not None:
        raise DrafterError("审核稿正在 Word/WPS 中打开，其中还没保存的修改不会被合并", position=Position(docx),
                           hint=f"请先在 Word/WPS 中保存并关闭它（{lock.name} 表示它正被打开），再合并")
    reviewed = read_reviewed(docx)
    current = load(folder)
    root = current.root
    built = _base_map(docx, reviewed, current, root)
    result = Merge(root, reviewed, plan(built, [p.text for p in reviewed.paragraphs]), current)
    refused = refusals(docx, built, [p.text for p in reviewed.paragraphs], result.plan)
    if refused:
        raise SourceErrors(refused)
    result.department = built.scope.department if built.scope else None
    raws: dict[str, object] = {}

    def raw(name: str):
        if name not in raws:
            raws[name] = load_yaml(root / name, KEYS)[0]
        return raws[name]

    bases = {f.path: f for p in built.paragraphs for f in p.fields}
    _known_files_only(result, built)
    _texts(result, side, raw)
    _figures(result, built, side)
    _lists(result, bases, side, raw)
    _sections(result)
    for f, name in result.plan.replaced:
        if f.path[-1] == "value":
            continue  # said with the figure line (see _texts)
        result.notes.append(f"{f.file}：占位符【{name}】处的文字被{result.department or '审核人'}改写，合并后写成了文字")
    return result


def source_names(sources: Sources) -> set[str]:
    """The report's files (sections, sheets) by their names relative to the report folder."""
    paths = set(sources.files) | {sheet_file(f.position.path)[0]
                                  for f in figure_values.all_figures(sources.report) if f.position is not None}
    return {p.relative_to(sources.root).as_posix() for p in paths}


def _known_files_only(result: Merge, built: BuildMap) -> None:
    """Edits go only where the sources now put the same field: a file renamed, removed or
    reordered since the build (or a map naming files the report does not have) gets none."""
    known = source_names(result.current)
    plan_ = result.plan
    for path, (base, _) in list(plan_.texts.items()):
        known_now = _ours(result.current, path) is not None or path[-1] == "value"  # a figure's value may be empty
        now = in_file(result.current, path)[0].relative_to(result.root).as_posix() if known_now else None
        if base.file not in known or now != base.file:
            if plan_.texts[path][1] is None or plan_.texts[path][1].source != base.source:
                plan_.unplaced.append(f"{base.file}：“{base.source[:16]}”所在的文件已改名、移走或调整了顺序，这处修改没有合并")
            del plan_.texts[path]
    for key in [k for k in plan_.lists if k[0] not in known]:
        plan_.unplaced.append(f"{key[0]}：文件已不存在，其中要点的增删没有合并")
        del plan_.lists[key]
    for name in [n for n, f in built.figures.items() if f.file not in known]:
        del built.figures[name]


def _ours(current: Sources, path: tuple):
    try:
        return value_at(current.report, path)
    except (IndexError, StopIteration, AttributeError, TypeError):
        return None


def _conflict(result: Merge, path: tuple, what: str, ours, theirs) -> None:
    result.conflicts.append(Conflict(result.current.source_map.find(path), what, str(ours), str(theirs)))


def _date(text: str | None):
    """The date a reviewer typed (2022年2月8日) as the sources hold it."""
    match = re.fullmatch(r"\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*", text or "")
    try:
        return datetime.date(*map(int, match.groups())) if match else None
    except ValueError:
        return None


def _texts(result: Merge, side: str | None, raw) -> None:
    for path, (base, theirs) in result.plan.texts.items():
        new = None if theirs is None else theirs.source
        if new == base.source:
            continue
        if path[-1] == "value":  # a department's figure line: only a number goes back, as the figure's value
            result.plan.unplaced.append(f"{base.file}：{base.source}的数值改成了“{new or ''}”，不是数字，没有合并（只写阿拉伯数字）")
            continue
        ours = _ours(result.current, path)
        value = new
        if path == ("date",):  # compared as printed (2022年2月7日), written as a date
            ours, value = date_text(ours) if ours else None, _date(new)
            if value is None:
                result.plan.unplaced.append(f"{base.file}：成文日期改成了“{new or ''}”，不是日期，没有合并")
                continue
        local = base.local
        if ours != base.source and path != ("date",):
            now = _moved(result.current, base)
            if now is not None:  # a point inserted before it, say: the same text, further down
                ours, local = base.source, in_file(result.current, now)[1]
        if ours != base.source:
            if ours == new:
                continue
            if side != THEIRS:
                if side is None:
                    _conflict(result, path, "资料和审核稿都改了这段文字", ours, new if new is not None else "（删除）")
                continue
        change = _text_change(raw(base.file), local, value)
        if change is None:
            result.plan.unplaced.append(f"{base.file}：不能删除“{base.source[:16]}”（标题等必填内容）")
            continue
        result.changes.setdefault(base.file, []).append(change)
        result.file(base.file).rewrites += 1


def _moved(current: Sources, base) -> tuple | None:
    """Where the sources hold a field's generated-from text now, if it moved within its file
    (the same kind of field, its text unchanged, found exactly once); else None."""
    shape = [step for step in base.path if not isinstance(step, int)]
    found = [path for path, value in values(current.report, ()) if value == base.source and len(path) == len(base.path)
             and [step for step in path if not isinstance(step, int)] == shape
             and in_file(current, path)[0].relative_to(current.root).as_posix() == base.file]
    return found[0] if len(found) == 1 else None


def _text_change(raw, local: tuple, new: str | None):
    """The editor's change that puts `new` at `local`, in the shape the file has there:
    a paragraph written as plain text, or as {text: …}; None for a text that cannot go."""
    node = raw
    for k, step in enumerate(local):
        if isinstance(node, str) and local[k:] == ("text",):
            return SetValue(local[:k], new) if new is not None else None
        if isinstance(node, str) and len(local) == k + 2 and local[k + 1] == "text":  # a block, one paragraph a line
            lines = [line for line in node.splitlines() if line.strip()]
            lines[local[k]] = new
            return SetValue(local[:k], "\n".join(lines) + "\n") if new is not None else None
        node = node[step] if isinstance(node, (list, dict)) and (isinstance(node, dict) and step in node or
                                                                  isinstance(node, list) and step < len(node)) else None
    if new is None:
        return RemoveKey(local) if local[-1] in ("title", "text") and "points" in local else None
    if isinstance(node, str) and node.endswith("\n") and isinstance(new, str) and not new.endswith("\n"):
        new += "\n"  # a block (`|`) keeps its final line break: the model reads the text without it
    return SetKey(local, new) if isinstance(local[-1], str) else SetValue(local, new)


def _number(text: str) -> float | int | None:
    text = text.removesuffix("%")
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() and "." not in text else value


def _figures(result: Merge, built: BuildMap, side: str | None) -> None:
    current = figure_values.values(result.current.report)
    changed: dict[str, float | int] = {}
    for (name, modifier), seen in result.plan.figures.items():
        figure = built.figures.get(name)
        olds = {old for old, _ in seen}
        news = {new for _, new in seen if new not in olds}
        if figure is None or not news:
            continue
        now = current.get(name)
        if modifier == "同比" or figure.computed:
            label = f"【{name}{':' + modifier if modifier else ''}】"
            what = f"{label}由程序计算，审核稿把它改成了“{'、'.join(sorted(news))}”。"
            if side is None:
                result.conflicts.append(Conflict(now.figure.position if now else None, what + COMPUTED_HINT,
                                                 next(iter(olds)), "、".join(sorted(news))))
            else:  # no side can make a computed value typed: the program's stays
                result.notes.append(what + "仍按程序计算；" + COMPUTED_HINT)
            continue
        if len(news) > 1:
            result.conflicts.append(Conflict(None, f"数据【{name}】在审核稿中被改成了不同的数值", next(iter(olds)), "、".join(sorted(news))))
            continue
        new = _number(next(iter(news)))
        key = "last_year" if modifier == "上年" else "value"
        base = figure.last_year if key == "last_year" else figure.value
        ours = None if now is None else (now.figure.last_year if key == "last_year" else now.figure.value)
        if ours != base and ours != new and side != THEIRS:
            if side is None:
                result.conflicts.append(Conflict(now.figure.position if now else None,
                                                 f"资料和审核稿都改了数据【{name}】", str(ours), str(new)))
            continue
        if now is None:
            result.conflicts.append(Conflict(None, f"数据【{name}】已不在资料中，审核稿改了它的数值", "（已删除）", str(new)))
            continue
        file, change = _figure_change(result.current, now.figure, key, new)
        if change is None:
            result.plan.unplaced.append(f"{file}：数据【{name}】的去年数值在表中没有这一列，请手工填写 {new}")
            continue
        result.changes.setdefault(file, []).append(change)
        result.file(file).figures.append(f"{figure_values.format_number(base) if base is not None else '（空）'} → {new}")
        if key == "value":
            changed[name] = new
    _recomputed(result, changed)


def _figure_change(current: Sources, figure: Figure, key: str, new) -> tuple[str, SetKey | SetCell | None]:
    """The file where `figure` is declared now, and the change that gives its `key` the value `new`:
    in a YAML file the key set; in a sheet its row's cell (None if the sheet has no such column)."""
    path = next(p for p, value in values(current.report, ()) if value is figure)
    sheet, tab = sheet_file(figure.position.path)
    name = sheet.relative_to(current.root).as_posix()
    if sheet.suffix.lower() not in (".csv", ".xlsx"):
        return name, SetKey(in_file(current, path)[1] + (key,), new)
    cell = current.source_map.values.get(path + (key,))
    if cell is None:
        return name, None
    return name, SetCell(figure.position.line, cell.column, figure_values.format_number(new), tab or None)


def _recomputed(result: Merge, changed: dict) -> None:
    """Rates and changes computed from a changed figure, before → after, for the summary."""
    if not changed:
        return
    report = copy.deepcopy(result.current.report)
    for figure in figure_values.all_figures(report):
        if figure.name in changed:
            figure.value = changed[figure.name]
    before, after = figure_values.strings(result.current.report), figure_values.strings(report)
    for key, text in after.items():
        name = key.split(":")[0]
        if text != before.get(key) and (name not in changed or key.endswith(":同比")):
            label = name + (f"（{key.split(':')[1]}）" if ":" in key else "")
            result.computed.append(f"{label} {before.get(key)} → {text}")


def _lists(result: Merge, bases: dict, side: str | None, raw) -> None:
    """Deleted, added and moved points, items and paragraphs, deepest lists first
    (their paths count the base's items, which a shallower list's change would shift)."""
    renumbered = False
    for (file, path), order in sorted(result.plan.lists.items(), key=lambda e: -len(e[0][1])):
        count = 1 + max((p[len(path)] for p in bases if p[: len(path)] == path and len(p) > len(path)), default=-1)
        if order == list(range(count)):
            continue
        depth = next((len(b.path) - len(b.local) for p, b in bases.items() if p[: len(path)] == path), 0)
        local = path[depth:]
        mine = [p for p in bases if p[: len(path)] == path]
        same = all(_ours(result.current, p) == bases[p].source for p in mine)
        if not same or len(_ours(result.current, path) or []) != count:
            if side is None:
                _conflict(result, path, "资料中的这一组要点（或段落）在生成审核稿之后改过，审核稿又增删或移动了其中的内容",
                          "（资料中的现状）", "、".join(i.text[:12] for i in order if isinstance(i, NewItem)) or "（删除或移动）")
            else:
                result.notes.append(f"{file}：{'、'.join(str(x) for x in local)} 两边都改过，增删和移动没有合并，请手工处理")
            continue
        shape = raw(file)
        for step in local:
            shape = shape[step]
        edited = {p[len(path)]: t.source for p, (_, t) in result.plan.texts.items()
                  if t is not None and p[: len(path)] == path and len(p) == len(path) + 2}
        result.changes.setdefault(file, []).extend(_order_changes(local, count, order, shape, edited))
        summary = result.file(file)
        kept = [v for v in order if isinstance(v, int)]
        summary.deleted += count - len(kept)
        summary.added += sum(isinstance(v, NewItem) for v in order)
        summary.moved += sum((file, path, v) in result.plan.moved for v in kept)
        if path[-1] in ("points", "items") and not renumbered:
            renumbered = True
            result.notes.append("要点和分项的编号（一是、二是……（1）（2）……）由程序重新生成，与审核稿中手工改的编号可能不同")


def _order_changes(local: tuple, count: int, order: list, shape, edited: dict[int, str]) -> list:
    """The editor's changes that turn a list of `count` items into `order` (base indices and NewItems).
    A block of paragraphs (one a line) is rewritten whole, its lines as `edited` by the reviewer."""
    if isinstance(shape, str):
        lines = [line for line in shape.splitlines() if line.strip()]
        kept = [edited.get(v, lines[v]) if isinstance(v, int) else v.value["text"] for v in order]
        return [SetValue(local, "\n".join(kept) + "\n")]
    plain = bool(shape) and all(isinstance(item, str) for item in shape)
    changes: list = []
    now = list(range(count))
    for index in sorted(set(now) - {v for v in order if isinstance(v, int)}, reverse=True):
        changes.append(DeleteItem(local + (index,)))
        now.remove(index)
    for to, item in enumerate(order):
        if isinstance(item, int):
            at = now.index(item)
            if at != to:
                changes.append(MoveItem(local + (at,), to))
                now.insert(to, now.pop(at))
        else:
            value = item.value
            if plain and isinstance(value, dict) and value.keys() == {"text"}:
                value = value["text"]
            changes.append(InsertItem(local, to, value))
            now.insert(to, item)
    return changes


def _sections(result: Merge) -> None:
    """A whole new section: a new file beside the other section files, to be given a department."""
    if not result.plan.sections:
        return
    from ..writers.edit import edit_text
    from ..writers.yamlwriter import file_stem

    files = sorted(p for p in result.current.included)
    folder = files[-1].parent if files else result.root / "sections"
    taken = [int(p.name[:2]) for p in folder.glob("*.yaml") if p.name[:2].isdigit()]
    for n, section in enumerate(result.plan.sections, max(taken, default=0) + 1):
        name = (folder / f"{file_stem(n, section['title'])}.yaml").relative_to(result.root).as_posix()
        text = "# 审核稿中新增的小节（drafter merge）：请填写负责科室 department\ntitle: 新小节\n"
        changes = [SetValue(("title",), section["title"])]
        changes += [SetKey((key,), section[key]) for key in ("text", "points") if section.get(key)]
        result.new_files[name] = edit_text(text, changes)
        result.notes.append(f"新增小节“{section['title'][:20]}”写进了新文件 {name}：请指定负责科室（department）")
        patterns = [p.replace("\\", "/") for found in result.current.included.values() for p in found]
        if not any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns):
            result.notes.append(f"report.yaml 的 sections 中没有包括 {name} 的文件名或通配符，请把它加上")
