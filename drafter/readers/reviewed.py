"""A reviewed .docx as `drafter merge` reads it: the text as if every tracked change were
accepted, the reviewers' comments with their replies, and the map drafter left inside.

The map (`BuildMap`) is one custom XML part written at build time (writers/docx/sourcemap):
for each body paragraph the text drafter generated and, for each stretch of it that came
from a source field, the file, the field's path in that file, the field's source text and
the figures it printed; plus a sha256 of every source file.  The body carries no markers:
paragraphs are matched back by their text.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path

from msgspec import Struct, field

from ..errors import DrafterError, Position
from ..ooxml.ns import W_TAG
from ..ooxml.package import read_parts

MAP_NS = "urn:drafter:sourcemap:1"
_M = "{" + MAP_NS + "}"
_W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
_W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
SOURCES_PROPERTY = "drafter-sources"  # the document property holding the source files' hashes
DEPARTMENT_PROPERTY = "drafter-department"  # a department's file (build --by-department): whose it is
DRAFTER_AUTHOR = "drafter"  # the author of the comments `build --annotate` writes


class Ref(Struct, frozen=True):
    """A placeholder's text inside a paragraph: characters start to end printed 【name】
    (`modifier` 上年 or 同比 for 【name:上年】, 【name:同比】)."""

    start: int
    end: int
    name: str
    modifier: str | None
    text: str


class MapField(Struct, frozen=True):
    start: int
    end: int
    file: str  # relative to the report folder, with forward slashes
    path: tuple  # the field's path in the model (("parts", 0, "sections", 2, "points", 1, "text"))
    local: tuple  # the same field's path inside `file` (("points", 1, "text"))
    source: str  # the field's text as the sources held it, placeholders and all
    refs: tuple[Ref, ...] = ()


class MapParagraph(Struct, frozen=True):
    style: str
    text: str
    fields: tuple[MapField, ...] = ()


class MapFigure(Struct, frozen=True):
    """A figure as it was at build time: where it was declared (a YAML file or a sheet) and its values."""

    name: str
    file: str
    value: float | None = None
    last_year: float | None = None
    computed: bool = False  # a rate: computed from two figures, never typed


class Scope(Struct, frozen=True):
    """Whose file a department's file is: the model paths of its sections, the figures it may change."""

    department: str
    sections: tuple[tuple, ...]
    figures: frozenset[str]

    def holds(self, path: tuple) -> bool:
        return any(path[: len(section)] == section for section in self.sections)


class BuildMap(Struct):
    files: dict[str, str]  # file → "sha256:…" at build time
    paragraphs: list[MapParagraph]
    figures: dict[str, MapFigure]
    scope: Scope | None = None  # a department's file: only its sections may change


class Comment(Struct, frozen=True):
    id: str
    author: str
    date: str
    text: str
    parent: str | None = None  # the comment this one replies to


class Paragraph(Struct):
    """A body paragraph (or table, its cells' text joined by tabs) with tracked changes accepted."""

    text: str
    comments: dict[str, int] = field(default_factory=dict)  # comment id → where in the text it is anchored


class Revision(Struct, frozen=True):
    """A paragraph with tracked changes: its text before and after them, and how many of each kind
    (formatting: changes of formatting only, bold, font, indent …)."""

    original: str
    accepted: str
    insertions: int
    deletions: int
    formatting: int


class Reviewed(Struct):
    paragraphs: list[Paragraph]
    comments: dict[str, Comment]
    insertions: int  # tracked changes taken as accepted
    deletions: int
    map: BuildMap | None
    hashes: dict[str, str] = field(default_factory=dict)  # source file → sha256 at build, from the document properties
    department: str | None = None  # whose file it is, from the document properties (a department's file)
    revisions: list[Revision] = field(default_factory=list)


def _w(tag: str) -> str:
    return W_TAG + tag


# The tags paragraph_text tells apart, spelled out once (it meets every element of a big document).
_T, _TAB, _R, _TC, _TR, _ID, _DEL_TEXT = (_w(tag) for tag in ("t", "tab", "r", "tc", "tr", "id", "delText"))
_DELETED = (_w("del"), _w("moveFrom"))
_INSERTED = (_w("ins"), _w("moveTo"))
_FORMAT_CHANGES = (_w("rPrChange"), _w("pPrChange"))
_COMMENT_ANCHORS = (_w("commentRangeStart"), _w("commentReference"))
_BREAKS = (_w("br"), _w("cr"))
_PROPERTIES = (_w("pPr"), _w("rPr"))
_NO_TEXT = (_w("delText"), _w("instrText"))
_P, _TBL = _w("p"), _w("tbl")
_BODY_LEVEL = ([_w("body")], [_w("body"), _w("sdt"), _w("sdtContent")])  # sdt: a content control an editor added
_SLICE = 1 << 16


