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
import functools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from ...errors import sheet_file
from ...files import file_hash
from ...layout.blocks import Block, Field
from ...model import figures as figure_values
from ...model import placeholders
from ...model.report import date_text
from ...ooxml.ns import XML_HEAD, R
from ...ooxml.package import Part, add_part, utf8_chunks
from ...readers.reviewed import MAP_NS, body_elements, paragraph_text
from ...readers.texts import in_file, value_at

if TYPE_CHECKING:
    from ...layout.department import Department
    from ...readers.sources import Sources

_ITEM = "customXml/item1.xml"
_PROPS = "customXml/itemProps1.xml"
# A fixed id: identical sources give identical bytes.
_ITEM_ID = "{5D6C8E0A-2F4B-4C1D-9E7A-6B3F1D2C4E5A}"
_OWN_TEXT = ("table", "imprint")  # blocks whose paragraphs' text is not the blocks' runs


def add_map(parts: dict[str, Part], blocks: list[Block], sources: Sources, department: Department | None = None) -> str:
    """Put the map of `blocks` (rendered into parts' document) into `parts`; returns the
    source files' hashes as JSON, for a document property that outlives the map.  A
    department's file names the department, its sections and the figures it may change."""
    names = _names(sources)
    files = {name: file_hash(path) for path, name in sorted(names.items(), key=lambda item: item[1])}
    parts["customXml/_rels/item1.xml.rels"] = (
        f'{XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
    ).encode()
    # The paragraphs are read now; the map is made as the package is written (the sources and blocks
    # are held until then anyway): a big report's map, twice the size of its document, is never
    # held whole, and the document need not be held once it is written.
    paired = _paired(blocks, parts["word/document.xml"])
    chunks = utf8_chunks(_written(paired, sources, department, names, files))
    add_part(parts, _ITEM, chunks, content_type="application/xml", rel_type=f"{R}/customXml", rel_id="rIdSourceMap")
    props = (f'{XML_HEAD}<ds:datastoreItem ds:itemID="{_ITEM_ID}" '
             'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
             f'<ds:schemaRefs><ds:schemaRef ds:uri="{MAP_NS}"/></ds:schemaRefs></ds:datastoreItem>')
    add_part(parts, _PROPS, props.encode("utf-8"),
             content_type="application/vnd.openxmlformats-officedocument.customXmlProperties+xml",
             rel_type=f"{R}/customXmlProps", rel_id="rId1", owner=_ITEM)
    return msgspec.json.encode(files).decode("utf-8")  # as json.dumps(…, ensure_ascii=False) writes it compactly


def _written(paired: Iterable[tuple[Block, str]], sources: Sources, department: Department | None,
             names: dict[Path, str], files: dict[str, str]) -> Iterator[str]:
    """The map's text, an element at a time, exactly as ElementTree would write it: its elements are
    in its default namespace, so unqualified, attributes in the order given, escaped as it escapes
    them, an empty element as `<name ... />`."""
    yield f'{XML_HEAD}<map xmlns="{MAP_NS}" version="1">'
    for name, digest in files.items():
        yield f'<file name="{_attribute(name)}" sha256="{digest}" />'
    if department is not None:
        own = [f'<section path="{_path(path)}" />' for path in department.paths]
        own += [f'<figure name="{_attribute(name)}" />' for name in department.figures]
        yield _element("department", f' name="{_attribute(department.name)}"', "".join(own), escaped=True)
    report = sources.report
    values = placeholders.standard_values(report.year, report.organization) | figure_values.strings(report)
    for block, text in paired:
        yield f'<p style="{_attribute(block.style)}">{_element("t", "", text)}'
        if text == block.text:  # not a table, or a block the template rendered in several parts
            for found in block.fields:
                yield _field(found, sources, names, values, text)
        yield "</p>"
    yield from _figures(sources, names)
    yield "</map>"


def _texts(document: Part) -> Iterator[str]:
    """Each body paragraph's text, each paragraph dropped once read."""
    for element in body_elements(document):
        text = paragraph_text(element)
        element.clear()
        yield text


def _paired(blocks: list[Block], document: Part) -> Iterable[tuple[Block, str]]:
    """Each body paragraph's text with the block it came from, paired by text: a block is
    one paragraph or table, except where the template renders it as several (the 版记).
    The document is read at once; the pairs are given as they are asked for."""
    own = _one_for_one(blocks, _texts(document))
    if own is not None:
        return ((block, block.text if text is None else text) for block, text in zip(blocks, own))
    return _matched(blocks, list(_texts(document)))


