"""What the reviewer changed, said in the sources' terms: the "theirs" side of a merge.

From the map (what drafter generated) and the reviewed paragraphs: each
field's new source text (or None where the reviewer deleted all of it), each
figure's new value, points, items and paragraphs added, deleted or moved,
new sections, and the edits that have no field to go to.  Pure: no files.
"""

from __future__ import annotations

import re

from msgspec import Struct, field

from ..model import numbering
from ..patterns import lazy
from ..readers.reviewed import BuildMap, MapField, MapParagraph
from .mergetext import Edit, FieldText, edits, new_source, pair_paragraphs

_NUMERAL = "[一二三四五六七八九十百零〇]+"
_POINT_LABEL = lazy(rf"^(?:{_NUMERAL}是|\d{{1,2}}\.(?!\d))")
_ITEM_LABEL = lazy(r"^[（(]\d{1,2}[）)]")
_SECTION_LABEL = lazy(rf"^[（(]{_NUMERAL}[）)]")
_PART_LABEL = lazy(rf"^{_NUMERAL}、")
# Where a run-in text starts its next point: a point label right after a sentence ends.
_NEXT_POINT = lazy(rf"(?<=[。；！？])(?=(?:{_NUMERAL}是|\d{{1,2}}\.(?!\d)))")
# Where the unplaceable paragraphs are, by the paragraph's kind.
_PLACES = {"masthead": "版头", "masthead-long": "版头", "masthead-longer": "版头", "number": "发文字号",
           "number-up": "发文字号和签发人", "table": "附件统计表的单元格", "imprint": "版记",
           "signature": "落款", "date": "成文日期", "title": "标题", "attachment-label": "附件标识"}


class NewItem(Struct):
    """A point, item or paragraph the reviewer added, as source data."""

    value: object
    text: str  # as the reviewer wrote it, label and all, for messages


class Plan(Struct):
    texts: dict[tuple, tuple[MapField, FieldText | None]] = field(default_factory=dict)  # model path → (base, theirs)
    figures: dict[tuple[str, str], list[tuple[str, str]]] = field(default_factory=dict)  # (name, modifier) → [(old, new)]
    replaced: list[tuple[MapField, str]] = field(default_factory=list)  # placeholders turned into words
    # (file, list path in the model) → positions the new list takes: base indices and NewItems
    lists: dict[tuple[str, tuple], list] = field(default_factory=dict)
    sections: list[dict] = field(default_factory=list)  # whole new sections
    unplaced: list[str] = field(default_factory=list)
    printed: dict[tuple, str] = field(default_factory=dict)  # model path → the text the field printed
    moved: set[tuple] = field(default_factory=set)  # (file, list path, base index) of units moved
    pairs: list[tuple[int | None, int | None]] = field(default_factory=list)  # generated ↔ reviewed paragraphs
    paragraphs: list[MapParagraph] = field(default_factory=list)  # the generated ones

    def field_of(self, path: tuple) -> MapField | None:
        entry = self.texts.get(path)
        return entry[0] if entry else None


def plan(built: BuildMap, reviewed: list[str]) -> Plan:
    """The reviewer's changes between the map's paragraphs and `reviewed` (their texts)."""
    result = Plan()
    for p in built.paragraphs:
        for item in p.fields:
            result.texts[item.path] = (item, FieldText(item.source))
            result.printed[item.path] = p.text[item.start:item.end]
    old = [p.text for p in built.paragraphs]
    pairs = result.pairs = pair_paragraphs(old, reviewed)
    result.paragraphs = built.paragraphs
    anchor = None  # the last generated paragraph kept, which an added paragraph follows
    added: list[tuple[int | None, str]] = []
    for i, j in pairs:
        if i is not None and added:
            _add_paragraphs(result, built, anchor, added)
            added = []
        if i is None:
            added.append((anchor, reviewed[j]))
            continue
        if j is not None:
            anchor = i  # an added paragraph goes after the last one the reviewer kept
        paragraph = built.paragraphs[i]
        new = reviewed[j] if j is not None else ""
        if new != paragraph.text:
            _paragraph(result, paragraph, new)
    if added:
        _add_paragraphs(result, built, anchor, added)
    _deleted_sections(result)
    _deleted_units(result)
    return result


def _deleted_sections(result: Plan) -> None:
    """A section whose heading the reviewer deleted: the whole section is left as it is and
    listed — deleting a department's file is for the office to decide, not for a merge."""
    for path, (base, theirs) in list(result.texts.items()):
        if theirs is not None or path[-1] != "title" or len(path) != 5 or path[2] != "sections":
            continue
        prefix = path[:4]
        result.unplaced.append(f"{base.file}：审核稿删除了整个小节“{base.source[:16]}”，没有改动该文件；"
                               "如确实不要这一节，请删除或移走这个文件")
        for other in [p for p in result.texts if p[:4] == prefix]:
            result.texts[other] = (result.texts[other][0], FieldText(result.texts[other][0].source))
        for key in [k for k in result.lists if k[1][:4] == prefix]:
            del result.lists[key]
        result.replaced = [(f, name) for f, name in result.replaced if f.path[:4] != prefix]


