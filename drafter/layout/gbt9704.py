"""Every number GB/T 9704-2012 sets for the report, once, with the clause it comes from.

Sizes of type are in half-points and lengths in twips (1/20 pt), as Word
stores them.  Values derived from others (the bottom and right margins, how
many characters of a size fit on a line) are computed here, not restated.
"""

from __future__ import annotations

import math

# --- units ------------------------------------------------------------------
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
# 7.2.4 发文机关标志: red 小标宋, centred, its top edge 35 mm below the text area's top.
# Measured in LibreOffice 7.4: on an exact line as tall as the characters, their
# cell starts 1 mm above the line, so the line starts 36 mm down.
MASTHEAD_TOP = mm(36)
# 7.2.4 asks for a legible mark on one line: 初号 42 pt for a short organ name; a longer one is
# first condensed (w:w, character width in percent), only then set smaller: (half-points, %).
MASTHEAD_SIZES = {"masthead": (84, 100), "masthead-long": (84, 70), "masthead-longer": (60, 70)}
MASTHEAD_COLOR = "FF0000"
# 7.2.7 the red rule (版头中的分隔线): 4 mm below the 发文字号 (7.2.5), as wide as the text area.  A bottom
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
# 7.4 puts the 版记's last rule on the last line of the last page; sharing that page with the body it
# stands at least one blank line below the body's last line (layout/pages.py).
IMPRINT_GAP_LINES = 1
# The 版记 floats at the foot of the text area (writers/docx/template.py).  Word needs a paragraph
# after a table, and LibreOffice applies a section's page style (its footers) only from a
# paragraph: three tiny paragraphs, the first ending the body's section where the 版记 has a page
# of its own, which must fit below a full page's 22 lines (12738 of 12756 twips): 0.7 pt,
# Word's least exact line height.
IMPRINT_END_LINE = 14
# 7.3.7 tables in an attachment: as wide as the text area, 4号仿宋 text, 黑体 heads.
TABLE_TEXT_SIZE = 28
# 序号 | 项目 | 单位 | 年份 | 数值 | 比上年: the template's widths (156 mm in all); a report's
# table takes its widths from its content (layout/blocks.py).
TABLE_COLUMNS_MM = (12, 64, 14, 18, 18, 30)
# Cell margins (twips): 1.5 mm above and below the text, so it never touches a rule, and
# 1 mm either side.
TABLE_CELL_MARGIN_Y = mm(1.5)
TABLE_CELL_MARGIN_X = mm(1)


def chars_per_line(size: int) -> int:
    """How many full-width characters of `size` (half-points) the text width holds."""
    return TEXT_WIDTH // (size * 10)


# The title's line (7.3.1) and the masthead tiers (7.2.4): the largest, widest setting a name fits at.
TITLE_LINE_CHARS = chars_per_line(TITLE_SIZE)
MASTHEAD_TIERS = [(kind, TEXT_WIDTH * 100 // (size * 10 * scale)) for kind, (size, scale) in MASTHEAD_SIZES.items()]

# 7.3.5.1 加盖印章: the seal presses on the 署名 and 成文日期, which sit below its centre, and its
# top lies within one line of the body.  For the usual 42 mm seal (GB/T 9704 sets no size) on
# 10.21 mm lines, its top half a line below the body's last line puts its centre
# 0.5 + 21 / 10.21 = 2.56 lines down; the two lines of name and date must have their middle
# below that: k blank lines put it k + 1 lines down, so k = 2 (one, as without a seal, gives 2.0).
SEAL_DIAMETER_MM = 42
_SEAL_CENTRE_LINES = 0.5 + SEAL_DIAMETER_MM / 2 / (LINE_PITCH / TWIPS_PER_MM)
SEAL_BLANK_LINES = math.floor(_SEAL_CENTRE_LINES - 1) + 1
