"""Lines of a published report → the Report model.

Finds the title, organisation and year, the preamble, the parts (一、), the
sections (（一）, on their own line or run into the text), the points (一是…
inline or one per paragraph, 1. per section or continuous), items （1）, the
closing words, signature and date.  Labels are removed (drafter regenerates
them); text it cannot place stays as plain paragraphs, and is reported.  It
never drops report text: the only lines left out are the website's own.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from ..model.numbering import chinese_numeral
from ..model.punctuation import to_full_width
from ..model.report import Paragraph, Part, Point, Report, Section
from .published import Line, is_debris

_BLANKS = " \t\r\n\u3000\u00a0\u2002\u2003"
_NUMERAL = "[一二三四五六七八九十]+"
_PART = re.compile(rf"^({_NUMERAL})、\s*(.+)$")
_SECTION = re.compile(rf"^[（(]\s*({_NUMERAL})\s*[）)]\s*(.*)$")
_ARABIC_POINT = re.compile(r"^(\d{1,2})\s*[.．、](?!\d)\s*(.*)$")
_ITEM = re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*(.*)$")
_DATE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_TITLE_ORG_YEAR = re.compile(r"^(?P<org>.+?)(?:关于)?(?P<year>\d{4})\s*年")
_CLOSING = re.compile(r"^(?:特此报告|专此报告|以上报告|妥否)")
_SENTENCE_END = "。；！？"
# After a numeral, characters that make it a quantity ("三年来"), not a mistyped label.
_QUANTITY = "年月日个项次家名位件十百千万亿余多批类种条"


@dataclass
class Imported:
    report: Report
    dropped: list[str] = field(default_factory=list)  # the website's own lines, left out
    labels: list[str] = field(default_factory=list)  # numbering removed (drafter generates it)
    notes: list[str] = field(default_factory=list)  # what could not be placed where it belongs
    tail: list[str] = field(default_factory=list)  # the signature and date lines as written


def _numeral_value(text: str) -> int:
    for n in range(1, 100):
        if chinese_numeral(n) == text:
            return n
    return 0


class _Recognizer:
    def __init__(self) -> None:
        self.result_labels: list[str] = []
        self.dropped: list[str] = []
        self.notes: list[str] = []
        self.run_in = False
        self.arabic = False
        self.continuous = False

    # --- points inside a section -------------------------------------------------
    def _inline_labels(self, text: str, first: int) -> list[tuple[int, int, str]]:
        """(start, end, label) of 一是、二是… at sentence starts, numbered from `first`."""
        found = []
        n, pos = first, 0
        while True:
            label = f"{chinese_numeral(n)}是"
            exact = re.compile(rf"(?:^|(?<=[{_SENTENCE_END}]))\s*{label}").search(text, pos)
            if exact:
                found.append((exact.start(), exact.end(), label))
                pos, n = exact.end(), n + 1
                continue
            # "二充分发挥……": the 是 forgotten — a label when the count goes on after it
            slip = re.compile(rf"(?<=[{_SENTENCE_END}]){chinese_numeral(n)}(?=[\u4e00-\u9fff])(?!是)").search(text, pos)
            if slip and n > first - 1 and found:
                after = text[slip.end()]
                later = text.find(f"{chinese_numeral(n + 1)}是", slip.end())
                if later >= 0 or after not in _QUANTITY:
                    found.append((slip.start(), slip.end(), chinese_numeral(n)))
                    pos, n = slip.end(), n + 1
                    continue
            return found

    @staticmethod
    def _point(segment: str) -> Point:
        """A point's lead is its first sentence when that is short: "突出地方立法特色。完成……"."""
        end = segment.find("。")
        lead = segment[:end]
        if 0 < end <= 35 and "，" not in lead and "；" not in lead:
            return Point(title=lead, text=segment[end + 1:] or None)
        return Point(text=segment)

    def _section_body(self, section: Section, paragraphs: list[str]) -> None:
        for paragraph in paragraphs:
            arabic = _ARABIC_POINT.match(paragraph)
            item = _ITEM.match(paragraph)
            if arabic and (arabic.group(2) or "").strip():
                number = int(arabic.group(1))
                if not section.points and number > 1:
                    self.continuous = True
                self.arabic = True
                self.result_labels.append(paragraph[: arabic.start(2)].strip())
                section.points.append(self._point(arabic.group(2)))
                continue
            if item and section.points:
                self.result_labels.append(paragraph[: item.start(2)].strip())
                section.points[-1].items.append(item.group(2))
                continue
            labels = self._inline_labels(paragraph, len(section.points) + 1)
            before = paragraph[: labels[0][0]] if labels else paragraph
            if before.strip():
                if section.points:
                    last = section.points[-1]
                    last.text = (last.text or "") + before
                else:
                    section.text = (section.text or "") + before
            for k, (_, end, label) in enumerate(labels):
                stop = labels[k + 1][0] if k + 1 < len(labels) else len(paragraph)
                self.result_labels.append(label)
                section.points.append(self._point(paragraph[end:stop]))

    # --- the whole report ----------------------------------------------------------
    def recognize(self, lines: list[Line]) -> Imported:
        cleaned: list[Line] = []
        for line in lines:
            text = "".join(part.strip(_BLANKS) for part in line.text.split("\n"))
            if not text:
                continue
            if is_debris(text):
                self.dropped.append(text)
                continue
            lead = to_full_width(line.lead.strip(_BLANKS)) if line.lead else None
            cleaned.append(Line(to_full_width(text), line.hint, lead))
        if not cleaned:
            raise ValueError("no text")

        title_index = next((i for i, l in enumerate(cleaned) if l.hint == "title"), None)
        if title_index is None:
            title_index = next(
                (i for i, l in enumerate(cleaned[:3]) if re.search("报告|情况", l.text) and "。" not in l.text and len(l.text) <= 60), 0
            )
        title = cleaned[title_index].text
        self.dropped += [l.text for l in cleaned[:title_index]]  # site header lines above the title
        body = cleaned[title_index + 1:]

        date, signature = None, None
        tail: list[str] = []
        if body and (_DATE.match(body[-1].text) or body[-1].hint == "date"):
            match = _DATE.match(body[-1].text)
            if match:
                date = datetime.date(*map(int, match.groups()))
                tail.insert(0, body[-1].text)
                body = body[:-1]
        if body and (body[-1].hint == "signature" or (len(body[-1].text) <= 30 and not re.search("[。，；：]", body[-1].text)
                                                     and not _PART.match(body[-1].text) and date is not None)):
            signature = body[-1].text
            tail.insert(0, signature)
            body = body[:-1]

        match = _TITLE_ORG_YEAR.match(title)
        organization = match.group("org").removesuffix("关于") if match else (signature or title)
        year_match = re.search(r"(\d{4})\s*年", title) or re.search(r"(\d{4})\s*年", " ".join(l.text for l in body[:3]))
        year = int(year_match.group(1)) if year_match else (date.year - 1 if date else datetime.date.today().year - 1)

        preamble: list[str] = []
        parts: list[Part] = []
        closing: list[str] = []
        bodies: dict[int, list[str]] = {}  # id(section) → its paragraphs
        current_section: Section | None = None
        for line in body:
            text = line.text
            part_match = _PART.match(text)
            if part_match and _numeral_value(part_match.group(1)) == len(parts) + 1 and "。" not in part_match.group(2)[:-1]:
                self.result_labels.append(f"{part_match.group(1)}、")
                parts.append(Part(title=part_match.group(2).rstrip("。：")))
                current_section = None
                continue
            if not parts:
                preamble.append(text)
                continue
            part = parts[-1]
            section_match = _SECTION.match(text)
            if section_match and _numeral_value(section_match.group(1)) == len(part.sections) + 1:
                self.result_labels.append(text[: section_match.start(2)].strip())
                rest = section_match.group(2)
                if line.lead:
                    lead_rest = _SECTION.match(line.lead).group(2) if _SECTION.match(line.lead) else line.lead
                    heading, after = lead_rest.rstrip("。；"), rest[len(lead_rest):]
                else:
                    cut = min((rest.find(c) for c in "。；" if 0 < rest.find(c) < len(rest) - 1), default=-1)
                    heading, after = (rest[:cut], rest[cut + 1:]) if cut > 0 else (rest.rstrip("。；"), "")
                if after:
                    self.run_in = True
                current_section = Section(title=heading)
                part.sections.append(current_section)
                bodies[id(current_section)] = [after] if after else []
                continue
            if _CLOSING.match(text):
                closing.append(text)
                continue
            if closing:
                self.notes.append(f"结束语之后还有文字，已作为结束语保留：{text[:20]}……")
                closing.append(text)
            elif current_section is not None:
                bodies[id(current_section)].append(text)
            else:
                part.paragraphs.append(Paragraph(text=text))
        if not parts:
            self.notes.append("没有找到“一、”“二、”这样的部分标题，全文已作为一个部分的段落保留")
            parts = [Part(title="正文", paragraphs=[Paragraph(text=t) for t in preamble])]
            preamble = []

        for part in parts:
            for section in part.sections:
                self._section_body(section, bodies[id(section)])
                if not section.points and not section.text:
                    self.notes.append(f"小节“{section.title}”下没有找到内容")

        point_style = "1." if self.arabic else "一是"
        default_title = f"{organization}{year}年法治政府建设年度报告"
        report = Report(
            organization=organization, year=year, title=None if title == default_title else title,
            date=date, signature=[] if signature in (None, organization) else [signature],
            layout="run-in" if self.run_in else "paragraph", point_style=point_style,
            continuous_numbering=self.continuous, preamble=[Paragraph(text=t) for t in preamble],
            parts=parts, closing=[Paragraph(text=t) for t in closing],
        )
        return Imported(report, self.dropped, self.result_labels, self.notes, tail)


def recognize(lines: list[Line]) -> Imported:
    return _Recognizer().recognize(lines)