def _describe(paragraph: MapParagraph) -> str:
    """A generated paragraph for a person: what it is and how it starts."""
    snippet = paragraph.text.strip("\u3000\u2002 \t\n").replace("\t", " ")[:16]
    return f"{_PLACES.get(paragraph.style, '正文')}“{snippet}”" if snippet else f"{_PLACES.get(paragraph.style, '正文')}中的空行"


def _paragraph(result: Plan, paragraph: MapParagraph, new: str) -> None:
    """A paired paragraph: each edit to the field it falls in, or to new units, or listed."""
    if not paragraph.fields:
        if paragraph.text.strip() or new.strip():
            what = "删除了" if not new else "改为“" + new.strip()[:24] + "”"
            result.unplaced.append(f"{_describe(paragraph)}：{what}")
        return
    per_field: dict[tuple, list[Edit]] = {f.path: [] for f in paragraph.fields}
    for edit in edits(paragraph.text, new, [(f.start, f.end) for f in paragraph.fields]):
        if edit.start == edit.end and _new_units(result, paragraph, edit):
            continue
        inside = [f for f in paragraph.fields if f.start <= edit.start and edit.end <= f.end]
        if edit.start == edit.end and inside:
            inside = [f for f in inside if f.start < edit.start] or inside  # text after a field joins it
        if inside:
            per_field[inside[0].path].append(edit)
            continue
        touched = [f for f in paragraph.fields if f.start < edit.end and f.end > edit.start]
        if not touched:
            if edit.text.strip() and not re.fullmatch(r"[\s。，；：、]*(?:" + _POINT_LABEL.pattern[1:] + r")?[\s。]*",
                                                      edit.text) and not _ITEM_LABEL.fullmatch(edit.text):
                result.unplaced.append(f"{_describe(paragraph)}：编号或标点处的修改“{edit.text[:16]}”")
            continue
        first = True
        for f in touched:  # across fields: each loses its part, the first takes the new text
            start, end = max(edit.start, f.start), min(edit.end, f.end)
            per_field[f.path].append(Edit(start, end, edit.text if first else ""))
            first = False
    for f in paragraph.fields:
        changes = per_field[f.path]
        if not changes:
            continue
        text = new_source(f, changes, paragraph.text)
        result.texts[f.path] = (f, text if text.source.strip() else None)
        for name, modifier, old, now in text.figures:
            result.figures.setdefault((name, modifier), []).append((old, now))
        result.replaced += [(f, name) for name in text.replaced]


def _unit(path: tuple) -> tuple[tuple, int] | None:
    """The list a field's unit is an item of, and its index: a point, an item, a paragraph."""
    if len(path) >= 2 and path[-2] == "items":
        return path[:-1], path[-1]
    if len(path) >= 3 and path[-3] in ("points", "preamble", "closing", "paragraphs") and isinstance(path[-2], int):
        return path[:-2], path[-2]
    return None


def _list(result: Plan, file: str, path: tuple) -> list:
    key = (file, path)
    if key not in result.lists:
        count = 1 + max((p[len(path)] for p in result.texts if p[: len(path)] == path and len(p) > len(path)), default=-1)
        result.lists[key] = list(range(count))
    return result.lists[key]


def _insert_after(result: Plan, file: str, path: tuple, after: int | None, item: NewItem) -> None:
    """Put `item` into the list at `path` after its base item `after` (None: first)."""
    order = _list(result, file, path)
    at = 0 if after is None else next((k + 1 for k, v in enumerate(order) if v == after), len(order))
    while at < len(order) and isinstance(order[at], NewItem):
        at += 1
    order.insert(at, item)


def _point(text: str) -> dict:
    """A point from its text as written: the label dropped, the first sentence its title."""
    body = numbering.strip_label(text.strip())[1]
    title, stop, rest = body.partition("。")
    return {"title": title, "text": rest} if stop and rest.strip() else {"text": body}


def _new_units(result: Plan, paragraph: MapParagraph, edit: Edit) -> bool:
    """Text inserted between fields that starts with a point or item label: new points or items."""
    text = edit.text.strip()
    before = [f for f in paragraph.fields if f.end <= edit.start]
    after = [f for f in paragraph.fields if f.start >= edit.start]
    near = before[-1] if before else (after[0] if after else None)
    if near is None or not (_POINT_LABEL.match(text) or _ITEM_LABEL.match(text)):
        return False
    if before and edit.start < before[-1].end:
        return False
    _place_unit(result, near.file, near.path, bool(before), text)
    return True


