"""The layout proven on the page: render to PDF with LibreOffice and measure it.

Every glyph's position and font is read from the PDF (pdfplumber) and every
line is matched back to the paragraph of the .docx it came from, so each rule
of GB/T 9704 is checked where a reviewer would see it.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import docx
import pytest
from conftest import COPY_TO_LONG, DOWNWARD, EXAMPLE, IMPRINT_ONLY, UPWARD, formal

from drafter.commands.build import build
from drafter.layout.gbt9704 import CHARS_PER_LINE, LINES_PER_PAGE
from drafter.writers.pdf import convert, find_soffice

pdfplumber = pytest.importorskip("pdfplumber")
if find_soffice() is None:
    pytest.skip("LibreOffice is not installed (CI installs it: .ci/install-render-deps)", allow_module_level=True)

MM = 72 / 25.4
PITCH = 579 / 20  # pt
LEFT, RIGHT, TOP, BOTTOM = 28 * MM, 184 * MM, 37 * MM, 262 * MM  # the 156 × 225 mm text area
TOLERANCE = 0.5 * MM
# Characters that may not start a line, and that may not end one (GB/T 15834 usage).
CLOSING = set("，。、；：？！”’）》」』】〕…—·")
OPENING = set("“‘（《「『【〔")
FULL_WIDTH = re.compile(r"^[\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e“”‘’—…·]+$")


@dataclass
class Line:
    page: int
    baseline: float  # pt from the top of the page
    chars: list = field(default_factory=list)
    paragraph: int = -1
    offset: int = 0  # characters of the paragraph on earlier lines
    first: bool = False
    last: bool = False

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0]["x0"]

    @property
    def x1(self) -> float:
        return self.chars[-1]["x1"]


@dataclass
class Rendered:
    pdf: Path
    styles: list[str]  # style name of each non-empty paragraph of the .docx
    texts: list[str]
    heading_runs: dict[int, str]  # paragraph → text of its run-in （一） heading
    lines: list[Line]  # body lines, in reading order, matched to paragraphs
    footers: dict[int, Line]  # page → its page-number line
    pages: int
    imprint: list[Line] = field(default_factory=list)  # the 版记's lines, at the foot of the last page


def _read_lines(pdf) -> tuple[list[Line], dict[int, Line]]:
    """Glyphs grouped into lines by baseline (within 3 pt: a glyph set off its line still belongs to it)."""
    body, footers = [], {}
    for number, page in enumerate(pdf.pages, 1):
        glyphs = sorted(((page.height - c["matrix"][5], c) for c in page.chars if c["text"].strip()), key=lambda g: g[0])
        lines: list[Line] = []
        for baseline, char in glyphs:
            if not lines or baseline - lines[-1].baseline > 3:
                lines.append(Line(number, baseline))
            lines[-1].chars.append(char)
        for line in lines:
            line.chars.sort(key=lambda c: c["x0"])
            if line.baseline > BOTTOM + 3 * MM:
                footers[number] = line
            else:
                body.append(line)
    return body, footers


def _match(lines: list[Line], texts: list[str]) -> None:
    """Assign each PDF line to the paragraph it renders: no text may be lost or moved."""
    index, rest = 0, re.sub(r"\s", "", texts[0])
    for line in lines:
        text = line.text
        assert rest.startswith(text), f"page {line.page}: {text!r} is not the next text of paragraph {index} ({rest[:30]!r})"
        whole = re.sub(r"\s", "", texts[index])
        line.paragraph, line.offset, line.first = index, len(whole) - len(rest), rest == whole
        rest = rest[len(text):]
        if not rest:
            line.last = True
            index += 1
            rest = re.sub(r"\s", "", texts[index]) if index < len(texts) else ""
    assert index == len(texts), f"paragraphs {index}.. never appear in the PDF"


def render(docx_paths: list[Path]) -> list[Rendered]:
    results = []
    for pdf_path in convert(docx_paths):
        document = docx.Document(str(pdf_path.with_suffix(".docx")))
        paragraphs = [p for p in document.paragraphs if p.text.strip()]
        with pdfplumber.open(pdf_path) as pdf:
            lines, footers = _read_lines(pdf)
            pages = len(pdf.pages)
            # The 版记 is a table at the foot of the last page, after every paragraph: the lines
            # below its first rule (its rules are thicker than a statistics table's).
            rules = [line["top"] for line in pdf.pages[-1].lines if line["linewidth"] > 0.7
                     and abs(line["top"] - line["bottom"]) < 0.1]
        texts = [p.text for p in paragraphs]
        has_imprint = any(p.style.name == "版记印发" for table in document.tables for row in table.rows
                          for cell in row.cells for p in cell.paragraphs)
        imprint = [line for line in lines if has_imprint and line.page == pages and line.baseline > min(rules)]
        lines = [line for line in lines if line not in imprint]
        _match(lines, texts)
        heading_runs = {
            i: p.runs[0].text for i, p in enumerate(paragraphs) if p.runs and p.runs[0].style.name == "二级标题（接排）"
        }
        results.append(Rendered(pdf_path, [p.style.name for p in paragraphs], texts, heading_runs, lines, footers, pages, imprint))
    return results


def _long_report(tmp: Path, layout: str, fonts: str = "gov") -> Path:
    """The example with its sections repeated four times: well over 20 pages."""
    source = shutil.copytree(EXAMPLE, tmp / f"long-{layout}-{fonts}")
    sections = source / "sections"
    for copy in (2, 3, 4):
        for file in sorted(EXAMPLE.joinpath("sections").glob("*.yaml")):
            # the copies refer to the figures the originals declare
            text = re.split(r"\n(?:#[^\n]*\n)*figures:", file.read_text(encoding="utf-8"))[0]
            (sections / f"{copy}{file.name}").write_text(text + "\n", encoding="utf-8")
    report = source / "report.yaml"
    text = report.read_text(encoding="utf-8").replace("layout: run-in", f"layout: {layout}")
    report.write_text(text + f"fonts: {fonts}\n", encoding="utf-8")
    return source


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Rendered]:
    tmp = tmp_path_factory.mktemp("layout")
    sources = {
        "example": EXAMPLE,
        "long run-in": _long_report(tmp, "run-in"),
        "long paragraph, windows fonts": _long_report(tmp, "paragraph", "windows"),
        "upward, sealed": formal(tmp, "upward", UPWARD),
        "downward, joint": formal(tmp, "downward", DOWNWARD),
        "imprint only": formal(tmp, "imprint", IMPRINT_ONLY),
    }
    built = [build(source, tmp / f"{i}.docx") for i, source in enumerate(sources.values())]
    return dict(zip(sources, render(built)))


CASES = ["example", "long run-in", "long paragraph, windows fonts"]
KEPT = ("正文末段", "二级标题段落（末段）")  # the body's last paragraph, kept with the 落款
SIGNATURE = ("发文机关署名", "成文日期")


def test_long_reports_are_long(rendered):
    assert rendered["long run-in"].pages >= 20
    assert rendered["long paragraph, windows fonts"].pages >= 20


def _rows(lines: list[Line]) -> list[int]:
    """Grid row of each line of one page: 0 for the first line of the text area."""
    top = TOP
    return [round((line.baseline - top) / PITCH - 0.5) for line in lines]


@pytest.mark.parametrize("case", CASES)
def test_baselines_sit_on_the_grid_and_full_pages_hold_22_lines(rendered, case):
    result = rendered[case]
    for page in range(1, result.pages + 1):
        lines = [line for line in result.lines if line.page == page]
        rows = _rows(lines)
        assert rows[0] == 0, f"page {page} does not start on the first line"
        body = [line for line in lines if result.styles[line.paragraph] != "Title"]
        offsets = [(line.baseline - TOP) % PITCH for line in body]
        assert max(offsets) - min(offsets) < 1.0, f"page {page}: baselines off the {PITCH} pt pitch"
        if page < result.pages and rows[-1] != LINES_PER_PAGE - 1:
            following = next(line for line in result.lines if line.page == page + 1)
            # a page ends early before a heading, or before the body's end kept with the 落款
            assert result.styles[following.paragraph].startswith("Heading") or result.styles[following.paragraph] in KEPT, (
                f"page {page} ends after {rows[-1] + 1} lines, but page {page + 1} does not start with a heading"
            )
        assert rows[-1] <= LINES_PER_PAGE - 1


@pytest.mark.parametrize("case", CASES)
def test_no_glyph_leaves_the_text_area(rendered, case):
    for line in rendered[case].lines:
        size = line.chars[0]["size"]
        assert line.x0 >= LEFT - TOLERANCE and line.x1 <= RIGHT + TOLERANCE, f"page {line.page}: {line.text!r}"
        # the character cell of an ideograph: 0.88 em above the baseline, 0.12 em below
        assert line.baseline - 0.88 * size >= TOP - TOLERANCE, f"page {line.page}: {line.text!r}"
        assert line.baseline + 0.12 * size <= BOTTOM + TOLERANCE, f"page {line.page}: {line.text!r}"


@pytest.mark.parametrize("case", CASES)
def test_justified_lines_span_the_text_width(rendered, case):
    result = rendered[case]
    checked = 0
    for line in result.lines:
        if line.last or result.styles[line.paragraph] in ("Title",):
            continue
        indent = 2 * 15.75 if line.first else 0
        assert abs(line.x0 - (LEFT + indent)) <= TOLERANCE, f"page {line.page}: {line.text!r} starts at {line.x0 / MM:.2f} mm"
        assert abs(line.x1 - RIGHT) <= TOLERANCE, f"page {line.page}: {line.text!r} ends at {line.x1 / MM:.2f} mm"
        checked += 1
    assert checked > 100


@pytest.mark.parametrize("case", CASES)
def test_chinese_lines_hold_28_characters(rendered, case):
    lines = rendered[case].lines
    checked = 0
    for line, following in zip(lines, lines[1:]):
        if line.last or not FULL_WIDTH.match(line.text):
            continue
        full = CHARS_PER_LINE - (2 if line.first else 0)
        count = len(line.text)
        # The line-breaking rules may carry characters to the next line so that
        # it does not start with a closing mark (or this one end with an opening
        # one), and a number or Latin word is never split.
        carried = full - count
        assert carried >= 0, f"page {line.page}: {count} characters in {line.text!r}"
        if carried:
            nxt = following.text
            assert nxt[carried] in CLOSING or nxt[carried - 1] in OPENING or nxt[0].isascii(), (
                f"page {line.page}: {count} characters in {line.text!r}, next line {nxt[:4]!r}"
            )
        checked += 1
    assert checked > 50


@pytest.mark.parametrize("case", CASES)
def test_lines_with_digits_hold_28_characters_counting_digits_half(rendered, case):
    # Word sets digits next to Chinese without extra space (w:autoSpaceDN off): a line of Chinese and
    # half-width digits fills the 28 characters unless the next line starts with a number (never
    # split), with an opening mark or with a closing one carried over (with the character before it).
    from drafter.layout.blocks import width

    result = rendered[case]
    lines = [line for line in result.lines if result.styles[line.paragraph] != "Title"]
    checked = 0
    for line, following in zip(lines, lines[1:]):
        # (Latin letters, % and . are proportional, not half-width: such lines are left out)
        if line.last or sum(ch.isdigit() for ch in line.text) < 4 or re.search("[^0-9\u0080-\uffff]", line.text):
            continue
        full = CHARS_PER_LINE - (2 if line.first else 0)
        short = full - width(line.text)
        assert short >= 0, f"page {line.page}: {line.text!r} is {width(line.text)} characters wide"
        head = re.match(r"[0-9.%]+", following.text)
        if short >= 1:  # room for another character: something had to be carried over
            nxt = following.text
            carried = nxt[0] in CLOSING or nxt[1:2] in CLOSING or nxt[0] in OPENING
            assert (head and width(head.group(0)) > short) or carried, (
                f"page {line.page}: {line.text!r} is {short} characters short, next line {following.text[:6]!r}")
        checked += 1
    assert checked >= 10


@pytest.mark.parametrize("case", CASES)
def test_east_asian_marks_in_the_east_asian_face(rendered, case):
    # · — … “ ” as Word draws them with w:hint="eastAsia": in the paragraph's Chinese face, full width
    result = rendered[case]
    seen = set()
    for line in result.lines:
        for char in line.chars:
            if char["text"] in "·—…“”‘’":
                assert not _font(char).startswith("Liberation"), f"page {line.page}: {char['text']} in {_font(char)}"
                assert abs(char["x1"] - char["x0"] - char["size"]) < 0.5, f"page {line.page}: {char['text']} not full width"
                seen.add(char["text"])
    assert {"·", "—", "“", "”"} <= seen


@pytest.mark.parametrize("case", CASES)
def test_title_is_22pt_and_centred(rendered, case):
    result = rendered[case]
    title_lines = [line for line in result.lines if result.styles[line.paragraph] == "Title"]
    assert title_lines and all(line.page == 1 for line in title_lines)
    for line in title_lines:
        assert {round(c["size"], 1) for c in line.chars} == {22.0}
        assert abs((line.x0 + line.x1) / 2 - (LEFT + RIGHT) / 2) <= TOLERANCE


@pytest.mark.parametrize("case", CASES)
def test_page_numbers(rendered, case):
    result = rendered[case]
    one_char = 14.0  # 4号: one character is 14 pt
    for page in range(1, result.pages + 1):
        line = result.footers[page]
        assert line.text == f"—{page}—"
        assert {round(c["size"], 1) for c in line.chars} == {14.0}
        cell_top = line.baseline - 0.88 * 14
        assert abs(cell_top - (BOTTOM + 7 * MM)) <= TOLERANCE, f"page {page}: {(cell_top - BOTTOM) / MM:.2f} mm below the text"
        if page % 2:
            assert abs(line.x1 - (RIGHT - one_char)) <= TOLERANCE, f"page {page} is not right, one character in"
        else:
            assert abs(line.x0 - (LEFT + one_char)) <= TOLERANCE, f"page {page} is not left, one character in"


STAND_INS = {"title": "NotoSerifCJK", "heading1": "NotoSansCJK", "heading2": "FandolKai", "body": "FandolFang"}


def _font(char) -> str:
    return char["fontname"].split("+", 1)[-1]


@pytest.mark.parametrize("case", CASES)
def test_each_level_is_drawn_in_its_face(rendered, case):
    result = rendered[case]
    seen = set()
    for line in result.lines:
        style = result.styles[line.paragraph]
        ideographs = [c for c in line.chars if "\u4e00" <= c["text"] <= "\u9fff"]
        heading = re.sub(r"\s", "", result.heading_runs.get(line.paragraph, ""))
        for position, char in enumerate(line.chars):
            if char not in ideographs:
                continue
            if style == "Title":
                level = "title"
                assert "Bold" in _font(char)
            elif style == "Heading 1":
                level = "heading1"
            elif style == "Heading 2" or line.offset + position < len(heading):
                level = "heading2"
            else:
                level = "body"
            assert _font(char).startswith(STAND_INS[level]), f"page {line.page}: {char['text']} of {style} in {_font(char)}"
            seen.add(level)
    assert seen == set(STAND_INS)
    for line in result.footers.values():
        assert all(_font(c).startswith("NotoSerifCJK") and "Bold" not in _font(c) for c in line.chars)


# --- the formal document variants (GB/T 9704 §7.2, §7.3.2, §7.3.5) ---------------------------
ONE_MM = 1 * MM
RED = (1.0, 0.0, 0.0)
CHAR = 442 / 28  # one character of the 28-character line, in pt


def _red_rule(pdf_path: Path):
    with pdfplumber.open(pdf_path) as pdf:
        return [line for line in pdf.pages[0].lines if tuple(line.get("stroking_color") or ()) == RED]


@pytest.mark.parametrize("case", ["upward, sealed", "downward, joint"])
def test_masthead_red_centred_35mm_down_with_the_rule_4mm_under_the_number(rendered, case):
    result = rendered[case]
    first = [line for line in result.lines if line.page == 1]
    masthead, number = first[0], first[1]
    assert all(tuple(c["non_stroking_color"]) == RED for c in masthead.chars)
    size = masthead.chars[0]["size"]
    assert abs(masthead.baseline - 0.88 * size - (TOP + 35 * MM)) <= ONE_MM
    assert abs((masthead.x0 + masthead.x1) / 2 - (LEFT + RIGHT) / 2) <= ONE_MM
    assert masthead.x0 >= LEFT - ONE_MM and masthead.x1 <= RIGHT + ONE_MM
    assert all(_font(c).startswith("NotoSerifCJK") and "Bold" in _font(c) for c in masthead.chars)  # 小标宋
    rules = _red_rule(result.pdf)
    assert len({round(r["top"]) for r in rules}) == 1
    rule = rules[0]
    assert abs(rule["x0"] - LEFT) <= ONE_MM and abs(rule["x1"] - RIGHT) <= ONE_MM
    assert abs(rule["top"] - (number.baseline + 0.12 * 16) - 4 * MM) <= ONE_MM
    title = next(line for line in first if result.styles[line.paragraph] == "Title")
    assert title.baseline - 0.88 * 22 > rule["top"] + 2 * PITCH - ONE_MM  # 红色分隔线下空二行


@pytest.mark.parametrize(("case", "size", "scale"), [("upward, sealed", 42, 1.0), ("downward, joint", 30, 0.7)])
def test_long_masthead_condensed_before_it_is_set_smaller(rendered, case, size, scale):
    # 7.2.4: 初号 for 清远市司法局文件; the 18 characters of the joint office's name are condensed to 70 %
    # and set at 30 pt, not shrunk to the title's 22 pt
    masthead = [line for line in rendered[case].lines if line.page == 1][0]
    assert {round(c["size"]) for c in masthead.chars} == {size}
    advances = [b["x0"] - a["x0"] for a, b in zip(masthead.chars, masthead.chars[1:])]
    assert abs(sum(advances) / len(advances) - size * scale) < 0.5


def test_sealed_name_two_blank_lines_below_the_body(rendered):
    # 7.3.5.1: room for a 42 mm seal whose top lies within a line of the body (gbt9704.SEAL_BLANK_LINES)
    result = rendered["upward, sealed"]
    name = _tail(result)[0]
    body = [line for line in result.lines if line.page == name.page and result.styles[line.paragraph] not in SIGNATURE][-1]
    assert _rows([name])[0] - _rows([body])[0] == 3


def test_upward_number_one_in_from_the_left_signer_one_in_from_the_right(rendered):
    result = rendered["upward, sealed"]
    number = [line for line in result.lines if line.page == 1][1]
    assert abs(number.x0 - (LEFT + CHAR)) <= ONE_MM
    assert number.text.endswith("签发人：张三") and abs(number.x1 - (RIGHT - CHAR)) <= ONE_MM
    assert all(_font(c).startswith("FandolKai") for c in number.chars[-2:])  # the name in 楷体


def test_downward_number_centred(rendered):
    result = rendered["downward, joint"]
    number = [line for line in result.lines if line.page == 1][1]
    assert number.text == "清法办〔2022〕12号"
    assert abs((number.x0 + number.x1) / 2 - (LEFT + RIGHT) / 2) <= ONE_MM


def test_addressee_flush_left(rendered):
    result = rendered["upward, sealed"]
    line = next(l for l in result.lines if result.styles[l.paragraph] == "主送机关")
    assert line.text == "市委、市政府：" and abs(line.x0 - LEFT) <= ONE_MM


def _tail(result):
    return [l for l in result.lines if result.styles[l.paragraph] in ("发文机关署名", "成文日期")]


def test_sealed_date_four_in_and_the_name_centred_over_it(rendered):
    from drafter.layout.blocks import width

    name, date = _tail(rendered["upward, sealed"])
    nominal = width("2022年2月7日") * CHAR
    assert abs(date.x0 - (RIGHT - 4 * CHAR - nominal)) <= ONE_MM
    assert abs((name.x0 + name.x1) / 2 - (date.x0 + nominal / 2)) <= ONE_MM


@pytest.mark.parametrize(("case", "chars"), [("example", 2), ("upward, sealed", 4)])
def test_date_ends_two_or_four_characters_in_from_the_margin(rendered, case, chars):
    # 7.3.5.2 unsealed (the date is longer than the name, so it is placed 右空二字), 7.3.5.1 sealed 右空四字:
    # with autospace off, as Word sets it, the digits take no extra space.
    date = _tail(rendered[case])[-1]
    assert date.text == "2022年2月7日"
    assert abs(date.x1 - (RIGHT - chars * CHAR)) <= 0.3 * CHAR, f"{(RIGHT - date.x1) / CHAR:.2f} characters in"


def test_unsealed_joint_names_aligned_and_the_date_two_in(rendered):
    first, second, date = _tail(rendered["downward, joint"])
    assert abs(first.x0 - second.x0) <= ONE_MM
    assert abs(first.x1 - (RIGHT - 2 * CHAR)) <= ONE_MM  # the longer name 右空二字
    assert abs(date.x0 - (first.x0 + 2 * CHAR)) <= ONE_MM



# --- the 落款 never stranded (GB/T 9704 §7.3.5.5) -------------------------------------------------
ENDING_ROWS = (LINES_PER_PAGE - 3, LINES_PER_PAGE - 2, LINES_PER_PAGE - 1)  # the last three lines of a page
_PHRASE = "坚持依法行政推进法治政府建设"


def _closing(lines: int) -> str:
    """A closing paragraph of plain ideographs that takes exactly `lines` lines (2 characters indented)."""
    return (_PHRASE * 200)[: CHARS_PER_LINE - 2 + CHARS_PER_LINE * (lines - 1) - 10] + "。"


@pytest.fixture(scope="module")
def endings(rendered, tmp_path_factory) -> dict[tuple[int, str], tuple[Rendered, int]]:
    """The example with a closing paragraph whose end, were nothing kept, falls on each of the
    last three lines of a page, short (the paragraph starts on that page) and long (it starts a
    page earlier): each rendering, with the row its body's end would have had."""
    example = rendered["example"]
    last = [line for line in example.lines if example.styles[line.paragraph] not in SIGNATURE][-1]
    start = _rows([last])[0] + 1  # the closing paragraph's first row, on the example's last page
    tmp = tmp_path_factory.mktemp("endings")
    cases, sources = {}, []
    for row in ENDING_ROWS:
        for kind, extra in (("short", 0), ("long", LINES_PER_PAGE)):
            lines = (row - start) % LINES_PER_PAGE + 1 + extra
            cases[(row, kind)] = lines
            sources.append(build(formal(tmp, f"{kind}-{row}", f"closing:\n  - {_closing(lines)}\n"), tmp / f"{kind}-{row}.docx"))
    return {case: (result, (start + lines - 1) % LINES_PER_PAGE) for (case, lines), result in zip(cases.items(), render(sources))}


