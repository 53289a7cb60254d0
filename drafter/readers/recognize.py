"""Lines of a published report → the Report model.

First the website's own text comes out (`webtext`), then the report's frame
is found (`frame`: title, cover letter, addressee, organisation, year, the
signature and date at the end), then the body: the parts (一、), the sections
(（一）, on their own line or run into the text), the points (一是… inline or
one per paragraph, 1. per section or continuous; straight under the first
part when it has no sections), items （1）, the closing words.  Labels are
removed (drafter regenerates them); text it cannot place stays as plain
paragraphs, and is reported.  It never drops report text: what it leaves out
is the website's text and a cover letter, and both are listed.
"""

from __future__ import annotations

import datetime
import re

from msgspec import Struct, field

from ..model.numbering import chinese_numeral
from ..model.placeholders import gap
from ..model.punctuation import to_full_width
from ..model.report import Masthead, Paragraph, Part, Point, Report, Section
from ..patterns import lazy
from . import frame, webtext
from .docxlines import Line

_NUMERAL = "[一二三四五六七八九十百千零]+"
_SECTION = lazy(rf"^[（(]\s*({_NUMERAL})\s*[）)]\s*(.*)$")
_ARABIC_POINT = lazy(r"^(\d{1,2})\s*[.．、](?!\d)\s*(.*)$")
_ITEM = lazy(r"^[（(]\s*(\d{1,2})\s*[）)]\s*(.*)$")
_SENTENCE_END = "。；！？"
# A point's label, or a numeral where one was meant ("二充分发挥": the 是 forgotten), at a sentence's start.
_INLINE_LABEL = lazy(rf"(?:^|(?<=[{_SENTENCE_END}]))\s*([一二三四五六七八九十百千零]+)(是)?")
# After a numeral, characters that make it a quantity ("三年来"), not a mistyped label.
_QUANTITY = "年月日个项次家名位件十百千万亿余多批类种条"
_DOC_NUMBER = lazy(r"〔\d{4}〕\s*\d+\s*号$")
_LONG_HEADING = 40  # a run-in heading longer than this, without a lead run, is reported


class Imported(Struct):
    report: Report
    dropped: list[str] = field(default_factory=list)  # the website's own text, left out
    labels: list[str] = field(default_factory=list)  # numbering removed (drafter generates it)
    notes: list[str] = field(default_factory=list)  # what could not be placed where it belongs
    tail: list[str] = field(default_factory=list)  # the signature and date lines as written
    letter: list[str] = field(default_factory=list)  # a cover letter before the report, left out
    year: int | None = None  # the report's year when the text says it (the report holds a gap otherwise)


_NUMERALS = {chinese_numeral(n): n for n in range(1, 1000)}


def _numeral_value(text: str) -> int:
    return _NUMERALS.get(text, 0)