def _place_unit(result: Plan, file: str, near: tuple, is_before: bool, text: str) -> bool:
    """A new point or item written `text`, after (or before) the field at `near`; False if no
    section (or part holding points itself) is near."""
    if "points" in near:
        section = near[: near.index("points")]
    elif "sections" in near:
        section = near[: near.index("sections") + 2]
    else:
        return False
    rest = near[len(section):]
    if _ITEM_LABEL.match(text) and len(rest) >= 2 and rest[0] == "points":
        point = section + ("points", rest[1])
        after = rest[3] if len(rest) >= 4 and rest[2] == "items" else None
        value = numbering.strip_label(text)[1]
        _insert_after(result, file, point + ("items",), after if is_before else None, NewItem(value, text))
        return True
    pieces = _NEXT_POINT.split(text) if _POINT_LABEL.match(text) else [text]
    after = rest[1] if is_before and len(rest) >= 2 and rest[0] == "points" else None
    if not is_before and rest[:1] == ("points",):
        after = rest[1] - 1 if rest[1] > 0 else None
    if rest[:1] == ("figures",):  # after a department's file's figure lines: after the section's last point
        after = max((p[len(section) + 1] for p in result.texts if p[: len(section) + 1] == section + ("points",)), default=None)
    for piece in [p for p in pieces if p.strip()]:
        item = NewItem(_point(piece), piece)
        _insert_after(result, file, section + ("points",), after, item)
    return True


def _add_paragraphs(result: Plan, built: BuildMap, anchor: int | None, added: list[tuple[int | None, str]]) -> None:
    """Whole paragraphs the reviewer added after generated paragraph `anchor`."""
    texts = [text for _, text in added if text.strip()]
    if not texts:
        return
    near = None
    for k in range(anchor if anchor is not None else -1, -1, -1):
        fields = built.paragraphs[k].fields
        if fields:
            near = fields[-1]
            break
        if built.paragraphs[k].style in ("signature", "date", "imprint", "table", "attachment-label"):
            break
    if near is None:
        result.unplaced += [f"新增段落“{text.strip()[:24]}”：位置不在正文中" for text in texts]
        return
    if _SECTION_LABEL.match(texts[0].strip()) and near.path[0] == "parts" and ("sections" in near.path or len(near.path) == 3):
        result.sections.append(_section(texts))
        return
    for text in texts:
        unit = _unit(near.path)
        if "sections" in near.path and (_SECTION_LABEL.match(text.strip()) or _PART_LABEL.match(text.strip())):
            result.sections.append(_section([text]))
        elif ("sections" in near.path or "points" in near.path) and _place_unit(result, near.file, near.path, True, text.strip()):
            pass
        elif unit is not None and "sections" not in unit[0]:
            _insert_after(result, near.file, unit[0], unit[1], NewItem({"text": text.strip()}, text))
        elif near.path[0] == "parts" and near.path[-1] == "title" and len(near.path) == 3:
            _insert_after(result, near.file, near.path[:2] + ("paragraphs",), None, NewItem({"text": text.strip()}, text))
        else:
            result.unplaced.append(f"新增段落“{text.strip()[:24]}”：找不到可以放入的位置")


def _section(texts: list[str]) -> dict:
    """A whole new section: its heading's label dropped, its points split at their labels."""
    first = numbering.strip_label(texts[0].strip())[1]
    title, _, rest = first.partition("。")
    body = rest + "".join(texts[1:])
    pieces = [p for p in _NEXT_POINT.split(body) if p.strip()]
    section: dict = {"title": title}
    if pieces and not _POINT_LABEL.match(pieces[0]):
        section["text"] = pieces.pop(0)
    section["points"] = [_point(p) for p in pieces]
    return section


def _deleted_units(result: Plan) -> None:
    """A point, item or paragraph all of whose text the reviewer deleted leaves its list."""
    units: dict[tuple, list[tuple]] = {}
    for path in result.texts:
        unit = _unit(path)
        if unit is not None:
            units.setdefault(unit[0] + (unit[1],), []).append(path)
    gone: dict[tuple, int] = {}  # a deleted unit's text → its index, for moves
    for unit, paths in units.items():
        if all(result.texts[p][1] is None for p in paths):
            file = result.texts[paths[0]][0].file
            _list(result, file, unit[:-1]).remove(unit[-1])
            gone[(file, unit[:-1], _plain("".join(result.printed[p] for p in paths)))] = unit[-1]
            for p in paths:
                del result.texts[p]
            result.replaced = [(f, name) for f, name in result.replaced if f.path not in paths]
    for (file, path), order in result.lists.items():
        for k, item in enumerate(order):
            index = gone.pop((file, path, _plain(item.text)), None) if isinstance(item, NewItem) else None
            if index is not None:
                order[k] = index  # deleted here and added there unchanged: moved
                result.moved.add((file, path, index))


def _plain(text: str) -> str:
    """A unit's text without its label, blanks and full stops, to recognise it moved."""
    return re.sub(r"[\s。]", "", numbering.strip_label(text.strip())[1])
