"""The parts the renderer writes at run time beside the template's own: properties, the 版记's placement."""

from __future__ import annotations

import re

from ...layout.pages import AFTER_BLANK, NEXT_PAGE, SAME_PAGE
from ...ooxml.ns import XML_HEAD, R, W, xml_escape

IMPRINT_FOOTER = "word/footerImprint.xml"
IMPRINT_FOOTER_ID = "rIdFooterImprint"


_SECTION_END = '<w:p><w:pPr><w:pStyle w:val="ImprintEnd"/>'
_EVEN_PAGE = '<w:type w:val="evenPage"/>'


def imprint_placement(document: str) -> str | None:
    """How `document` (a rendered document part) places its 版记, None without one: the
    inverse of `place_imprint`."""
    if _SECTION_END not in document:
        return None
    last = document[document.rindex("<w:sectPr"):]
    if _EVEN_PAGE not in last:
        return SAME_PAGE
    return AFTER_BLANK if IMPRINT_FOOTER_ID in last else NEXT_PAGE


def place_imprint(document: str, placement: str) -> str:
    """The 版记 of a rendered document part placed as `placement` says (layout/pages.py), whatever
    placement it had.  The template puts a paragraph ending the body's section before the 版记,
    which floats at the foot of the text area (template.py):

    - SAME_PAGE: that paragraph no longer ends a section, so the 版记 stands at the foot of the
      body's last page, numbered like it;
    - NEXT_PAGE: the last section starts on an even page (ECMA-376 §17.18.77 ST_SectionMark
      evenPage: Word adds a blank page when the body ends on an even one) with the body's footers;
    - AFTER_BLANK: the same start, with an empty footer (a part of its own, IMPRINT_FOOTER: a
      section without footers inherits the previous one's, §17.10.5): GB/T 9704 §7.5 numbers
      neither the blank page nor the 版记 page after it.
    An office's older template, whose 版记 fills a page of its own, keeps its own section."""
    # the paragraph ending the body's section: before the 版记's table, or holding a section break
    start = end = 0
    for found in re.finditer(re.escape(_SECTION_END), document):
        close = document.index("</w:p>", found.start()) + len("</w:p>")
        if document.startswith("<w:sectPr", found.end()) or document.startswith(_SECTION_END + "</w:pPr></w:p><w:tbl>", close):
            start, end = found.start(), close
    table = document.index("<w:tbl>", end)
    last_start = document.rindex("<w:sectPr")
    last_end = document.index("</w:sectPr>", last_start) + len("</w:sectPr>")
    found = re.search(r"<w:sectPr[ >].*?</w:sectPr>", document[start:end])
    body = found.group(0) if found else re.sub(r"<w:type [^>]*/>", "", document[last_start:last_end])
    if placement == SAME_PAGE and "<w:tblpPr " not in document[table:]:
        placement = AFTER_BLANK
    if placement == SAME_PAGE:
        paragraph, last = _SECTION_END + "</w:pPr></w:p>", body
    else:
        paragraph = _SECTION_END + body + "</w:pPr></w:p>"
        last = body
        if placement == AFTER_BLANK:
            last = re.sub(r"<w:(?:footer|header)Reference [^>]*/>", "", last)
            refs = "".join(f'<w:footerReference w:type="{kind}" r:id="{IMPRINT_FOOTER_ID}"/>' for kind in ("default", "even"))
            last = re.sub(r"^<w:sectPr([^>]*)>", lambda m: f"<w:sectPr{m.group(1)}>{refs}", last)
        # CT_SectPr: the start type follows the header and footer references
        last = re.sub(r"((?:<w:(?:header|footer)Reference [^>]*/>)+)", lambda m: m.group(1) + _EVEN_PAGE, last, count=1)
    return document[:start] + paragraph + document[end:last_start] + last + document[last_end:]


def empty_footer_xml() -> str:
    return f'{XML_HEAD}<w:ftr xmlns:w="{W}" xmlns:r="{R}"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr></w:p></w:ftr>'


def core_xml(title: str, creator: str, timestamp: str) -> str:
    """Document properties; the renderer writes the report's own."""
    return (
        f'{XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{xml_escape(title)}</dc:title><dc:creator>{xml_escape(creator)}</dc:creator>"
        "<dc:language>zh-CN</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{timestamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{timestamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )
