"""Generates the built-in Word templates from the numbers in drafter/layout/gbt9704.py.

`python scripts/build_templates.py` rewrites templates/*.docx; a test checks
that the shipped files are exactly what this module makes.

The document body is a docxtpl template: one prototype paragraph per kind of
paragraph the report needs (see drafter/layout/blocks.py), chosen by `p.style`.
"""

from __future__ import annotations

from pathlib import Path

from ...layout.gbt9704 import (
    FOOTER_DISTANCE,
    HEADER_DISTANCE,
    IMPRINT_RULE_THICK,
    IMPRINT_RULE_THIN,
    INDENT_TWIPS,
    LINE_PITCH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_NUMBER_INDENT,
    PAGE_WIDTH,
    TABLE_CELL_MARGIN_X,
    TABLE_CELL_MARGIN_Y,
    TABLE_COLUMNS_MM,
    TEXT_WIDTH,
    mm,
)
from ...ooxml.ns import FOOTER_TYPE, RELS_NS, TYPES_NS, WML, XML_HEAD, R, W
from ...ooxml.package import zip_parts
from .builtin import TEMPLATES
from .codegen import python_source
from .contract import PARAGRAPH_STYLES
from .parts import core_xml
from .render import generated_beside, jinja_source
from .styles import GOVERNMENT_FONTS, FontSet, font_table_xml, styles_xml
from .theme import THEME_PART, THEME_TYPE, theme_xml


# --- document.xml -------------------------------------------------------------
def _tag_paragraph(tag: str) -> str:
    """A paragraph holding only a docxtpl {%p %} tag; docxtpl removes it."""
    return f'<w:p><w:r><w:t xml:space="preserve">{{%p {tag} %}}</w:t></w:r></w:p>'


def _tag_run(tag: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{{%r {tag} %}}</w:t></w:r>'


def _text_run(expression: str, char_style: str | None = None, extra: str = "") -> str:
    rpr = f'<w:rStyle w:val="{char_style}"/>' if char_style else ""
    return (
        f'<w:r><w:rPr>{rpr}<w:rFonts w:hint="eastAsia"/>{extra}</w:rPr>'
        f'<w:t xml:space="preserve">{{{{ {expression} }}}}</w:t></w:r>'
    )


# Runs of a paragraph, by kind: plain text, a run-in section heading, the lead
# of a point, a gap still to fill (highlighted yellow), a line break (long titles).
_RUNS = "".join([
    _tag_run("for r in p.runs"),
    _tag_run("if r.kind == 'heading'"), _text_run("r.text", "SectionTitle"),
    _tag_run("elif r.kind == 'lead'"), _text_run("r.text", "PointLead"),
    _tag_run("elif r.kind == 'todo'"), _text_run("r.text", "TodoMark", '<w:highlight w:val="yellow"/>'),
    _tag_run("elif r.kind == 'break'"), "<w:r><w:br/></w:r>",
    _tag_run("elif r.kind == 'tab'"), "<w:r><w:tab/></w:r>",
    _tag_run("elif r.kind == 'signer'"), _text_run("r.text", "SignerName"),
    _tag_run("else"), _text_run("r.text"),
    _tag_run("endif"),
    _tag_run("endfor"),
])

def _prototype(kind: str | None, style_id: str | None) -> str:
    if kind == "imprint":
        return _imprint()
    if style_id is None:
        return _table()
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>{_RUNS}</w:p>'


def _cell(width: int, content: str, style: str) -> str:
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{content}</w:p></w:tc>'
    )


def _table() -> str:
    """The statistics table: a head row from p.head, then a row per entry of p.rows; the item
    names left-aligned, the rest centred; the widths are the renderer's (`table_widths`)."""
    widths = [mm(w) for w in TABLE_COLUMNS_MM]
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    borders = "".join(border.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    head = "".join(_cell(w, _text_run(f"p.head[{i}]"), "TableHeading") for i, w in enumerate(widths))
    body = "".join(_cell(w, _text_run(f"row[{i}]"), "TableItem" if i == 1 else "TableText") for i, w in enumerate(widths))
    margins = "".join(f'<w:{side} w:w="{TABLE_CELL_MARGIN_Y if side in ("top", "bottom") else TABLE_CELL_MARGIN_X}" w:type="dxa"/>'
                      for side in ("top", "left", "bottom", "right"))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    def row_tag(tag: str) -> str:
        return f'<w:tr><w:tc><w:p><w:r><w:t xml:space="preserve">{{%tr {tag} %}}</w:t></w:r></w:p></w:tc></w:tr>'

    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        f"<w:tblCellMar>{margins}</w:tblCellMar></w:tblPr>"
        f"<w:tblGrid>{grid}</w:tblGrid>"
        f'<w:tr><w:trPr><w:tblHeader/></w:trPr>{head}</w:tr>'
        + row_tag("for row in p.rows")
        + f"<w:tr>{body}</w:tr>"
        + row_tag("endfor")
        + "</w:tbl>"
    )