@pytest.mark.parametrize("row", ENDING_ROWS)
@pytest.mark.parametrize("kind", ["short", "long"])
def test_signature_and_date_never_stand_alone(endings, row, kind):
    result, natural = endings[(row, kind)]
    assert natural == row  # the case is what it says: unkept, the body would end on this row
    tail = [line for line in result.lines if result.styles[line.paragraph] in SIGNATURE]
    page = tail[0].page
    assert all(line.page == page for line in tail), "署名 and 成文日期 on different pages"
    body = [line for line in result.lines if line.page == page and result.styles[line.paragraph] not in SIGNATURE]
    assert len(body) >= 2, f"page {page} holds {len(body)} lines of the body above the 落款"
    # the page before ends early only for the kept paragraph
    before = [line for line in result.lines if line.page == page - 1]
    if _rows(before)[-1] != LINES_PER_PAGE - 1:
        assert result.styles[body[0].paragraph] in KEPT


# --- the 版记 (GB/T 9704 §7.4, §7.5) ----------------------------------------------------------
IMPRINT_CASES = ["upward, sealed", "downward, joint", "imprint only"]
THICK, THIN = 0.35 * MM, 0.25 * MM
FOUR = 14.0  # 4号: one character of the 版记's lines


def _rules(result: Rendered) -> list[dict]:
    with pdfplumber.open(result.pdf) as pdf:
        page = pdf.pages[result.pages - 1]
        return sorted((line for line in page.lines if abs(line["top"] - line["bottom"]) < 0.1), key=lambda line: line["top"])


