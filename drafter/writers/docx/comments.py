"""`build --annotate`: Word comments naming who wrote what, and on every gap.

Added to the rendered document after the template, anchored on the runs the
view marked with a note; Word, WPS and LibreOffice show them in the margin.
The document's text is the same with or without them.
"""

from __future__ import annotations

from lxml import etree

from ...layout.blocks import Block
from ...ooxml.ns import W_TAG, WML, R, W
from ...ooxml.package import add_part

_NS = {"w": W}


def _w(tag: str) -> str:
    return W_TAG + tag


# Word's own style for the comment mark (its built-in "annotation reference"), added to a
# template that lacks it: every style a document names must be defined in its styles part.
_REFERENCE_STYLE = (
    b'<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/>'
    b'<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
    b'<w:rPr><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr></w:style>'
)


def _with_reference_style(styles: bytes) -> bytes:
    if b'w:styleId="CommentReference"' in styles:
        return styles
    return styles.replace(b"</w:styles>", _REFERENCE_STYLE + b"</w:styles>")


def annotate(parts: dict[str, bytes], blocks: list[Block], stamp: str) -> dict[str, bytes]:
    """`parts` with a comment on every run of `blocks` that carries a note."""
    document = etree.fromstring(parts["word/document.xml"])
    body = document.find("w:body", _NS)
    paragraphs = [child for child in body if child.tag in (_w("p"), _w("tbl"))]
    comments = etree.Element(_w("comments"), nsmap={"w": W})
    for block, element in zip(blocks, paragraphs):
        if element.tag != _w("p"):
            continue
        runs = element.findall("w:r", _NS)
        for run, source in zip(runs, block.runs):
            if not source.note:
                continue
            number = str(len(comments))
            run.addprevious(etree.Element(_w("commentRangeStart"), {_w("id"): number}))
            end = etree.Element(_w("commentRangeEnd"), {_w("id"): number})
            run.addnext(end)
            reference = etree.Element(_w("r"))
            etree.SubElement(etree.SubElement(reference, _w("rPr")), _w("rStyle"), {_w("val"): "CommentReference"})
            etree.SubElement(reference, _w("commentReference"), {_w("id"): number})
            end.addnext(reference)
            comment = etree.SubElement(comments, _w("comment"), {
                _w("id"): number, _w("author"): "drafter", _w("initials"): "D", _w("date"): stamp,
            })
            for line in source.note.split("\n"):
                paragraph = etree.SubElement(comment, _w("p"))
                etree.SubElement(etree.SubElement(paragraph, _w("r")), _w("t")).text = line
    if not len(comments):
        return parts
    parts = dict(parts)
    parts["word/styles.xml"] = _with_reference_style(parts["word/styles.xml"])
    parts["word/document.xml"] = etree.tostring(document, xml_declaration=True, encoding="UTF-8", standalone=True)
    add_part(parts, "word/comments.xml", etree.tostring(comments, xml_declaration=True, encoding="UTF-8", standalone=True),
             content_type=f"{WML}.comments+xml", rel_type=f"{R}/comments", rel_id="rIdComments")
    return parts
