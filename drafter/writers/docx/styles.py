"""The built-in template's styles and font table: GB/T 9704's faces and sizes as Word styles.

The numbers come from drafter/layout/gbt9704.py; this module says how Word
spells them.
"""

from __future__ import annotations

from msgspec import Struct

from ...layout.gbt9704 import (
    BODY_CHAR_SPACING,
    BODY_SIZE,
    IMPRINT_END_LINE,
    IMPRINT_HANGING,
    IMPRINT_INDENT,
    IMPRINT_SIZE,
    INDENT_CHARS,
    INDENT_TWIPS,
    LINE_PITCH,
    MASTHEAD_COLOR,
    MASTHEAD_SIZES,
    MASTHEAD_TOP,
    PAGE_NUMBER_SIZE,
    RULE_GAP_PT,
    RULE_WIDTH,
    TABLE_TEXT_SIZE,
    TEXT_WIDTH,
    TITLE_SIZE,
    mm,
    pt,
)
from ...ooxml.ns import XML_HEAD, W, xml_escape
from .contract import PARAGRAPH_STYLES


class FontSet(Struct, frozen=True):
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

def _fonts(face: str, latin: str | None = None) -> str:
    latin = latin or face
    return (
        f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{face}" '
        f'w:cs="{latin}" w:hint="eastAsia"/>'
    )




def _scale(percent: int) -> str:
    """Characters condensed to `percent` of their width (w:w), nothing at 100."""
    return f'<w:w w:val="{percent}"/>' if percent != 100 else ""


_KEEP_WITH_SIGNATURE = '<w:keepNext/><w:widowControl/>'


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
        # 7.3.5.5: the 落款 never stands alone on a page: the body's last paragraph keeps with it
        # (ECMA-376 §17.3.1.15 keepNext: at least part of it on the next paragraph's page), with
        # widow control on so that in Word at least two of its lines come along.  LibreOffice 7.4
        # moves the whole paragraph instead (measured), so its page may end a few lines early.
        _style("paragraph", "BodyKeep", "正文末段", based_on="Normal", ppr=_KEEP_WITH_SIGNATURE),
        _style("paragraph", "SectionParagraphKeep", "二级标题段落（末段）", based_on="SectionParagraph",
               ppr=_KEEP_WITH_SIGNATURE),
        _style("character", "SectionTitle", "二级标题（接排）", based_on="DefaultParagraphFont",
               rpr=_fonts(fonts.kaiti, fonts.kaiti)),
        _style("character", "PointLead", "要点开头", based_on="DefaultParagraphFont"),
        _style("character", "TodoMark", "待填写", based_on="DefaultParagraphFont"),
        # 7.3.5.2: placed by leading ideographic spaces on the 28-character line
        # (view.py), as offices do by hand: LibreOffice ignores trailing blanks
        # and right indents would have to differ per report.
        # 7.2.4: the masthead; an exact line as tall as the characters puts their top at the line's top;
        # long names condensed (w:w) before they are set smaller.
        *(_style("paragraph", style_id, name, based_on="Normal",
                 ppr=f'<w:snapToGrid w:val="0"/><w:spacing w:before="{MASTHEAD_TOP}" w:line="{size * 10}" w:lineRule="exact"/>'
                     f'{no_indent}<w:jc w:val="center"/>',
                 rpr=f'{_fonts(fonts.title)}<w:color w:val="{MASTHEAD_COLOR}"/><w:spacing w:val="0"/>'
                     f'{_scale(scale)}'
                     f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
          for (style_id, (size, scale)), name in zip(((PARAGRAPH_STYLES[kind], tier) for kind, tier in MASTHEAD_SIZES.items()),
                                           ("发文机关标志", "较长的发文机关标志", "很长的发文机关标志"))),
        # 7.2.5 发文字号 centred (下行文); 7.2.7 the red rule 4 mm below it.
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
        # The blank line above the names, and the names, keep with the next line down to the date.
        _style("paragraph", "Signature", "发文机关署名", based_on="Normal",
               ppr=f'<w:keepNext/><w:keepLines/>{no_indent}<w:jc w:val="left"/>'),
        _style("paragraph", "DocumentDate", "成文日期", based_on="Normal", ppr=f'{no_indent}<w:jc w:val="left"/>'),
        # 7.3.7: "附件" and its number in 3号黑体, flush left on the first line of a new page.
        _style("paragraph", "AttachmentLabel", "附件标识", based_on="Normal",
               ppr=f'<w:pageBreakBefore/>{no_indent}', rpr=_fonts(fonts.heiti, fonts.heiti)),
        _style("paragraph", "TableText", "表格文字", based_on="Normal",
               ppr=f'<w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/>{no_indent}<w:jc w:val="center"/>',
               rpr=f'<w:spacing w:val="0"/><w:sz w:val="{TABLE_TEXT_SIZE}"/><w:szCs w:val="{TABLE_TEXT_SIZE}"/>'),
        _style("paragraph", "TableItem", "表格项目", based_on="TableText", ppr='<w:jc w:val="left"/>'),
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
        # 16 pt, condensed so 28 characters fill a line (CT_RPr order: spacing before kern:
        # Word is reported to drop run properties out of order, and with them the condensing).
        f'{_fonts(fonts.fangsong, fonts.latin)}<w:spacing w:val="{BODY_CHAR_SPACING}"/><w:kern w:val="0"/>'
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
    return f'{XML_HEAD}<w:styles xmlns:w="{W}">{defaults}{"".join(styles)}</w:styles>'


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
    return f'{XML_HEAD}<w:fonts xmlns:w="{W}">{"".join(entries)}</w:fonts>'