def _one_for_one(blocks: list[Block], texts: Iterator[str]) -> list[str | None] | None:
    """The paragraphs' texts, None for each that is its block's own, if the paragraphs are the
    blocks' one for one, each with its block's text (a table's and the 版记's apart, which no
    block's text is), as the built-in templates render them; else None.  Then every run of
    paragraphs difflib can match lies on the diagonal (the earliest of the longest is each time a
    block's own), so it would pair each paragraph with its own block: seen here as the paragraphs
    are read, holding neither their texts nor difflib's tables of every text."""
    own: list[str | None] = []
    for text in texts:
        if len(own) == len(blocks):
            return None
        block = blocks[len(own)]
        if block.style in _OWN_TEXT:
            own.append(text)
        elif text == block.text:
            own.append(None)
        else:
            return None
    others = set(own) - {None}
    if len(own) < len(blocks) or any(block.style not in _OWN_TEXT and block.text in others for block in blocks):
        return None
    return own


def _matched(blocks: list[Block], texts: list[str]):
    import difflib  # an office's template: the built-in ones are paired one for one

    # A table's text is in its rows, not its runs: it never equals a paragraph's.
    keys = [b.text if b.style not in _OWN_TEXT else object() for b in blocks]
    matcher = difflib.SequenceMatcher(None, keys, texts, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(j2 - j1):
            block = blocks[i1 + k] if tag == "equal" else (blocks[min(i1 + k, i2 - 1)] if i2 > i1 else Block("body"))
            yield block, texts[j1 + k]


def _text(text: str) -> str:
    """Character data escaped as ElementTree escapes it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _attribute(text: str) -> str:
    """An attribute's value escaped as ElementTree escapes it (a line break as a character reference)."""
    text = _text(text)
    for raw, escaped in (('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;")):
        if raw in text:
            text = text.replace(raw, escaped)
    return text


def _element(tag: str, attributes: str, content: str, *, escaped: bool = False) -> str:
    """`<tag attributes>content</tag>`, or `<tag attributes />` when there is no content."""
    if not content:
        return f"<{tag}{attributes} />"
    return f"<{tag}{attributes}>{content if escaped else _text(content)}</{tag}>"


def _path(path: tuple) -> str:
    """A path as json.dumps(…, ensure_ascii=False) writes it (", " between the items), escaped for an
    attribute.  msgspec's encoder escapes as json's does (a build need not load the json module);
    escaping works character by character, so each key is encoded and escaped once."""
    return "[" + ", ".join(str(item) if isinstance(item, int) else _key(item) for item in path) + "]"


@functools.cache
def _key(key: str) -> str:  # the model's keys: a handful
    return _attribute(msgspec.json.encode(key).decode("utf-8"))


def _names(sources: Sources) -> dict[Path, str]:
    """Every file a field or a figure can be in, with its name relative to the report folder."""
    paths = set(sources.files)
    paths |= {_declared_in(figure) for figure in figure_values.all_figures(sources.report) if figure.position is not None}
    root = sources.root
    return {path: path.relative_to(root).as_posix() for path in paths}


def _declared_in(figure) -> Path:
    return sheet_file(figure.position.path)[0]  # a sheet's rows: the workbook


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


def _field(found: Field, sources: Sources, names: dict[Path, str], values: dict, text: str) -> str:
    start, end, path = found.start, found.end, found.path
    source = found.source if found.source is not None else value_at(sources.report, path)
    if isinstance(source, datetime.date):  # the date, as the document prints it
        source = date_text(source)
    file, local = in_file(sources, path)
    head = (f'<field start="{start}" end="{end}" file="{_attribute(names[file])}" path="{_path(path)}"'
            f' local="{_path(local)}">')
    out = [head, _element("source", "", source)]
    pieces = list(_pieces(source, values))
    printed = "".join(piece for piece, _ in pieces)
    offset = printed.find(text[start:end])  # the paragraph shows the field's text less a typed label or full stop
    if offset >= 0:
        at = start - offset
        for piece, match in pieces:
            if match is not None and start <= at and at + len(piece) <= end:
                modifier = f' modifier="{_attribute(match.group(2))}"' if match.group(2) else ""
                out.append(_element("ref", f' start="{at}" end="{at + len(piece)}" name="{_attribute(match.group(1))}"{modifier}',
                                    piece))
            at += len(piece)
    out.append("</field>")
    return "".join(out)


def _figures(sources: Sources, names: dict[Path, str]) -> Iterator[str]:
    for name, value in figure_values.values(sources.report).items():
        figure = value.figure
        if figure.position is None:
            continue
        attributes = f'name="{_attribute(name)}" file="{_attribute(names[_declared_in(figure)])}"'
        if figure.rate is not None:
            attributes += ' computed="true"'
        else:
            for key, number in (("value", value.this_year), ("last_year", value.last_year)):
                if number is not None:
                    attributes += f' {key}="{_attribute(figure_values.format_number(number))}"'
        yield f"<figure {attributes} />"
