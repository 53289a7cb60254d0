"""Builds the built-in Word template from the GB/T 9704-2012 values below.

Every layout value of the report lives in this file, as a named number with
the clause it comes from, so a change to a margin or a font is a readable
diff.  `python scripts/build_templates.py` rewrites templates/*.docx; a test
checks that the shipped files are exactly what this module makes.

The document body is a docxtpl template: one prototype paragraph per kind of
paragraph the report needs (see drafter/view.py), chosen by `p.style`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ...ooxml.package import xml_escape, zip_parts

# --- units -----------------------------------------------------------------
TWIPS_PER_MM = 1440 / 25.4
TWIPS_PER_PT = 20


def mm(value: float) -> int:
    return round(value * TWIPS_PER_MM)


def pt(value: float) -> int:
    return round(value * TWIPS_PER_PT)


# --- GB/T 9704-2012 values --------------------------------------------------
PAGE_WIDTH = mm(210)          # 5.1  A4
PAGE_HEIGHT = mm(297)
MARGIN_TOP = mm(37)           # 5.2.1  天头 37 mm
MARGIN_LEFT = mm(28)          # 5.2.1  订口 28 mm
MARGIN_BOTTOM = mm(297 - 37 - 225)   # derived: text area 225 mm high → 35 mm
MARGIN_RIGHT = mm(210 - 28 - 156)    # derived: text area 156 mm wide → 26 mm
LINES_PER_PAGE = 22           # 5.2.3  22 lines × 28 characters
CHARS_PER_LINE = 28
# 225 mm / 22 = 28.98 pt; 579 twips (28.95 pt) is the largest pitch that keeps
# 22 lines in LibreOffice and Word (580 gives 21).
LINE_PITCH = 579
BODY_SIZE = 32                # 5.2.2  3号 = 16 pt, in half-points
TITLE_SIZE = 44               # 7.3.1  2号 = 22 pt, in half-points
PAGE_NUMBER_SIZE = 28         # 7.5    4号 = 14 pt
# 28 characters of 16 pt are 448 pt, 6 pt more than the 442 pt text width:
# condensing each character by 0.25 pt (-5 twentieths) makes 28 fit.
BODY_CHAR_SPACING = -5
INDENT_CHARS = 200            # 7.3.3  first-line indent 2 characters (hundredths)
INDENT_TWIPS = 2 * pt(16)     # the same in twips, for LibreOffice < 25
# 7.2.3 发文机关标志: red 小标宋, centred, its top edge 35 mm below the text area's top.
# Measured in LibreOffice 7.4: on an exact line as tall as the characters, their
# cell starts 1 mm above the line, so the line starts 36 mm down.
MASTHEAD_TOP = mm(36)
# 初号 42 pt; 30 pt and 22 pt for longer organ names (half-points), so the mark stays on one line.
MASTHEAD_SIZES = {"Masthead": 84, "MastheadLong": 60, "MastheadLonger": 44}
MASTHEAD_COLOR = "FF0000"
# 7.2.5 the red rule: 4 mm below the 发文字号, as wide as the text area.  A bottom
# border is drawn below the paragraph's 28.95 pt line, whose bottom lies 2.2 mm
# below the characters' cell (measured in LibreOffice 7.4): 5 pt more makes 4 mm.
RULE_GAP_PT = 5
RULE_WIDTH = 12                      # eighths of a point: 1.5 pt
PAGE_NUMBER_INDENT = pt(14)   # 7.5  单页码居右空一字，双页码居左空一字 (one 4号 character)
# 7.5: the page number's line (一字线) sits 7 mm below the text area, so the
# top of its character cell is 28 mm above the page's bottom edge.  The footer
# distance is measured to the bottom of the footer's one single-spaced 14 pt
# line, 5.75 mm below that top (measured in LibreOffice 7.4: the baseline
# 4.35 mm below the cell top, 1.4 mm above the line's bottom).
FOOTER_DISTANCE = mm(35 - 7 - 5.75)
HEADER_DISTANCE = mm(15)
TEXT_WIDTH = mm(156)          # 5.2.1  版心 156 × 225 mm
TEXT_HEIGHT = mm(225)
# 7.4 版记: 4号仿宋 between rules as wide as the text area, the first and last
# 0.35 mm, those between 0.25 mm (borders are in eighths of a point: 1 pt =
# 0.353 mm, 0.75 pt = 0.265 mm), the last rule on the text area's bottom edge.
IMPRINT_SIZE = 28             # 7.4.1  4号 = 14 pt, in half-points
IMPRINT_RULE_THICK = 8
IMPRINT_RULE_THIN = 6
IMPRINT_INDENT = pt(14)       # 7.4.2/7.4.3  左右各空一字 (one 4号 character)
IMPRINT_HANGING = 3 * pt(14)  # 7.4.2  continuation lines under the first character after "抄送："
# The 版记 fills a page of its own: a table row of fixed height with its content
# set to the bottom, so the last rule falls on the text area's bottom edge.
# Word needs a paragraph after a table, at a cell's end and the document's, and
# LibreOffice applies a section's page style (its empty footer) only from a
# paragraph: four tiny paragraphs, the first ending the body's section, which
# must fit below a full page's 22 lines (12738 of 12756 twips): 0.7 pt, Word's
# least exact line height.
IMPRINT_END_LINE = 14
# The row as tall as the text area less 56 twips: LibreOffice 7.4 moves the
# paragraph after the table to a page of its own unless about 2 pt are left
# for it (measured: 44 twips are too few, 50 enough).  The last rule then lies
# 0.8 mm above the text area's bottom edge in LibreOffice, and by the numbers
# (0.7 pt + the row) in Word too.
IMPRINT_HEIGHT = TEXT_HEIGHT - 56


@dataclass(frozen=True)
class FontSet:
    """The faces GB/T 9704 names by category, as one office's machines call them."""

    name: str
    fangsong: str       # body, level 3-4 headings (仿宋)
    kaiti: str          # level 2 headings (楷体)
    heiti: str          # level 1 headings (黑体)
    title: str          # the title (小标宋)
    title_bold: bool = False  # a 宋体 title is set bold to stand in for 小标宋
    songti: str = "宋体"  # page numbers (宋体)
    latin: str = "Times New Roman"


