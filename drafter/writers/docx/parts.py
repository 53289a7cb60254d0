"""The parts the renderer writes at run time beside the template's own: properties, the 版记's section."""

from __future__ import annotations

import re

from ...ooxml.ns import XML_HEAD, R, W, xml_escape

IMPRINT_FOOTER = "word/footerImprint.xml"
IMPRINT_FOOTER_ID = "rIdFooterImprint"


def imprint_section(sectpr: str) -> str:
    """The last section's properties when it holds the 版记: it starts on an even page
    (the 版记 is on the last, even, page for double-sided printing, 7.4) and
    shows no page number (7.5: a blank page before the 版记 page and the 版记
    page itself carry none).  Word is expected to print the blank page it inserts
    without this section's or the body's footer; that was not seen in Word here."""
    sectpr = re.sub(r'<w:(?:footer|header)Reference [^>]*/>', "", sectpr)
    refs = "".join(f'<w:footerReference w:type="{kind}" r:id="{IMPRINT_FOOTER_ID}"/>' for kind in ("default", "even"))
    sectpr = re.sub(r"<w:type [^>]*/>", "", sectpr)
    return re.sub(r"^<w:sectPr([^>]*)>", lambda m: f'<w:sectPr{m.group(1)}>{refs}<w:type w:val="evenPage"/>', sectpr)


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
