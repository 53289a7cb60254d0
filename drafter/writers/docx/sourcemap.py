"""The map `drafter merge` reads back: one custom XML part, written at build time.

For each body paragraph: the text drafter generated; for each stretch of it
that came from a source field, the file (relative to the report folder), the
field's path there and in the model, the field's source text, and where each
placeholder's printed text lies (【复议案件数】 printed as "191").  For each figure:
the file it is declared in (a section, or a sheet) and its values.  For each
source file: its sha256.  Nothing is added to the body.

    <map xmlns="urn:drafter:sourcemap:1" version="1">
      <file name="sections/02-制度体系.yaml" sha256="sha256:…"/>
      <p style="section"><t>（二）持续完善依法行政制度体系。一是……</t>
        <field start="37" end="150" file="sections/02-制度体系.yaml"
               path='["parts", 0, "sections", 1, "points", 2, "text"]' local='["points", 2, "text"]'>
          <source>出具规范性文件合法性审核意见【规范性文件合法性审核意见数】份……</source>
          <ref start="51" end="54" name="规范性文件合法性审核意见数">191</ref>
        </field></p>
      <figure name="规范性文件合法性审核意见数" file="sections/02-制度体系.yaml" value="191"/>
    </map>

A department's file (`build --by-department`) adds whose it is, the model paths of its
sections and the figures declared there: `drafter merge` takes edits only into those.

      <department name="立法科"><section path='["parts", 0, "sections", 1]'/>
        <figure name="规范性文件合法性审核意见数"/></department>

Offsets count characters of the paragraph's text as `readers.reviewed` reads it
(tracked changes accepted); `local` is in the model's terms (a paragraph is
{text: …}), which merge translates to the file's own shape.

The part lives outside word/, so it is outside what the fingerprint covers:
the fingerprint says whether a person changed the document, and the map is
no part of what anyone reads or edits.  Its relationship from the document
is in word/_rels and is covered, like every other part drafter relates.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

from ...layout.blocks import Block, Field
from ...model import figures as figure_values
from ...model import placeholders
from ...model.report import date_text
from ...ooxml.ns import XML_HEAD, R
from ...ooxml.package import add_part
from ...readers.reviewed import MAP_NS, body_elements, paragraph_text
from ...readers.texts import in_file, value_at

if TYPE_CHECKING:
    from ...layout.department import Department
    from ...readers.sources import Sources

_ITEM = "customXml/item1.xml"
_PROPS = "customXml/itemProps1.xml"
# A fixed id: identical sources give identical bytes.
_ITEM_ID = "{5D6C8E0A-2F4B-4C1D-9E7A-6B3F1D2C4E5A}"


def add_map(parts: dict[str, bytes], blocks: list[Block], sources: Sources, department: Department | None = None) -> str:
    """Put the map of `blocks` (rendered into parts' document) into `parts`; returns the
    source files' hashes as JSON, for a document property that outlives the map.  A
    department's file names the department, its sections and the figures it may change."""
    files = _files(sources)
    hashes = {entry.get("name"): entry.get("sha256") for entry in files}
    # Written an element at a time (the map's elements are in its default namespace, so they are
    # written unqualified) onto one growing buffer: a big report's map is never held whole as a
    # tree, nor twice (as pieces and joined).
    data = bytearray(f'{XML_HEAD}<map xmlns="{MAP_NS}" version="1">'.encode("utf-8"))
    for element in files:
        data += _xml(element)
    if department is not None:
        own = ET.Element("department", name=department.name)
        for path in department.paths:
            ET.SubElement(own, "section", path=json.dumps(list(path), ensure_ascii=False))
        for name in department.figures:
            ET.SubElement(own, "figure", name=name)
        data += _xml(own)
    report = sources.report
    values = placeholders.standard_values(report.year, report.organization) | figure_values.strings(report)
    names = {path: _name(sources, path) for path in sources.files}  # every file a field can be in
    for block, text in _paired(blocks, _texts(parts["word/document.xml"])):
        p = ET.Element("p", style=block.style)
        ET.SubElement(p, "t").text = text
        if text == block.text:  # not a table, or a block the template rendered in several parts
            for found in block.fields:
                _field(p, found, sources, names, values, text)
        data += _xml(p)
    for element in _figures(sources):
        data += _xml(element)
    data += b"</map>"
    parts["customXml/_rels/item1.xml.rels"] = (
        f'{XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
    ).encode()
    add_part(parts, _ITEM, data, content_type="application/xml", rel_type=f"{R}/customXml", rel_id="rIdSourceMap")
    props = (f'{XML_HEAD}<ds:datastoreItem ds:itemID="{_ITEM_ID}" '
             'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
             f'<ds:schemaRefs><ds:schemaRef ds:uri="{MAP_NS}"/></ds:schemaRefs></ds:datastoreItem>')
    add_part(parts, _PROPS, props.encode("utf-8"),
             content_type="application/vnd.openxmlformats-officedocument.customXmlProperties+xml",
             rel_type=f"{R}/customXmlProps", rel_id="rId1", owner=_ITEM)
    return json.dumps(hashes, ensure_ascii=False, separators=(",", ":"))


def _texts(document: bytes) -> list[str]:
    """Each body paragraph's text, each paragraph dropped once read."""
    texts = []
    for element in body_elements(document):
        texts.append(paragraph_text(element))
        element.clear()
    return texts


def _paired(blocks: list[Block], texts: list[str]):
    """Each body paragraph's text with the block it came from, paired by text: a block is
    one paragraph or table, except where the template renders it as several (the 版记)."""
    # A table's text is in its rows, not its runs: it never equals a paragraph's.
    keys = [b.text if b.style not in ("table", "imprint") else object() for b in blocks]
    matcher = difflib.SequenceMatcher(None, keys, texts, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(j2 - j1):
            block = blocks[i1 + k] if tag == "equal" else (blocks[min(i1 + k, i2 - 1)] if i2 > i1 else Block("body"))
            yield block, texts[j1 + k]


def _xml(element: ET.Element) -> bytes:
    """The element as UTF-8 (encoded from text: ElementTree writes bytes through a slower stream)."""
    return ET.tostring(element, encoding="unicode").encode("utf-8")


def _name(sources: Sources, path: Path) -> str:
    return path.relative_to(sources.root).as_posix()


def _files(sources: Sources) -> list[ET.Element]:
    paths = set(sources.files)
    paths |= {Path(str(f.position.path).split("#")[0]) for f in figure_values.all_figures(sources.report)
              if f.position is not None}
    return [ET.Element("file", name=_name(sources, path), sha256="sha256:" + hashlib.sha256(path.read_bytes()).hexdigest())
            for path in sorted(paths, key=lambda p: _name(sources, p))]


def _pieces(source: str, values: dict[str, str]):
    """The source text as (printed text, placeholder match or None) pieces."""
    at = 0
    for match in placeholders.PLACEHOLDER.finditer(source):
        if match.start() > at:
            yield source[at:match.start()], None
        key = f"{match.group(1)}:{match.group(2)}" if match.group(2) else match.group(1)
        yield values[key], match
        at = match.end()
    if at < len(source):
        yield source[at:], None


def _field(p: ET.Element, found: Field, sources: Sources, names: dict[Path, str], values: dict, text: str) -> None:
    start, end, path = found.start, found.end, found.path
    source = found.source if found.source is not None else value_at(sources.report, path)
    if isinstance(source, datetime.date):  # the date, as the document prints it
        source = date_text(source)
    file, local = in_file(sources, path)
    element = ET.SubElement(p, "field", start=str(start), end=str(end), file=names[file],
                            path=json.dumps(list(path), ensure_ascii=False), local=json.dumps(list(local), ensure_ascii=False))
    ET.SubElement(element, "source").text = source
    pieces = list(_pieces(source, values))
    printed = "".join(piece for piece, _ in pieces)
    offset = printed.find(text[start:end])  # the paragraph shows the field's text less a typed label or full stop
    if offset < 0:
        return
    at = start - offset
    for piece, match in pieces:
        if match is not None and start <= at and at + len(piece) <= end:
            ref = ET.SubElement(element, "ref", start=str(at), end=str(at + len(piece)), name=match.group(1))
            if match.group(2):
                ref.set("modifier", match.group(2))
            ref.text = piece
        at += len(piece)


def _figures(sources: Sources) -> list[ET.Element]:
    found = []
    for name, value in figure_values.values(sources.report).items():
        figure = value.figure
        if figure.position is None:
            continue
        attributes = {"name": name, "file": _name(sources, Path(str(figure.position.path).split("#")[0]))}
        if figure.rate is not None:
            attributes["computed"] = "true"
        else:
            for key, number in (("value", value.this_year), ("last_year", value.last_year)):
                if number is not None:
                    attributes[key] = figure_values.format_number(number)
        found.append(ET.Element("figure", attributes))
    return found