def _check_imprint_rules(result: Rendered, rules: int) -> None:
    assert result.pages % 2 == 0, f"the 版记 is on page {result.pages}, an odd page"
    assert result.imprint and all(line.page == result.pages for line in result.imprint)
    found = _rules(result)
    assert len(found) == rules  # a rule above, between and below the elements
    for rule in found:
        assert abs(rule["x0"] - LEFT) <= ONE_MM and abs(rule["x1"] - RIGHT) <= ONE_MM, "a rule not as wide as the text area"
    widths = [rule["linewidth"] for rule in found]
    assert abs(widths[0] - THICK) <= 0.05 * MM and abs(widths[-1] - THICK) <= 0.05 * MM
    assert all(abs(width - THIN) <= 0.05 * MM for width in widths[1:-1])
    assert abs(found[-1]["top"] - BOTTOM) <= ONE_MM, f"last rule {(BOTTOM - found[-1]['top']) / MM:.2f} mm above the bottom"
    # each line sits between its rules; the 印发 line directly above the last one
    printed = result.imprint[-1]
    assert found[-2]["top"] < printed.baseline - 0.88 * FOUR and printed.baseline + 0.12 * FOUR < found[-1]["top"]
    assert found[-1]["top"] - (printed.baseline + 0.12 * FOUR) < PITCH - FOUR