class _Recognizer:
    def __init__(self) -> None:
        self.labels: list[str] = []
        self.dropped: list[str] = []
        self.notes: list[str] = []
        self.run_in = False
        self.arabic = False
        self.continuous = False

    # --- the website's text out -----------------------------------------------------
    def clean(self, lines: list[Line]) -> list[Line]:
        raw = "\n".join(line.text for line in lines)
        marks = webtext.watermarks(raw)
        cleaned: list[Line] = []
        for line in lines:
            text = "".join(piece.strip(webtext.BLANKS) for piece in line.text.split("\n"))
            for mark in marks:
                self.dropped += [mark] * text.count(mark)
                text = text.replace(mark, "")
            text, pinyin = webtext.remove_pinyin(text)
            if pinyin:
                self.dropped.append(f"字后插入的拼音 {len(pinyin)} 处：{''.join(pinyin[:5])}……")
            for piece in webtext.flattened(text) if line.hint is None else [text]:
                piece = piece.strip(webtext.BLANKS)
                if not piece:
                    continue
                head, meta = webtext.split_glued_metadata(piece)
                if meta and frame.is_title(head):
                    self.dropped.append(meta.strip(webtext.BLANKS))
                    piece = head
                if line.hint is None and webtext.is_website_line(piece):
                    self.dropped.append(piece)
                    continue
                lead = to_full_width(line.lead.strip(webtext.BLANKS)) if line.lead else None
                cleaned.append(Line(to_full_width(piece), line.hint, lead))
        return cleaned

    # --- where the report starts ------------------------------------------------------
    def start(self, lines: list[Line]) -> tuple[str | None, list[str], datetime.date | None, list[Line]]:
        """(title, cover letter, its date, the report's lines after the title)."""
        first_part = next((i for i, l in enumerate(lines) if frame.PART.match(l.text)), len(lines))
        letter: list[str] = []
        letter_date = None
        # a cover letter: its date, then (附件 and) the report's title, all before the first 一、
        for d in range(first_part):
            date = frame.parse_date(lines[d].text)
            after = [k for k in range(d + 1, min(d + 4, first_part)) if frame.is_title(lines[k].text)]
            if date and after:
                begin = next((i for i in range(d) if len(lines[i].text) > 30 or frame.is_addressee(lines[i].text)), 0)
                self.dropped += [l.text for l in lines[:begin]]
                letter = [l.text for l in lines[begin:after[0]]]
                letter_date, lines, first_part = date, lines[after[0]:], first_part - after[0]
                break
        title_index = next((i for i, l in enumerate(lines) if l.hint == "title"), None)
        if title_index is None:
            for i in range(first_part):
                text = lines[i].text
                if len(text) > 70 or "。" in text:
                    break
                if frame.is_title(text) or (i + 1 < len(lines) and len(lines[i + 1].text) <= 20
                                            and not frame.is_title(lines[i + 1].text)
                                            and frame.is_title(text + lines[i + 1].text)):
                    title_index = i
                    break
        if title_index is None:
            begin = next((i for i, l in enumerate(lines) if l.hint is not None or frame.PART.match(l.text)
                          or frame.is_addressee(l.text) or len(l.text) > 30 or "。" in l.text), 0)
            self.dropped += [l.text for l in lines[:begin]]
            return None, letter, letter_date, lines[begin:]
        title = lines[title_index].text
        above = lines[title_index - 1].text if title_index else ""
        if frame.is_signature(above) and frame.title_organisation(title) is None:
            title, title_index = f"{above}\n{title}", title_index - 1  # "赵县人民政府" / "2022年度……报告"
        self.dropped += [l.text for l in lines[:title_index]]  # the site's header above the title
        rest = lines[title_index + 1 + title.count("\n"):]
        if "\n" not in title and not frame.is_title(title) and rest and frame.is_title(title + rest[0].text):
            title, rest = f"{title}\n{rest[0].text}", rest[1:]  # a title broken over two lines
        while rest and rest[0].text in (title.replace("\n", ""), title.split("\n")[-1]):
            self.dropped.append(rest[0].text)  # the page's headline and the article's own title
            rest = rest[1:]
        return title, letter, letter_date, rest

    # --- where it ends ------------------------------------------------------------------
    def end(self, body: list[Line]) -> tuple[list[Line], datetime.date | None, str | None, list[str]]:
        dates = [i for i, l in enumerate(body) if frame.parse_date(l.text) or l.hint == "date"]
        date = signature = None
        tail: list[str] = []
        if dates and all(len(l.text) <= 30 and "。" not in l.text for l in body[dates[-1] + 1:]):
            d = dates[-1]
            self.dropped += [l.text for l in body[d + 1:]]  # the page's links after the report
            date = frame.parse_date(body[d].text)
            if date is not None:
                tail, body = [body[d].text], body[:d]
        if body and (body[-1].hint == "signature" or (date is not None and frame.is_signature(body[-1].text))):
            signature = body[-1].text
            tail.insert(0, signature)
            body = body[:-1]
        return body, date, signature, tail

    # --- points inside a section or part ------------------------------------------------
    def _inline_labels(self, text: str, first: int) -> list[tuple[int, int, str]]:
        """(start, end, label) of 一是、二是… at sentence starts, numbered from `first`."""
        found: list[tuple[int, int, str]] = []
        n = first
        for match in _INLINE_LABEL.finditer(text):
            value, said = _NUMERALS.get(match.group(1), 0), match.group(2)
            if said and value == n:
                found.append((match.start(), match.end(), match.group(1) + said))
                n += 1
            elif said and value == n + 1 and found:
                # "一是……三是": a reviewer deleted 二是; the next point starts anyway
                self.notes.append(f"要点编号从“{chinese_numeral(n - 1)}是”跳到了“{match.group(1)}是”，"
                                  "已作为下一个要点导入，编号由程序重新生成")
                found.append((match.start(), match.end(), match.group(1) + said))
                n += 2
            elif not said and value == n and found and match.start() > 0 and match.end() < len(text):
                # "二充分发挥……": the 是 forgotten — a label when the count goes on after it
                after = text[match.end()]
                if "\u4e00" <= after <= "\u9fff" and (after not in _QUANTITY
                                                      or text.find(f"{chinese_numeral(n + 1)}是", match.end()) >= 0):
                    found.append((match.start(), match.end(), match.group(1)))
                    n += 1
        return found

    @staticmethod
    def _point(segment: str) -> Point:
        """A point's lead is its first sentence when that is short: "突出地方立法特色。完成……"."""
        end = segment.find("。")
        lead = segment[:end]
        if 0 < end <= 35 and "，" not in lead and "；" not in lead:
            return Point(title=lead, text=segment[end + 1:] or None)
        return Point(text=segment)

    def _points(self, points: list[Point], paragraphs: list[str], before: list[str]) -> None:
        """Parse `paragraphs` into `points`; text before the first point goes to `before`.

        A paragraph without a label continues the point before it (joined once at the end).
        """
        more: dict[int, list[str]] = {}  # id(point) → the paragraphs that continue it
        for paragraph in paragraphs:
            arabic = _ARABIC_POINT.match(paragraph)
            item = _ITEM.match(paragraph)
            if arabic and (arabic.group(2) or "").strip():
                if not points and int(arabic.group(1)) > 1:
                    self.continuous = True
                self.arabic = True
                self.labels.append(paragraph[: arabic.start(2)].strip())
                points.append(self._point(arabic.group(2)))
                continue
            if item and points:
                self.labels.append(paragraph[: item.start(2)].strip())
                points[-1].items.append(item.group(2))
                continue
            labels = self._inline_labels(paragraph, len(points) + 1)
            lead = paragraph[: labels[0][0]] if labels else paragraph
            if lead.strip():
                if points:
                    more.setdefault(id(points[-1]), [points[-1].text or ""]).append(lead)
                else:
                    before.append(lead)
            for k, (_, end, label) in enumerate(labels):
                stop = labels[k + 1][0] if k + 1 < len(labels) else len(paragraph)
                self.labels.append(label)
                points.append(self._point(paragraph[end:stop]))
        for point in points:
            if id(point) in more:
                point.text = "".join(more[id(point)])

    def _section(self, line: Line, match: re.Match) -> tuple[Section, str]:
        self.labels.append(line.text[: match.start(2)].strip())
        rest = match.group(2)
        if line.lead:
            lead_match = _SECTION.match(line.lead)
            lead_rest = lead_match.group(2) if lead_match else line.lead
            heading, after = lead_rest.rstrip("。；"), rest[len(lead_rest):]
        else:
            cut = min((rest.find(c) for c in "。；" if 0 < rest.find(c) < len(rest) - 1), default=-1)
            heading, after = (rest[:cut], rest[cut + 1:]) if cut > 0 else (rest.rstrip("。；"), "")
            blank = re.search(r"[ \u3000\t]+", rest[:_LONG_HEADING])
            if len(heading) > _LONG_HEADING and blank and "。" in rest:  # "（二）完善制度体系　修订……。": a blank ends it
                heading, after = rest[: blank.start()], rest[blank.end():]
            elif len(heading) > _LONG_HEADING:
                self.notes.append(f"小节标题“{heading[:20]}……”很长，可能把正文也当成了标题，请核对")
        if after:
            self.run_in = True
        return Section(title=heading), after

    # --- the whole report ----------------------------------------------------------
    def recognize(self, lines: list[Line]) -> Imported:
        cleaned = self.clean(lines)
        header = [line.text for line in cleaned if line.hint == "masthead"]
        cleaned = [line for line in cleaned if line.hint != "masthead"]
        if not cleaned:
            raise ValueError("no text")
        if any(line.hint == "table" for line in cleaned):
            self.notes.append("表格已按行导入为文字段落（单元格之间空一格）；统计数据可改写为小节的 figures")
        title, letter, letter_date, body = self.start(cleaned)
        addressee = None
        letter_lines = [text for text in letter if frame.is_addressee(text)]
        if body and frame.is_addressee(body[0].text):
            addressee, body = body[0].text.rstrip("：:"), body[1:]
        elif letter_lines:
            addressee = letter_lines[0].rstrip("：:")
        body, date, signature, tail = self.end(body)

        preamble: list[str] = []
        parts: list[Part] = []
        closing: list[str] = []
        bodies: dict[int, list[str]] = {}  # id(section or part) → its paragraphs
        current: Section | None = None
        for line in body:
            text = line.text
            part_match = frame.PART.match(text)
            unlabelled = not part_match and not _SECTION.match(text) and not _ARABIC_POINT.match(text)
            if unlabelled and not closing and frame.is_statutory_heading(text):
                parts.append(Part(title=text.rstrip("。：:")))  # "党政主要负责人履行……职责情况" without its 三、
                bodies[id(parts[-1])], current = [], None
                self.notes.append(f"“{text[:20]}……”没有编号，按《规定》的部分标题作为一个部分导入")
                continue
            if (line.hint == "heading1" and unlabelled and not frame.CLOSING.match(text) and not closing):
                parts.append(Part(title=text.rstrip("。：:")))  # a heading by its formatting, without a label
                bodies[id(parts[-1])], current = [], None
                continue
            if line.hint == "heading2" and parts and not _SECTION.match(text) and not closing:
                current = Section(title=text.rstrip("。：:"))
                parts[-1].sections.append(current)
                bodies[id(current)] = []
                continue
            if part_match and _numeral_value(part_match.group(1)) == len(parts) + 1 and not closing:
                heading = part_match.group(2)
                cut = heading.find("。")
                if 0 <= cut < len(heading) - 1:  # the part's heading runs into its text
                    heading, after = heading[:cut], heading[cut + 1:]
                else:
                    after = ""
                self.labels.append(f"{part_match.group(1)}、")
                parts.append(Part(title=heading.rstrip("。：:")))
                bodies[id(parts[-1])] = [after] if after else []
                current = None
                continue
            if not parts:
                preamble.append(text)
                continue
            section_match = _SECTION.match(text)
            if section_match and _numeral_value(section_match.group(1)) == len(parts[-1].sections) + 1 and not closing:
                current, after = self._section(line, section_match)
                parts[-1].sections.append(current)
                bodies[id(current)] = [after] if after else []
                continue
            if frame.CLOSING.match(text) or closing:
                if closing:
                    self.notes.append(f"结束语之后还有文字，已作为结束语保留：{text[:20]}……")
                closing.append(text)
            else:
                bodies[id(current if current is not None else parts[-1])].append(text)

        organization, year = self.identity(title, signature, preamble, body, date or letter_date)
        if not parts:
            self.notes.append("没有找到“一、”“二、”这样的部分标题，全文已作为一个部分的段落保留，请补上部分标题")
            parts = [Part(title=gap("部分标题"))]
            bodies[id(parts[0])] = preamble
            preamble = []
        for index, part in enumerate(parts):
            own = bodies[id(part)]
            if index == 0 and not part.sections:
                before: list[str] = []
                self._points(part.points, own, before)
                part.paragraphs = [Paragraph(text=t) for t in before]
            else:
                part.paragraphs = [Paragraph(text=t) for t in own]
            for section in part.sections:
                lead: list[str] = []
                self._points(section.points, bodies[id(section)], lead)
                section.text = "".join(lead) or None
                if not section.points and not section.text:
                    self.notes.append(f"小节“{section.title}”下没有找到内容")

        known_year = year is not None
        if title is None:
            title_value = None if known_year and not organization.startswith("【") else gap("标题")
        else:
            title_value = title
        report = Report(
            organization=organization, year=year if known_year else gap("年度"),  # type: ignore[arg-type]
            title=title_value, date=date or letter_date,
            signature=[] if signature in (None, organization) else [signature], addressee=addressee,
            layout="run-in" if self.run_in else "paragraph", point_style="1." if self.arabic else "一是",
            continuous_numbering=self.continuous, preamble=[Paragraph(text=t) for t in preamble],
            parts=parts, closing=[Paragraph(text=t) for t in closing], masthead=_masthead(header),
        )
        if report.title is not None and known_year and report.title == f"{organization}{year}年法治政府建设年度报告":
            report.title = None
        return Imported(report, self.dropped, self.labels, self.notes, tail, letter, year)

    def identity(self, title: str | None, signature: str | None, preamble: list[str], body: list[Line],
                 date: datetime.date | None) -> tuple[str, int | None]:
        """The organisation and the year, from what the report says; gaps when it does not."""
        opening = "".join(preamble[:3]) or "".join(line.text for line in body[:3])
        text = "".join(line.text for line in body)
        organization = (frame.title_organisation(title) if title else None) or (
            frame.full_name(signature) if signature else None) or frame.subject_organisation(opening)
        if organization is None:
            mine = re.search(r"我(局|委|厅|办|部|署|院|镇|乡|区|县|市|街道|分局|中心)", opening)
            organization = frame.own_organisation(text, mine.group(1)) if mine else None
        if organization is None:
            said = re.search(r"现将(?P<org>[\u4e00-\u9fff]{2,20}?)\d{4}年", opening)
            organization = frame.full_name(said.group("org")) if said and not said.group("org").startswith(("我", "有关")) else None
        if organization is not None and frame.is_relative(organization):
            organization = frame.named_in_text(organization, text) or organization
        year = (frame.year_in(title) if title else None) or frame.year_in(opening) or frame.year_in(text[:2000])
        if year is None and date is not None:
            year = date.year - 1
        if year is None:
            self.notes.append("没有找到报告年度，已留作【待填写：年度】，请填写")
        if organization is None:
            self.notes.append("没有找到报告单位，已留作【待填写：单位】，请填写")
        return organization or gap("单位"), year


def _masthead(lines: list[str]) -> Masthead | None:
    """The red header's lines: the organ's mark, and the document number when one is there."""
    number = next((t for t in lines if _DOC_NUMBER.search(t)), None)
    organs = [t for t in lines if t != number]
    return Masthead(organ=organs[0], number=number) if organs else None


def recognize(lines: list[Line]) -> Imported:
    return _Recognizer().recognize(lines)