def paragraph_text(element: ET.Element, counts: list[int] | None = None, anchors: dict[str, int] | None = None,
                   *, original: bool = False) -> str:
    """A paragraph's (or table's) text as if every tracked change were accepted: insertions kept,
    deletions dropped; a line break is "\\n", a tab "\\t", table cells end with a tab.
    `counts` gets the tracked insertions, deletions (and formatting changes, if it has room
    for three), `anchors` where each comment starts.  With `original`, the text as it was before
    the tracked changes: deletions kept, insertions dropped."""
    out: list[str] = []

    def walk(node: ET.Element) -> None:
        for child in node:
            tag = child.tag
            if tag in _DELETED:
                if counts is not None:
                    counts[1] += 1
                if original:
                    walk(child)
                continue
            if tag in _INSERTED:
                if counts is not None:
                    counts[0] += 1
                if original:
                    continue
            if tag in _FORMAT_CHANGES and counts is not None and len(counts) > 2:
                counts[2] += 1
            if tag in _COMMENT_ANCHORS and anchors is not None:
                anchors.setdefault(child.get(_ID), sum(map(len, out)))
            if tag == _T or (original and tag == _DEL_TEXT):
                out.append(child.text or "")
            elif tag == _TAB and node.tag == _R:
                out.append("\t")
            elif tag in _BREAKS:
                out.append("\n")
            elif tag in _PROPERTIES:
                walk(child)  # only tracked formatting changes are counted in there; no text
            elif tag in _NO_TEXT:
                continue
            else:
                walk(child)
                if tag == _TC:
                    out.append("\t")
                elif tag == _TR:
                    out.append("\n")

    walk(element)
    return "".join(out)


def body_elements(document: bytes | Iterable[bytes]) -> Iterator[ET.Element]:
    """The body's paragraphs and tables, in order (one per drafter block), each as soon as it is
    parsed whole: a caller done with one may empty it (`clear()`), so a big document is never a whole
    tree.  The document is its bytes, or its chunks in order (as a build holds the one it wrote)."""
    ancestors: list[str] = []
    parser = ET.XMLPullParser(events=("start", "end"))
    for chunk in [document] if isinstance(document, bytes) else document:
        for at in range(0, len(chunk), _SLICE):  # in slices: the parser keeps the elements of all it is fed
            parser.feed(chunk[at:at + _SLICE])
            yield from _body_level(parser.read_events(), ancestors)
    parser.close()
    yield from _body_level(parser.read_events(), ancestors)


def _body_level(events, ancestors: list[str]) -> Iterator[ET.Element]:
    """The paragraphs and tables among parse events that end directly in the body (or in a content
    control there); `ancestors` holds the open elements' tags from one call to the next."""
    for event, element in events:
        if event == "start":
            ancestors.append(element.tag)
            continue
        ancestors.pop()
        if element.tag in (_P, _TBL) and ancestors[1:] in _BODY_LEVEL:
            yield element


def _mark_deleted(element: ET.Element) -> bool:
    """A tracked deletion of the paragraph mark: accepted, the paragraph joins the next."""
    mark = element.find(f"{_w('pPr')}/{_w('rPr')}/{_w('del')}")
    return mark is not None


def read_reviewed(path: Path) -> Reviewed:
    """Read a reviewed .docx; a DrafterError if it is no Word document."""
    if not path.is_file():
        raise DrafterError("找不到审核稿", position=Position(path), hint="检查文件名和路径是否写对")
    try:
        parts = read_parts(path.read_bytes())
        elements = list(body_elements(parts["word/document.xml"]))
    except (OSError, ValueError, KeyError, ET.ParseError):
        raise DrafterError("无法读取该 Word 文档", position=Position(path),
                           hint="确认它是 .docx 文件（WPS 请“另存为”Word 文档 .docx）") from None
    counts = [0, 0]
    revisions: list[Revision] = []
    paragraphs: list[Paragraph] = []
    joining = False
    for element in elements:
        mine, anchors = [0, 0, 0], {}
        text = paragraph_text(element, mine, anchors)
        counts[0] += mine[0]
        counts[1] += mine[1]
        if any(mine):
            revisions.append(Revision(paragraph_text(element, original=True), text, *mine))
        if joining and paragraphs:
            paragraphs[-1].comments |= {k: v + len(paragraphs[-1].text) for k, v in anchors.items()}
            paragraphs[-1].text += text
        else:
            paragraphs.append(Paragraph(text, anchors))
        joining = element.tag == _w("p") and _mark_deleted(element)
    import json  # reading a reviewed file back: a build, which pairs its paragraphs here, needs none

    hashes = _property(parts, SOURCES_PROPERTY)
    try:
        hashes = dict(json.loads(hashes)) if hashes else {}
    except ValueError:
        hashes = {}
    return Reviewed(paragraphs, _comments(parts), counts[0], counts[1], read_map(parts), hashes, revisions=revisions,
                    department=_property(parts, DEPARTMENT_PROPERTY))