# What government PCs have installed (not part of Windows; 方正小标宋 is commercial).
GOVERNMENT_FONTS = FontSet("gov", "仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体")
# What every Windows 10/11 has: 仿宋 (FangSong), 楷体 (KaiTi), 黑体 (SimHei), 宋体 (SimSun).
WINDOWS_FONTS = FontSet("windows", "仿宋", "楷体", "黑体", "宋体", title_bold=True)
FONT_SETS = {fonts.name: fonts for fonts in (GOVERNMENT_FONTS, WINDOWS_FONTS)}

# fontTable entries: Word and WPS substitute by altName, charset 86 (GB2312)
# and panose when a named face is missing.
_FONT_INFO = {
    "仿宋_GB2312": ("仿宋", "02010609030101010101", "modern", "fixed"),
    "楷体_GB2312": ("楷体", "02010609030101010101", "modern", "fixed"),
    "仿宋": ("FangSong", "02010609060101010101", "modern", "fixed"),
    "楷体": ("KaiTi", "02010609060101010101", "modern", "fixed"),
    "黑体": ("SimHei", "02010609060101010101", "modern", "fixed"),
    "宋体": ("SimSun", "02010600030101010101", "auto", "variable"),
    "方正小标宋简体": ("宋体", "02000000000000000000", "auto", "variable"),
}

NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"
FOOTER_CONTENT_TYPE = f"{_CT}.footer+xml"


def _fonts(face: str, latin: str | None = None) -> str:
    latin = latin or face
    return (
        f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{face}" '
        f'w:cs="{latin}" w:hint="eastAsia"/>'
    )