def _check_imprint_page(result: Rendered) -> str:
    """§7.4/§7.5 on the rendered pages: the 版记 on the body's last page when that page is even
    and has room for it below a blank line, else on the next even page; every page numbered
    unless a blank page precedes the 版记 page, and then neither is.  Returns the case seen."""
    rules = _rules(result)
    body_end = max(line.page for line in result.lines)
    last = max((line for line in result.lines if line.page == body_end), key=lambda line: line.baseline)
    room = rules[0]["top"] - (last.baseline + 0.12 * 16)  # between the body's last line and the 版记
    free = BOTTOM - (last.baseline + 0.12 * 16)  # below the body's last line, were the 版记 elsewhere
    imprint_height = BOTTOM - rules[0]["top"]
    if body_end == result.pages:
        assert body_end % 2 == 0 and room >= PITCH - ONE_MM, f"the body ends {room / MM:.1f} mm above the 版记"
        case = "same-page"
    elif body_end == result.pages - 1:
        assert body_end % 2, f"the body ends on page {body_end}, even, and the 版记 follows on page {result.pages}"
        case = "next-page"
    else:
        assert body_end == result.pages - 2 and body_end % 2 == 0
        assert free < imprint_height + PITCH - ONE_MM, f"{free / MM:.1f} mm free on page {body_end}: the 版记 fitted there"
        with pdfplumber.open(result.pdf) as pdf:
            page = pdf.pages[result.pages - 2]
            assert not [c for c in page.chars if c["text"].strip()] and not page.lines, "the page before the 版记 is not blank"
        case = "after-blank"
    numbered = list(range(1, result.pages - 1 if case == "after-blank" else result.pages + 1))
    assert sorted(result.footers) == numbered, f"{case}: pages numbered {sorted(result.footers)}"
    return case