def _imprint() -> str:
    """The 版记 (7.4): a table whose borders are the rules, the 抄送 row only when there are
    organs to copy to, then 印发机关 and 印发日期 (p.head) on one line.  It floats at the foot of
    the text area (ECMA-376 §17.4.58 tblpPr: w:vertAnchor="margin" with w:tblpYSpec="bottom"
    puts the table's bottom edge on the bottom margin, on the page of the paragraph after it),
    so its last rule lies on the text area's bottom line wherever the body ends.  The paragraph
    before it ends the body's section; the renderer keeps or removes that section break and
    sets the last section's start and footers by where the body ends (parts.place_imprint).
    LibreOffice 7.4 turns a floating table as wide as the text area into a frame only when it
    is placed relative to the page (read in its source, measured): w:horzAnchor="page" with the
    left margin as w:tblpX, the same place in Word."""
    no_margins = "".join(f'<w:{side} w:w="0" w:type="dxa"/>' for side in ("top", "left", "bottom", "right"))

    def cell(content: str) -> str:
        return f'<w:tc><w:tcPr><w:tcW w:w="{TEXT_WIDTH}" w:type="dxa"/></w:tcPr>{content}</w:tc>'

    def rule(side: str, width: int) -> str:
        return f'<w:{side} w:val="single" w:sz="{width}" w:space="0" w:color="000000"/>'

    def row_tag(tag: str) -> str:
        return "<w:tr>" + cell(f'<w:p><w:r><w:t xml:space="preserve">{{%tr {tag} %}}</w:t></w:r></w:p>') + "</w:tr>"

    copy_to = f'<w:p><w:pPr><w:pStyle w:val="ImprintCopyTo"/></w:pPr>{_RUNS}</w:p>'
    printed = (f'<w:p><w:pPr><w:pStyle w:val="ImprintPrinted"/></w:pPr>{_text_run("p.head[0]")}'
               f'<w:r><w:tab/></w:r>{_text_run("p.head[1]")}</w:p>')
    rules = (f"<w:tblBorders>{rule('top', IMPRINT_RULE_THICK)}{rule('bottom', IMPRINT_RULE_THICK)}"
             f"{rule('insideH', IMPRINT_RULE_THIN)}</w:tblBorders>")
    position = ('<w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" w:bottomFromText="0" '
                f'w:vertAnchor="margin" w:horzAnchor="page" w:tblpX="{MARGIN_LEFT}" w:tblpYSpec="bottom"/>')
    imprint = (
        f'<w:tbl><w:tblPr>{position}<w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/>{rules}'
        f'<w:tblLayout w:type="fixed"/><w:tblCellMar>{no_margins}</w:tblCellMar></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{TEXT_WIDTH}"/></w:tblGrid>'
        + row_tag("if p.runs") + f"<w:tr>{cell(copy_to)}</w:tr>" + row_tag("endif")
        + f"<w:tr>{cell(printed)}</w:tr></w:tbl>"
    )
    end = '<w:p><w:pPr><w:pStyle w:val="ImprintEnd"/></w:pPr></w:p>'
    section_end = f'<w:p><w:pPr><w:pStyle w:val="ImprintEnd"/>{_section_properties()}</w:pPr></w:p>'
    # LibreOffice applies the new section's page style (its footers) from a paragraph only (measured)
    return section_end + end + imprint + end


def _section_properties() -> str:
    return (
        "<w:sectPr>"
        '<w:footerReference w:type="default" r:id="rIdFooterOdd"/>'
        '<w:footerReference w:type="even" r:id="rIdFooterEven"/>'
        f'<w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}"/>'
        f'<w:pgMar w:top="{MARGIN_TOP}" w:right="{MARGIN_RIGHT}" w:bottom="{MARGIN_BOTTOM}" '
        f'w:left="{MARGIN_LEFT}" w:header="{HEADER_DISTANCE}" w:footer="{FOOTER_DISTANCE}" w:gutter="0"/>'
        '<w:cols w:space="425"/>'
        f'<w:docGrid w:type="lines" w:linePitch="{LINE_PITCH}"/>'
        "</w:sectPr>"
    )