# --- styles.xml ---------------------------------------------------------------
def _style(kind: str, style_id: str, name: str, *, based_on: str | None = None,
           ppr: str = "", rpr: str = "", default: bool = False, next_id: str | None = None) -> str:
    attrs = f'w:type="{kind}" w:styleId="{style_id}"' + (' w:default="1"' if default else "")
    body = f'<w:name w:val="{xml_escape(name)}"/>'
    if based_on:
        body += f'<w:basedOn w:val="{based_on}"/>'
    if next_id:
        body += f'<w:next w:val="{next_id}"/>'
    body += "<w:qFormat/>"
    if ppr:
        body += f"<w:pPr>{ppr}</w:pPr>"
    if rpr:
        body += f"<w:rPr>{rpr}</w:rPr>"
    return f"<w:style {attrs}>{body}</w:style>"


def _heading(level: int, face: str, latin: str) -> str:
    return _style(
        "paragraph", f"Heading{level}", f"heading {level}", based_on="Normal", next_id="Normal",
        ppr=f'<w:keepNext/><w:outlineLvl w:val="{level - 1}"/>',
        rpr=_fonts(face, latin),
    )


def styles_xml(fonts: FontSet) -> str:
    no_indent = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
    styles = [
        _style("paragraph", "Normal", "Normal", default=True,
               ppr=f'<w:ind w:firstLineChars="{INDENT_CHARS}" w:firstLine="{INDENT_TWIPS}"/>'),
        _style("character", "DefaultParagraphFont", "Default Paragraph Font", default=True),
        # 7.3.1: 2号小标宋, centred; snapToGrid off or a 22 pt line takes two grid lines.
        _style("paragraph", "Title", "Title", based_on="Normal", next_id="Normal",
               ppr=f'<w:snapToGrid w:val="0"/>{no_indent}<w:jc w:val="center"/>',
               rpr=f'{_fonts(fonts.title)}{"<w:b/><w:bCs/>" if fonts.title_bold else ""}'
                   f'<w:spacing w:val="0"/><w:sz w:val="{TITLE_SIZE}"/><w:szCs w:val="{TITLE_SIZE}"/>'),
        # 7.3.3: 一、 黑体; （一） 楷体; 1. and （1） 仿宋.
        _heading(1, fonts.heiti, fonts.heiti),
        _heading(2, fonts.kaiti, fonts.kaiti),
        _heading(3, fonts.fangsong, fonts.latin),
        _heading(4, fonts.fangsong, fonts.latin),
        # A body paragraph that opens with a run-in （一） heading: outline level 2
        # so Word's navigation pane lists the section.
        _style("paragraph", "SectionParagraph", "二级标题段落", based_on="Normal",
               ppr='<w:outlineLvl w:val="1"/>'),
        _style("character", "SectionTitle", "二级标题（接排）", based_on="DefaultParagraphFont",
               rpr=_fonts(fonts.kaiti, fonts.kaiti)),
        _style("character", "PointLead", "要点开头", based_on="DefaultParagraphFont"),
        _style("character", "TodoMark", "待填写", based_on="DefaultParagraphFont"),
        # 7.3.5.2: placed by leading ideographic spaces on the 28-character line
        # (view.py), as offices do by hand: LibreOffice ignores trailing blanks
        # and right indents would have to differ per report.
        # 7.2.3: the masthead; an exact line as tall as the characters puts their top at the line's top.
        *(_style("paragraph", style_id, name, based_on="Normal",
                 ppr=f'<w:snapToGrid w:val="0"/><w:spacing w:before="{MASTHEAD_TOP}" w:line="{size * 10}" w:lineRule="exact"/>'
                     f'{no_indent}<w:jc w:val="center"/>',
                 rpr=f'{_fonts(fonts.title)}<w:color w:val="{MASTHEAD_COLOR}"/><w:spacing w:val="0"/>'
                     f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
          for (style_id, size), name in zip(MASTHEAD_SIZES.items(), ("发文机关标志", "较长的发文机关标志", "很长的发文机关标志"))),
        # 7.2.4/7.2.5: 发文字号 centred (下行文), the red rule 4 mm below it.
        _style("paragraph", "DocumentNumber", "发文字号", based_on="Normal",
               ppr=f'<w:pBdr><w:bottom w:val="single" w:sz="{RULE_WIDTH}" w:space="{RULE_GAP_PT}" w:color="{MASTHEAD_COLOR}"/></w:pBdr>'
                   f'{no_indent}<w:jc w:val="center"/>'),
        # 上行文: 发文字号 居左空一字 (a leading ideographic space: an indent would shorten the
        # rule), 签发人 on the same line 居右空一字 (a right tab stop one character in).
        _style("paragraph", "DocumentNumberUp", "发文字号（上行文）", based_on="DocumentNumber",
               ppr=f'<w:tabs><w:tab w:val="right" w:pos="{mm(156) - pt(16)}"/></w:tabs><w:jc w:val="left"/>'),
        _style("character", "SignerName", "签发人姓名", based_on="DefaultParagraphFont", rpr=_fonts(fonts.kaiti, fonts.kaiti)),
        # 7.3.2: 主送机关 flush left (回行时仍顶格).
        _style("paragraph", "Addressee", "主送机关", based_on="Normal", ppr=no_indent),
        _style("paragraph", "Signature", "发文机关署名", based_on="Normal", ppr=f'{no_indent}<w:jc w:val="left"/>'),
        _style("paragraph", "DocumentDate", "成文日期", based_on="Normal", ppr=f'{no_indent}<w:jc w:val="left"/>'),
        # 7.3.7: "附件" and its number in 3号黑体, flush left on the first line of a new page.
        _style("paragraph", "AttachmentLabel", "附件标识", based_on="Normal",
               ppr=f'<w:pageBreakBefore/>{no_indent}', rpr=_fonts(fonts.heiti, fonts.heiti)),
        _style("paragraph", "TableText", "表格文字", based_on="Normal",
               ppr=f'<w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/>{no_indent}<w:jc w:val="center"/>',
               rpr=f'<w:spacing w:val="0"/><w:sz w:val="{TABLE_TEXT_SIZE}"/><w:szCs w:val="{TABLE_TEXT_SIZE}"/>'),
        _style("paragraph", "TableHeading", "表格标题行", based_on="TableText",
               rpr=_fonts(fonts.heiti, fonts.heiti)),
        # 7.4: the 版记's lines in 4号仿宋; the 抄送 line hangs under the first organ.
        _style("paragraph", "ImprintCopyTo", "版记抄送", based_on="Normal",
               ppr=f'<w:snapToGrid w:val="0"/><w:ind w:left="{IMPRINT_INDENT + IMPRINT_HANGING}" w:right="{IMPRINT_INDENT}" '
                   f'w:hanging="{IMPRINT_HANGING}" w:firstLineChars="0"/>',
               rpr=f'<w:spacing w:val="0"/><w:sz w:val="{IMPRINT_SIZE}"/><w:szCs w:val="{IMPRINT_SIZE}"/>'),
        # 印发机关 左空一字, 印发日期 on the same line 右空一字 (a right tab stop one character in).
        _style("paragraph", "ImprintPrinted", "版记印发", based_on="ImprintCopyTo",
               ppr=f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH - IMPRINT_INDENT}"/></w:tabs>'
                   f'<w:ind w:left="{IMPRINT_INDENT}" w:right="0" w:hanging="0" w:firstLineChars="0" w:firstLine="0"/>'),
        _style("paragraph", "ImprintEnd", "版记末段", based_on="Normal",
               ppr=f'<w:snapToGrid w:val="0"/><w:spacing w:line="{IMPRINT_END_LINE}" w:lineRule="exact"/>{no_indent}',
               rpr='<w:sz w:val="2"/><w:szCs w:val="2"/>'),
        # 7.5: 4号半角宋体 page numbers.
        _style("paragraph", "Footer", "footer", based_on="Normal",
               ppr=f'<w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/>{no_indent}',
               rpr=f'{_fonts(fonts.songti)}<w:spacing w:val="0"/><w:sz w:val="{PAGE_NUMBER_SIZE}"/><w:szCs w:val="{PAGE_NUMBER_SIZE}"/>'),
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>",
    ]
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'{_fonts(fonts.fangsong, fonts.latin)}<w:kern w:val="0"/>'
        # sz/szCs 16 pt, condensed so 28 characters fill a line.
        f'<w:spacing w:val="{BODY_CHAR_SPACING}"/>'
        f'<w:sz w:val="{BODY_SIZE}"/><w:szCs w:val="{BODY_SIZE}"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        # Widow control off (else pages end at 21 lines); no hanging punctuation
        # past the margin; an exact 579-twip line on the 22-line grid.
        '<w:widowControl w:val="0"/><w:overflowPunct w:val="0"/>'
        # No extra space between Chinese and Latin letters or digits: the
        # 28-character line holds, and dates read 2022年2月7日, not 2022 年 2 月.
        '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>'
        f'<w:spacing w:before="0" w:after="0" w:line="{LINE_PITCH}" w:lineRule="exact"/>'
        '<w:jc w:val="both"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    return f'{_XML_HEAD}<w:styles xmlns:w="{NS_W}">{defaults}{"".join(styles)}</w:styles>'


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