def _comments(parts: dict[str, bytes]) -> dict[str, Comment]:
    """Comments by id; a reply names its parent (Word 2013+ keeps that in commentsExtended)."""
    if "word/comments.xml" not in parts:
        return {}
    parents: dict[str, str] = {}
    if "word/commentsExtended.xml" in parts:
        for entry in ET.fromstring(parts["word/commentsExtended.xml"]).iter(_W15 + "commentEx"):
            if entry.get(_W15 + "paraIdParent"):
                parents[entry.get(_W15 + "paraId")] = entry.get(_W15 + "paraIdParent")
    found: dict[str, Comment] = {}
    by_para: dict[str, str] = {}
    raw = []
    for comment in ET.fromstring(parts["word/comments.xml"]).iter(_w("comment")):
        number = comment.get(_w("id"))
        paras = comment.findall(_w("p"))
        for p in paras:
            if p.get(_W14 + "paraId"):
                by_para[p.get(_W14 + "paraId")] = number
        last = paras[-1].get(_W14 + "paraId") if paras else None
        text = "\n".join(paragraph_text(p) for p in paras)
        raw.append((number, comment.get(_w("author")) or "", comment.get(_w("date")) or "", text, last))
    for number, author, date, text, last in raw:
        parent = by_para.get(parents.get(last or "", ""))
        found[number] = Comment(number, author, date, text, parent if parent != number else None)
    return found


def _property(parts: dict[str, bytes], name: str) -> str | None:
    """A custom document property drafter wrote, kept for when an editor drops the map: the source
    files' hashes, and whose file a department's file is."""
    properties = parts.get("docProps/custom.xml")
    if not properties:
        return None
    try:
        root = ET.fromstring(properties)
    except ET.ParseError:
        return None
    for prop in root:
        if prop.get("name") == name and len(prop) and prop[0].text:
            return prop[0].text
    return None


def _path(text: str | None) -> tuple | None:
    import json

    return None if text is None else tuple(json.loads(text))


def read_map(parts: dict[str, bytes]) -> BuildMap | None:
    """The map drafter put into the package, wherever an editor moved or renumbered the part; None if gone."""
    for name, data in parts.items():
        if not (name.startswith("customXml/") and posixpath.basename(name).startswith("item") and name.endswith(".xml")):
            continue
        try:
            root = ET.fromstring(data)  # an editor may have saved it in another encoding: parsed, not searched
        except ET.ParseError:
            continue
        if root.tag == _M + "map":
            try:
                return _parse_map(root)
            except (TypeError, ValueError):  # damaged: as good as gone
                return None
    return None


def _number(text: str | None) -> float | None:
    if text in (None, ""):
        return None
    value = float(text)
    return int(value) if value.is_integer() else value


def _parse_map(root: ET.Element) -> BuildMap:
    files = {entry.get("name"): entry.get("sha256") for entry in root.iter(_M + "file")}
    paragraphs = []
    for p in root.iter(_M + "p"):
        fields = []
        for f in p.iter(_M + "field"):
            refs = tuple(Ref(int(r.get("start")), int(r.get("end")), r.get("name"), r.get("modifier"), r.text or "")
                         for r in f.iter(_M + "ref"))
            source = f.find(_M + "source")
            fields.append(MapField(int(f.get("start")), int(f.get("end")), f.get("file"), _path(f.get("path")),
                                   _path(f.get("local")), (source.text or "") if source is not None else "", refs))
        text = p.find(_M + "t")
        paragraphs.append(MapParagraph(p.get("style"), (text.text or "") if text is not None else "", tuple(fields)))
    scope = None
    own = root.find(_M + "department")
    if own is not None:
        scope = Scope(own.get("name") or "",
                      tuple(_path(s.get("path")) for s in own.iter(_M + "section")),
                      frozenset(f.get("name") for f in own.iter(_M + "figure")))
    figures = {}
    for f in root.findall(_M + "figure"):
        figures[f.get("name")] = MapFigure(f.get("name"), f.get("file"), _number(f.get("value")),
                                           _number(f.get("last_year")), f.get("computed") == "true")
    return BuildMap(files, paragraphs, figures, scope)