def document_xml() -> str:
    body = [_tag_paragraph("for p in paragraphs")]
    first = True
    for kind, style_id in PARAGRAPH_STYLES.items():
        if kind is None:
            body.append(_tag_paragraph("else"))
        else:
            body.append(_tag_paragraph(f"{'if' if first else 'elif'} p.style == '{kind}'"))
            first = False
        body.append(_prototype(kind, style_id))
    body.append(_tag_paragraph("endif"))
    body.append(_tag_paragraph("endfor"))
    return (
        f'{XML_HEAD}<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>'
        f'{"".join(body)}{_section_properties()}</w:body></w:document>'
    )


# --- footers: "— N —", odd pages right, even pages left ------------------------
def footer_xml(side: str) -> str:
    indent = "right" if side == "right" else "left"
    def text(value: str) -> str:
        return f'<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">{value}</w:t></w:r>'
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>1</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    return (
        f'{XML_HEAD}<w:ftr xmlns:w="{W}" xmlns:r="{R}"><w:p><w:pPr><w:pStyle w:val="Footer"/>'
        f'<w:ind w:{indent}="{PAGE_NUMBER_INDENT}" w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="{side}"/></w:pPr>'
        f"{text('— ')}{field}{text(' —')}</w:p></w:ftr>"
    )


# --- settings, fonts, package plumbing ------------------------------------------
def settings_xml() -> str:
    return (
        f'{XML_HEAD}<w:settings xmlns:w="{W}">'
        '<w:zoom w:percent="100"/>'
        f'<w:defaultTabStop w:val="{INDENT_TWIPS // 2}"/>'
        "<w:evenAndOddHeaders/>"
        # Full-width punctuation keeps its full width: 28 characters a line.
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
        "</w:settings>"
    )


CONTENT_TYPES = (
    f'{XML_HEAD}<Types xmlns="{TYPES_NS}">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{WML}.document.main+xml"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{WML}.styles+xml"/>'
    f'<Override PartName="/word/settings.xml" ContentType="{WML}.settings+xml"/>'
    f'<Override PartName="/word/fontTable.xml" ContentType="{WML}.fontTable+xml"/>'
    f'<Override PartName="/{THEME_PART}" ContentType="{THEME_TYPE}"/>'
    f'<Override PartName="/word/footer1.xml" ContentType="{FOOTER_TYPE}"/>'
    f'<Override PartName="/word/footer2.xml" ContentType="{FOOTER_TYPE}"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

PACKAGE_RELS = (
    f'{XML_HEAD}<Relationships xmlns="{RELS_NS}">'
    f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{R}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
DOCUMENT_RELS = (
    f'{XML_HEAD}<Relationships xmlns="{RELS_NS}">'
    f'<Relationship Id="rIdStyles" Type="{R}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rIdSettings" Type="{R}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rIdFonts" Type="{R}/fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="rIdTheme" Type="{R}/theme" Target="theme/theme1.xml"/>'
    f'<Relationship Id="rIdFooterOdd" Type="{R}/footer" Target="footer1.xml"/>'
    f'<Relationship Id="rIdFooterEven" Type="{R}/footer" Target="footer2.xml"/>'
    "</Relationships>"
)


APP_XML = (
    f'{XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>drafter</Application></Properties>"
)


def template_parts(fonts: FontSet = GOVERNMENT_FONTS) -> dict[str, bytes]:
    parts = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": PACKAGE_RELS,
        "word/document.xml": document_xml(),
        "word/_rels/document.xml.rels": DOCUMENT_RELS,
        "word/styles.xml": styles_xml(fonts),
        "word/settings.xml": settings_xml(),
        "word/fontTable.xml": font_table_xml(fonts),
        THEME_PART: theme_xml(fonts.latin, fonts.fangsong, fonts.heiti),
        "word/footer1.xml": footer_xml("right"),
        "word/footer2.xml": footer_xml("left"),
        "docProps/core.xml": core_xml("法治政府建设年度报告模板", "drafter", "2000-01-01T00:00:00Z"),
        "docProps/app.xml": APP_XML,
    }
    return {name: text.encode("utf-8") for name, text in parts.items()}


def build_all(folder: Path) -> list[Path]:
    """Write every built-in template into `folder`, each with the Python generated from its Jinja source beside it."""
    written = []
    for file_name, fonts in TEMPLATES.items():
        target = folder / file_name
        parts = template_parts(fonts)
        target.write_bytes(zip_parts(parts))
        generated = generated_beside(target)
        source = jinja_source(parts["word/document.xml"].decode("utf-8"))
        generated.write_bytes(python_source(source, f"{file_name}'s document part", parts).encode("utf-8"))
        written += [target, generated]
    return written