# Paragraph kinds in the order the template shows them; `None` is the body.
PARAGRAPH_STYLES = {
    "title": "Title",
    "heading1": "Heading1",
    "heading2": "Heading2",
    "section": "SectionParagraph",
    "addressee": "Addressee",
    "signature": "Signature",
    "date": "DocumentDate",
    "attachment-label": "AttachmentLabel",
    "masthead": "Masthead",
    "masthead-long": "MastheadLong",
    "masthead-longer": "MastheadLonger",
    "number": "DocumentNumber",
    "number-up": "DocumentNumberUp",
    "table": None,  # the statistics table: a table, not a paragraph
    "imprint": None,  # the 版记: a page of its own at the end
    None: "Normal",
}
# 7.3.7 tables in an attachment: as wide as the text area, 4号仿宋 text, 黑体 heads.
TABLE_TEXT_SIZE = 28
# 序号 | 项目 | 单位 | this year | last year | change: 156 mm in all.
TABLE_COLUMNS_MM = (14, 44, 16, 24, 24, 34)


# What the renderer needs from any template (an office's own included): the
# tags of the paragraph and run prototypes and the styles they use.
KIND_NAMES = {
    "title": "标题", "heading1": "一级标题（一、）", "heading2": "二级标题（（一））", "section": "接排的小节段落",
    "addressee": "主送机关", "masthead": "发文机关标志", "masthead-long": "较长的发文机关标志", "masthead-longer": "很长的发文机关标志",
    "number": "发文字号", "number-up": "发文字号和签发人",
    "signature": "发文机关署名", "date": "成文日期", "attachment-label": "附件标识", "table": "数据统计表",
    "imprint": "版记",
}
RUN_KINDS = ("heading", "lead", "todo", "break", "tab", "signer")
REQUIRED_TAGS = (
    ["for p in paragraphs", "for r in p.runs", "r.text", "for row in p.rows"]
    + [f"p.style == '{kind}'" for kind in KIND_NAMES]
    + [f"r.kind == '{kind}'" for kind in RUN_KINDS]
    + [f"p.head[{i}]" for i in range(len(TABLE_COLUMNS_MM))] + [f"row[{i}]" for i in range(len(TABLE_COLUMNS_MM))]
    + ["if p.runs"]
)
REQUIRED_STYLES = {
    "Title": "标题", "Heading1": "一级标题", "Heading2": "二级标题", "SectionParagraph": "二级标题段落",
    "Signature": "发文机关署名", "DocumentDate": "成文日期", "Addressee": "主送机关",
    "Masthead": "发文机关标志", "MastheadLong": "较长的发文机关标志", "MastheadLonger": "很长的发文机关标志",
    "DocumentNumber": "发文字号",
    "DocumentNumberUp": "发文字号（上行文）", "SignerName": "签发人姓名", "AttachmentLabel": "附件标识", "Normal": "正文",
    "TableText": "表格文字", "TableHeading": "表格标题行", "SectionTitle": "二级标题（接排）",
    "PointLead": "要点开头", "TodoMark": "待填写", "Footer": "页脚",
    "ImprintCopyTo": "版记抄送", "ImprintPrinted": "版记印发", "ImprintEnd": "版记末段",
}


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
    """The statistics table: a head row from p.head, then a row per entry of p.rows."""
    widths = [mm(w) for w in TABLE_COLUMNS_MM]
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    borders = "".join(border.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    head = "".join(_cell(w, _text_run(f"p.head[{i}]"), "TableHeading") for i, w in enumerate(widths))
    body = "".join(_cell(w, _text_run(f"row[{i}]"), "TableText") for i, w in enumerate(widths))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    def row_tag(tag: str) -> str:
        return f'<w:tr><w:tc><w:p><w:r><w:t xml:space="preserve">{{%tr {tag} %}}</w:t></w:r></w:p></w:tc></w:tr>'

    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
        f'<w:tr><w:trPr><w:tblHeader/></w:trPr>{head}</w:tr>'
        + row_tag("for row in p.rows")
        + f"<w:tr>{body}</w:tr>"
        + row_tag("endfor")
        + "</w:tbl>"
    )