@pytest.mark.parametrize("case", IMPRINT_CASES)
def test_imprint_at_the_bottom_of_the_last_even_page(rendered, case):
    result = rendered[case]
    _check_imprint_rules(result, 2 if case == "imprint only" else 3)
    _check_imprint_page(result)


@pytest.mark.parametrize("case", IMPRINT_CASES)
def test_imprint_lines_in_4hao_fangsong_one_character_in(rendered, case):
    result = rendered[case]
    for line in result.imprint:
        assert {round(c["size"], 1) for c in line.chars} == {FOUR}
        assert all(_font(c).startswith("FandolFang") for c in line.chars if "\u4e00" <= c["text"] <= "\u9fff")
    *copy_to, printed = result.imprint
    organ, date = ("清远市司法局办公室", "2022年2月8日印发") if case != "downward, joint" else (
        "中共清远市委全面依法治市委员会办公室", "2022年2月10日印发")
    assert printed.text == organ + date
    assert abs(printed.x0 - (LEFT + FOUR)) <= ONE_MM, "印发机关 not one character in from the left"
    assert abs(printed.x1 - (RIGHT - FOUR)) <= ONE_MM, "印发日期 not one character in from the right"
    if case == "imprint only":
        assert not copy_to
        return
    assert copy_to[0].text.startswith("抄送：") and copy_to[-1].text.endswith("。")
    assert abs(copy_to[0].x0 - (LEFT + FOUR)) <= ONE_MM
    for line in copy_to[1:]:  # continuation lines under the first organ's first character
        assert abs(line.x0 - (LEFT + 4 * FOUR)) <= ONE_MM
    for line in copy_to[:-1]:
        assert line.x1 <= RIGHT - FOUR + ONE_MM