def _imprint() -> str:
    """The 版记 (7.4) on a page of its own: the body's section ends here; the last section
    (made to start on an even page and to carry no page number by the renderer, see
    `imprint_section`) holds a text-area-high table row with the 版记 at its bottom:
    a table whose borders are the rules, the 抄送 row only when there are organs to copy to,
    then 印发机关 and 印发日期 (p.head) on one line."""
    end = '<w:p><w:pPr><w:pStyle w:val="ImprintEnd"/></w:pPr></w:p>'
    no_margins = "".join(f'<w:{side} w:w="0" w:type="dxa"/>' for side in ("top", "left", "bottom", "right"))

    def table(rows: str, borders: str = "") -> str:
        return (
            f'<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/>{borders}'
            f'<w:tblLayout w:type="fixed"/><w:tblCellMar>{no_margins}</w:tblCellMar></w:tblPr>'
            f'<w:tblGrid><w:gridCol w:w="{TEXT_WIDTH}"/></w:tblGrid>{rows}</w:tbl>'
        )

    def cell(content: str, extra: str = "") -> str:
        return f'<w:tc><w:tcPr><w:tcW w:w="{TEXT_WIDTH}" w:type="dxa"/>{extra}</w:tcPr>{content}</w:tc>'

    def rule(side: str, width: int) -> str:
        return f'<w:{side} w:val="single" w:sz="{width}" w:space="0" w:color="000000"/>'

    def row_tag(tag: str) -> str:
        return "<w:tr>" + cell(f'<w:p><w:r><w:t xml:space="preserve">{{%tr {tag} %}}</w:t></w:r></w:p>') + "</w:tr>"

    copy_to = f'<w:p><w:pPr><w:pStyle w:val="ImprintCopyTo"/></w:pPr>{_RUNS}</w:p>'
    printed = (f'<w:p><w:pPr><w:pStyle w:val="ImprintPrinted"/></w:pPr>{_text_run("p.head[0]")}'
               f'<w:r><w:tab/></w:r>{_text_run("p.head[1]")}</w:p>')
    rules = (f"<w:tblBorders>{rule('top', IMPRINT_RULE_THICK)}{rule('bottom', IMPRINT_RULE_THICK)}"
             f"{rule('insideH', IMPRINT_RULE_THIN)}</w:tblBorders>")
    imprint = table(row_tag("if p.runs") + f"<w:tr>{cell(copy_to)}</w:tr>" + row_tag("endif")
                    + f"<w:tr>{cell(printed)}</w:tr>", rules)
    page = table(
        f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{IMPRINT_HEIGHT}" w:hRule="exact"/></w:trPr>'
        + cell(imprint + end, '<w:vAlign w:val="bottom"/>') + "</w:tr>"
    )
    section_end = f'<w:p><w:pPr><w:pStyle w:val="ImprintEnd"/>{_section_properties()}</w:pPr></w:p>'
    return section_end + end + page + end


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
    return f'{_XML_HEAD}<w:ftr xmlns:w="{NS_W}" xmlns:r="{NS_R}"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr></w:p></w:ftr>'


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
        f'{_XML_HEAD}<w:document xmlns:w="{NS_W}" xmlns:r="{NS_R}"><w:body>'
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
        f'{_XML_HEAD}<w:ftr xmlns:w="{NS_W}" xmlns:r="{NS_R}"><w:p><w:pPr><w:pStyle w:val="Footer"/>'
        f'<w:ind w:{indent}="{PAGE_NUMBER_INDENT}" w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="{side}"/></w:pPr>'
        f"{text('— ')}{field}{text(' —')}</w:p></w:ftr>"
    )