def test_long_copy_to_list_wraps(rendered):
    copy_to = rendered["downward, joint"].imprint[:-1]
    assert len(copy_to) == 2
    assert "".join(line.text for line in copy_to) == "抄送：" + "，".join(COPY_TO_LONG) + "。"


def test_imprint_page_numbers(rendered):
    # The example's body ends on page 7 (odd): the 版记 has page 8 to itself, numbered.  With the
    # formal parts the body ends on page 8 with room to spare: the 版记 at its foot (§7.4).
    assert _check_imprint_page(rendered["imprint only"]) == "next-page"
    for case in ("upward, sealed", "downward, joint"):
        assert _check_imprint_page(rendered[case]) == "same-page"


# Closing paragraphs of these lengths end the imprint-only example's body on rows throughout
# pages 7, 8 and 9 (its own body ends on page 7, row 19; one line of 版记).
IMPRINT_ENDINGS = (1, 2, 5, 9, 14, 17, 18, 19, 20, 21, 25, 30, 34, 36)


@pytest.fixture(scope="module")
def imprint_endings(tmp_path_factory) -> dict[int, tuple[Rendered, list]]:
    tmp = tmp_path_factory.mktemp("imprint-endings")
    sources = [formal(tmp, f"closing-{n}", IMPRINT_ONLY + f"closing:\n  - {_closing(n)}\n") for n in IMPRINT_ENDINGS]
    built = [build(source, tmp / f"closing-{n}.docx") for n, source in zip(IMPRINT_ENDINGS, sources)]
    from drafter.layout.blocks import paragraphs
    from drafter.readers.sources import load_report

    blocks = [paragraphs(load_report(source)) for source in sources]
    return {n: (result, b) for n, result, b in zip(IMPRINT_ENDINGS, render(built), blocks)}


def test_imprint_placed_for_bodies_ending_on_odd_and_even_pages(imprint_endings):
    seen = {}
    for n, (result, _) in imprint_endings.items():
        _check_imprint_rules(result, 2)
        case = _check_imprint_page(result)
        body_end = max(line.page for line in result.lines)
        row = _rows([max((l for l in result.lines if l.page == body_end), key=lambda l: l.baseline)])[0]
        seen[(body_end, row)] = case
    odd = [end for end in seen if end[0] % 2]
    even = [end for end in seen if end[0] % 2 == 0]
    assert len(odd) >= 5 and len(even) >= 5, seen
    assert {"same-page", "next-page", "after-blank"} == set(seen.values()), seen


def test_page_estimate_against_libreoffice(imprint_endings):
    # layout/pages.py: where the body ends, line for line, unless it says it may be out (a last
    # paragraph broken across pages to stay with the 落款); the placement it gives Word is then
    # LibreOffice's, and never the shared page when LibreOffice found no room there
    from drafter.layout import pages

    exact = 0
    for n, (result, blocks) in imprint_endings.items():
        body_end = max(line.page for line in result.lines)
        row = _rows([max((l for l in result.lines if l.page == body_end), key=lambda l: l.baseline)])[0]
        seen = {0: "same-page", 1: "next-page", 2: "after-blank"}[result.pages - body_end]
        estimate, told = pages.estimate(blocks), pages.imprint_placement(blocks)
        if not estimate.unsure:
            assert (estimate.page, estimate.used // 579) == (body_end, row + 1), f"closing of {n} lines"
            assert told == seen, f"closing of {n} lines: Word is told {told}, LibreOffice shows {seen}"
            exact += 1
        assert told != "same-page" or seen == "same-page", f"closing of {n} lines: Word is told {told}"
    assert exact >= 8


def test_imprint_measured_where_the_estimate_cannot_tell(tmp_path):
    # After a statistics table the estimate cannot tell where the body ends: Word is told the
    # safe place (an even page of its own); the PDF, measured, has the 版记 at the table's foot
    # on page 10, where it fits.
    import zipfile

    from drafter.writers.docx.parts import imprint_placement

    docx = build(formal(tmp_path, "table", IMPRINT_ONLY + "statistics_attachment: true\n"), tmp_path / "table.docx")
    with zipfile.ZipFile(docx) as package:
        assert imprint_placement(package.read("word/document.xml").decode("utf-8")) == "after-blank"
    (pdf_path,) = convert([docx])
    with pdfplumber.open(pdf_path) as pdf:
        last = pdf.pages[-1]
        assert len(pdf.pages) % 2 == 0
        table = [line for line in last.lines if abs(line["top"] - line["bottom"]) < 0.1 and line["linewidth"] < 0.7]
        rules = sorted(line["top"] for line in last.lines if abs(line["top"] - line["bottom"]) < 0.1 and line["linewidth"] > 0.7)
        assert table and max(line["top"] for line in table) + PITCH < rules[0], "the 版记 not below the table"
        assert len(rules) == 2 and abs(rules[-1] - BOTTOM) <= ONE_MM
        footer = "".join(c["text"] for c in last.chars if c["top"] > BOTTOM + 3 * MM and c["text"].strip())
        assert footer == f"—{len(pdf.pages)}—"  # numbered: no blank page precedes it


# --- the statistics attachment (GB/T 9704 §7.3.7) ---------------------------------------------
@pytest.fixture(scope="module")
def statistics(tmp_path_factory) -> Path:
    """The example with its statistics attachment (its yearly rankings carry their own year)."""
    source = formal(tmp_path_factory.mktemp("statistics"), "statistics", "statistics_attachment: true\n")
    (pdf,) = convert([build(source, source.parent / "statistics.docx")])
    return pdf


# The example's figures carry no last year's values: its 比上年 column, empty, is left out.
STATISTICS_HEAD = ["序号", "项目", "单位", "年份", "数值"]


def _table_pages(pdf_path: Path):
    """(vertical rules' x, horizontal rules' y, glyphs inside the table) of each page with the table."""
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            xs = sorted({round(l["x0"], 1) for l in page.lines if abs(l["x0"] - l["x1"]) < 0.1})
            ys = sorted({round(l["top"], 1) for l in page.lines if abs(l["top"] - l["bottom"]) < 0.1})
            if len(xs) == len(STATISTICS_HEAD) + 1:
                yield xs, ys, [c for c in page.chars if c["text"].strip() and ys[0] < c["top"] < ys[-1]]


def test_statistics_text_keeps_clear_of_the_rules(statistics):
    pages = list(_table_pages(statistics))
    assert len(pages) >= 2
    for xs, ys, chars in pages:
        for char in chars:
            top, bottom = char["top"], char["bottom"]  # the font's box of the glyph
            above = max(y for y in ys if y < top)
            below = min(y for y in ys if y > bottom)
            left = max(x for x in xs if x < char["x0"])
            right = min(x for x in xs if x > char["x1"])
            assert top - above >= ONE_MM and below - bottom >= ONE_MM, f"{char['text']} {top - above:.1f}/{below - bottom:.1f} pt from the rules"
            assert char["x0"] - left >= 0.5 * MM and right - char["x1"] >= 0.5 * MM, f"{char['text']} touches a column rule"


def test_statistics_names_left_aligned_never_breaking_off_one_character(statistics):
    rows = 0
    for xs, ys, chars in _table_pages(statistics):
        names = [c for c in chars if xs[1] < c["x0"] < xs[2]]
        for above, below in zip(ys, ys[1:]):
            cell = sorted((c for c in names if above < c["top"] < below), key=lambda c: (round(c["top"]), c["x0"]))
            if not cell or cell[0]["text"] == "项":
                continue
            lines = {}
            for char in cell:
                lines.setdefault(round(char["top"]), []).append(char)
            assert all(len(line) >= 2 for line in lines.values()), "".join(c["text"] for c in cell)
            assert abs(cell[0]["x0"] - (xs[1] + 1 * MM)) <= 0.5 * MM, "".join(c["text"] for c in cell)  # 1 mm cell margin
            rows += 1
    assert rows >= 40


def test_statistics_yearly_figures_under_their_own_year(statistics):
    import docx as python_docx

    table = python_docx.Document(str(statistics.with_suffix(".docx"))).tables[0]
    assert [c.text for c in table.rows[0].cells] == STATISTICS_HEAD
    assert all(len(row.cells) == len(STATISTICS_HEAD) for row in table.rows)  # no empty column, not even a narrow one
    years = {row.cells[1].text: row.cells[3].text for row in table.rows[1:]}
    assert [years[f"法治广东建设考评排名{y}年"] for y in (2018, 2019, 2020)] == ["2018", "2019", "2020"]
    assert years["复议案件数"] == "2021"
    with pdfplumber.open(statistics) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert re.search(r"法治广东建设考评排名2018年\s*名\s*2018\s*20", text)