# --- settings, fonts, package plumbing ------------------------------------------
def settings_xml() -> str:
    return (
        f'{_XML_HEAD}<w:settings xmlns:w="{NS_W}">'
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


def font_table_xml(fonts: FontSet) -> str:
    entries = []
    for face in dict.fromkeys([fonts.fangsong, fonts.kaiti, fonts.heiti, fonts.title, fonts.songti]):
        alt, panose, family, pitch = _FONT_INFO[face]
        entries.append(
            f'<w:font w:name="{face}"><w:altName w:val="{alt}"/><w:panose1 w:val="{panose}"/>'
            f'<w:charset w:val="86"/><w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
        )
    entries.append(
        f'<w:font w:name="{fonts.latin}"><w:panose1 w:val="02020603050405020304"/>'
        '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
    )
    return f'{_XML_HEAD}<w:fonts xmlns:w="{NS_W}">{"".join(entries)}</w:fonts>'


CONTENT_TYPES = (
    f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{_CT}.document.main+xml"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{_CT}.styles+xml"/>'
    f'<Override PartName="/word/settings.xml" ContentType="{_CT}.settings+xml"/>'
    f'<Override PartName="/word/fontTable.xml" ContentType="{_CT}.fontTable+xml"/>'
    f'<Override PartName="/word/footer1.xml" ContentType="{FOOTER_CONTENT_TYPE}"/>'
    f'<Override PartName="/word/footer2.xml" ContentType="{FOOTER_CONTENT_TYPE}"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = (
    f'{_XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
DOCUMENT_RELS = (
    f'{_XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rIdStyles" Type="{_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rIdSettings" Type="{_REL}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rIdFonts" Type="{_REL}/fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="rIdFooterOdd" Type="{_REL}/footer" Target="footer1.xml"/>'
    f'<Relationship Id="rIdFooterEven" Type="{_REL}/footer" Target="footer2.xml"/>'
    "</Relationships>"
)


def core_xml(title: str, creator: str, timestamp: str) -> str:
    """Document properties; the renderer writes the report's own."""
    return (
        f'{_XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{xml_escape(title)}</dc:title><dc:creator>{xml_escape(creator)}</dc:creator>"
        "<dc:language>zh-CN</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{timestamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{timestamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


APP_XML = (
    f'{_XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
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
        "word/footer1.xml": footer_xml("right"),
        "word/footer2.xml": footer_xml("left"),
        "docProps/core.xml": core_xml("法治政府建设年度报告模板", "drafter", "2000-01-01T00:00:00Z"),
        "docProps/app.xml": APP_XML,
    }
    return {name: text.encode("utf-8") for name, text in parts.items()}


def template_name(font_set: str) -> str:
    """File name of the built-in template for a font set."""
    return "gbt9704.docx" if font_set == GOVERNMENT_FONTS.name else f"gbt9704-{font_set}.docx"


TEMPLATES = {template_name(name): fonts for name, fonts in FONT_SETS.items()}


def build_all(folder: Path) -> list[Path]:
    """Write every built-in template into `folder`, each with its compiled Jinja source beside it."""
    from .render import jinja_source

    written = []
    for file_name, fonts in TEMPLATES.items():
        target = folder / file_name
        parts = template_parts(fonts)
        target.write_bytes(zip_parts(parts))
        source = target.with_name(target.name + ".jinja")
        source.write_bytes(jinja_source(parts["word/document.xml"].decode("utf-8")).encode("utf-8"))
        written += [target, source]
    return written
