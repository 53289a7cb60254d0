"""Report model → the paragraphs of the document, labelled and in order.

This is where numbering is applied and where the two layouts differ.  It
decides which kind of paragraph each piece of text is (title, heading, body…)
and which kind of run; how each kind looks is the template's business.
"""

from __future__ import annotations

from msgspec import Struct, field

from ..model import figures, numbering, placeholders
from ..model.report import LastYear, Point, Report, Section, date_text
from ..model.report import Paragraph as Paragraph_
from .gbt9704 import (
    CHARS_PER_LINE,
    MASTHEAD_TIERS,
    SEAL_BLANK_LINES,
    TABLE_CELL_MARGIN_X,
    TABLE_TEXT_SIZE,
    TEXT_WIDTH,
    TITLE_LINE_CHARS,
)

# A run-in heading or lead ends with a full stop unless it ends in punctuation.
_SENTENCE_ENDS = tuple("。！？；：…")
STATISTICS_TITLE = "主要数据统计表"


class Run(Struct):
    text: str
    kind: str = "text"  # text | heading | lead | todo | signer | break | tab
    note: str | None = None  # what `build --annotate` says about this run in a comment
    # The model field the run's text came from, e.g. ("parts", 0, "sections", 2, "points", 1, "text"),
    # and how many characters drafter added before (a label) and after (a full stop) the field's text.
    path: tuple | None = None
    added: tuple[int, int] = (0, 0)


class Field(Struct, frozen=True):
    """Where a model field's text is in a paragraph's text: characters start to end."""

    start: int
    end: int
    path: tuple
    source: str | None = None  # the text the field stands for, where the model's value is no text (a figure's 【名称】)


class Block(Struct):
    # body | title | heading1 | heading2 | section | addressee | signature | date | masthead[-long[er]]
    # | number[-up] | attachment-label | table | imprint | body-keep | section-keep (the last before
    # the 落款): the template has a prototype paragraph for each
    style: str
    runs: list[Run] = field(default_factory=list)
    head: list[str] = field(default_factory=list)  # a table's column heads
    rows: list[list[str]] = field(default_factory=list)  # a table's rows
    widths: list[int] = field(default_factory=list)  # a table's column widths (twips), from its content
    fields: list[Field] = field(default_factory=list)  # which text came from which field (for merge)

    @property
    def text(self) -> str:
        return "".join("\n" if run.kind == "break" else run.text for run in self.runs)


def width(text: str) -> float:
    """Width in characters: full-width characters count 1, ASCII ½."""
    return sum(0.5 if ord(ch) < 0x80 else 1 for ch in text)


def _sentence(text: str) -> str:
    return text if text.endswith(_SENTENCE_ENDS) else text + "。"


def _heading_text(text: str) -> str:
    """An own-line heading carries no full stop."""
    return text.rstrip("。")


class _Builder:
    def __init__(self, report: Report, past_notes: bool = False):
        """With `past_notes` (a department's file), each point's comment is last year's text and
        plan, whether or not it has gaps; gaps are only highlighted; sections name no source."""
        self.report = report
        self.past_notes = past_notes
        self.values = placeholders.standard_values(report.year, report.organization) | figures.strings(report)
        # Last year's texts (a draft's guidance) read with last year's values: 【名称】 is 【名称:上年】,
        # except for figures of a fixed year, which are the same every year.
        fixed = {f.name for f in figures.all_figures(report) if f.year is not None}
        self.last_values = placeholders.standard_values(report.year - 1, report.organization) | {
            name: self.values[name if name in fixed else f"{name}:上年"]
            for name in (f.name for f in figures.all_figures(report))}
        self.paragraphs: list[Block] = []
        self.point_count = 0  # points numbered so far, for continuous numbering
        self.section_path: tuple = ()  # the section being laid out, as a model path
        self.spans: dict[int, tuple[int, int]] = {}  # id(section) → where its blocks are
        self.heads: list[int] = []  # where each part's heading is

    def text(self, text: str) -> str:
        return placeholders.expand(text, self.values)

    def last_year_text(self, text: str | None) -> str | None:
        """Last year's text as it was printed (a name not known last year stays as written)."""
        if not text:
            return None
        return placeholders.PLACEHOLDER.sub(lambda m: self.last_values.get(m.group(1), m.group(0))
                                            if not m.group(2) else m.group(0), text)

    def past(self, last_year: str | None, plan: str | None = None) -> list[str]:
        """Last year's text and plan as the web form shows them, for the department to see."""
        last_year, plan = self.last_year_text(last_year), self.last_year_text(plan)
        return ([f"去年：{last_year}"] if last_year else []) + ([f"去年计划：{plan}"] if plan else [])

    def gap_note(self, last_year: str | None, plan: str | None = None) -> str | None:
        """The comment on a gap: last year's text and plan."""
        lines = self.past(last_year, plan)
        return "\n".join([GAP_NOTE, *lines]) if lines else None

    def label_free(self, text: str) -> str:
        """Expanded text without a hand-typed label: the label is generated."""
        return numbering.strip_label(self.text(text))[1]

    def add(self, style: str, *runs: Run) -> None:
        """A paragraph; gaps marked 【待填写…】 in its runs become runs of their own,
        which take the run's note (last year's text, for the annotated draft)."""
        split: list[Run] = []
        fields, offset = [], 0
        for run in runs:
            length = 1 if run.kind == "break" else len(run.text)
            if run.path is not None:
                fields.append(Field(offset + run.added[0], offset + length - run.added[1], run.path))
            offset += length
            marks = list(placeholders.TODO_MARK.finditer(run.text))
            if not marks:
                split.append(run)
                continue
            start = 0
            for match in marks:
                if match.start() > start:
                    split.append(Run(run.text[start:match.start()], run.kind))
                review = match.group(0) == placeholders.REVIEW_MARK
                note = REVIEW_NOTE if review else None if self.past_notes else run.note or GAP_NOTE
                split.append(Run(match.group(0), "todo", note))
                start = match.end()
            if start < len(run.text):
                split.append(Run(run.text[start:], run.kind))
        self.paragraphs.append(Block(style, split, fields=fields))

    def paragraph(self, paragraph: Paragraph_, path: tuple) -> Run:
        return Run(self.text(paragraph.text), note=self.gap_note(paragraph.last_year), path=path + ("text",))

    def build(self) -> list[Block]:
        report = self.report
        if report.masthead:
            self.masthead()
        self.add("title", *self.title_runs())
        if report.title:  # the whole paragraph, its line breaks the title's
            self.paragraphs[-1].fields.append(Field(0, len(self.paragraphs[-1].text), ("title",)))
        self.add("body")
        if report.addressee:
            # GB/T 9704 §7.3.2: one blank line under the title, flush left, a full-width colon at the end.
            self.add("addressee", Run(self.text(report.addressee).rstrip(":：") + "：", path=("addressee",), added=(0, 1)))
        for i, paragraph in enumerate(report.preamble):
            self.add("body", self.paragraph(paragraph, ("preamble", i)))
        for n, part in enumerate(report.parts, 1):
            label = numbering.part_label(n)
            self.heads.append(len(self.paragraphs))
            self.add("heading1", Run(label + _heading_text(self.label_free(part.title)),
                                     path=("parts", n - 1, "title"), added=(len(label), 0)))
            for i, paragraph in enumerate(part.paragraphs):
                self.add("body", self.paragraph(paragraph, ("parts", n - 1, "paragraphs", i)))
            for k, point in enumerate(part.points, 1):  # points straight under the part, one a paragraph
                path = ("parts", n - 1, "points", k - 1)
                self.add("body", *self.point_runs(k, point, None, path))
                for item in self.items(point, path):
                    self.add("body", item)
            for m, section in enumerate(part.sections, 1):
                first = self.point_count + 1 if report.continuous_numbering else 1
                self.section_path = ("parts", n - 1, "sections", m - 1)
                start = len(self.paragraphs)
                if report.layout == "run-in":
                    self.run_in_section(m, section, first)
                else:
                    self.own_line_section(m, section, first)
                self.point_count = first - 1 + len(section.points)
                self.spans[id(section)] = (start, len(self.paragraphs))
        for i, paragraph in enumerate(report.closing):
            self.add("body", self.paragraph(paragraph, ("closing", i)))
        table = self.statistics() if report.statistics_attachment else None
        self.keep_with_signature()
        if table:
            # GB/T 9704 §7.3.4: the attachment note one blank line below the body, indented
            # two characters (a single attachment takes no number).
            self.add("body-keep")
            self.add("body-keep", Run(f"附件：{STATISTICS_TITLE}"))
        self.signature()
        if table:
            # §7.3.7: a new page; "附件" in 黑体 flush left on line 1, the title centred on line 3.
            self.add("attachment-label", Run("附件"))
            self.add("body")
            self.add("title", Run(STATISTICS_TITLE))
            self.add("body")
            self.paragraphs.append(table)
        if report.imprint:
            self.imprint()
        return self.paragraphs

    def imprint(self) -> None:
        """GB/T 9704 §7.4: the 版记 after everything else (attachments included), on the
        last page.  "抄送：" and the organs separated by full-width commas with a full stop
        after the last (§7.4.2); 印发机关 and "2022年2月8日印发" on one line (§7.4.3),
        in p.head.  Without organs to copy to, the 抄送 line is left out."""
        imprint = self.report.imprint
        runs = []
        if imprint.copy_to:
            organs = [self.text(organ).strip().rstrip("，、。,") for organ in imprint.copy_to]
            runs = [Run("抄送：" + "，".join(organs) + "。")]
        printed = f"{date_text(imprint.printed_on)}印发"
        self.paragraphs.append(Block("imprint", runs, head=[self.text(imprint.printed_by), printed]))

    def statistics(self) -> Block | None:
        """The figures as the attachment's table: each value beside the year it belongs to (this
        year's, or a figure's fixed `year`), and the change on last year with last year's value."""
        rows = []
        for n, (name, value) in enumerate(figures.values(self.report).items(), 1):
            unit = "%" if value.percent else (value.figure.unit or "")
            year = value.figure.year or self.report.year
            this_year = value.text(value.this_year).replace(placeholders.GAP, placeholders.TODO).removesuffix("%")
            change = "—"
            if value.last_year is not None:
                change = f"{value.signed_change()}（上年{value.text(value.last_year).removesuffix('%')}）"
            rows.append([str(n), name, unit, str(year), this_year, change])
        if not rows:
            return None
        head = ["序号", "项目", "单位", "年份", "数值", "比上年"]
        # a column no figure fills (no units, no last year's values) is left out
        keep = [i for i in range(len(head)) if i <= 1 or any(row[i] not in ("", "—") for row in rows)]
        head, rows = [head[i] for i in keep], [[row[i] for i in keep] for row in rows]
        return Block("table", head=head, rows=rows, widths=table_widths([head, *rows], name_column=1))

    def masthead(self) -> None:
        """GB/T 9704 §7.2: the red organ mark; two lines below, the 发文字号 (with 签发人 on
        the same line for a report sent upward) over the red rule; the title two lines below it."""
        head = self.report.masthead
        organ = self.text(head.organ)
        kind = next((k for k, chars in MASTHEAD_TIERS if width(organ) <= chars), MASTHEAD_TIERS[-1][0])
        self.add(kind, Run(organ))
        self.add("body")
        self.add("body")
        number = self.text(head.number) if head.number else ""
        if head.signer:
            self.add("number-up", Run("\u3000" + number), Run("", "tab"), Run("签发人："), Run(self.text(head.signer), "signer"))
        else:
            self.add("number", Run(number))
        self.add("body")
        self.add("body")

    def title_runs(self) -> list[Run]:
        lines = title_lines(self.report)
        runs = [Run(lines[0])]
        for line in lines[1:]:
            runs += [Run("", "break"), Run(line)]
        return runs

    def point_runs(self, n: int, point: Point, section: Section | None, path: tuple) -> list[Run]:
        label = numbering.point_label(n, self.report.point_style)
        title = self.label_free(point.title) if point.title else ""
        text = self.text(point.text) if point.text else ""
        if not title:
            text = numbering.strip_label(text)[1]
        own = point.department and point.department != (section.department if section else None)
        lead = Run(label + (_sentence(title) if title else ""), "lead", f"本要点由{point.department}负责" if own else None)
        if title:
            lead.path, lead.added = path + ("title",), (len(label), len(_sentence(title)) - len(title))
        gap = self.gap_note(_as_written(point.last_year) if point.last_year else None, point.plan)
        if self.past_notes:
            lines = [lead.note] if lead.note else []
            lead.note = "\n".join(lines + self.past(_as_written(point.last_year) if point.last_year else None,
                                                    point.plan)) or None
            gap = None
        if gap and placeholders.TODO_MARK.search(lead.text):
            lead.note = gap
        body = Run(text, note=gap if placeholders.TODO_MARK.search(text) else None, path=path + ("text",))
        return [lead, body] if text else [lead]

    def items(self, point: Point, path: tuple) -> list[Run]:
        runs = []
        for k, item in enumerate(point.items, 1):
            label = numbering.item_label(k)
            runs.append(Run(label + self.label_free(item), path=path + ("items", k - 1), added=(len(label), 0)))
        return runs

    def section_heading(self, m: int, section: Section, heading: str) -> Run:
        label, title = numbering.section_label(m), self.label_free(section.title)
        text = _sentence(title) if heading == "heading" else _heading_text(title)
        return Run(label + text, heading if heading == "heading" else "text", None if self.past_notes else _source_note(section),
                   path=self.section_path + ("title",), added=(len(label), max(0, len(text) - len(title))))

    def run_in_section(self, m: int, section: Section, first: int) -> None:
        path = self.section_path
        runs = [self.section_heading(m, section, "heading")]
        if section.text:
            runs.append(Run(self.text(section.text), path=path + ("text",)))
        for n, point in enumerate(section.points, first):
            runs += self.point_runs(n, point, section, path + ("points", n - first))
            runs += self.items(point, path + ("points", n - first))
        self.add("section", *runs)

    def own_line_section(self, m: int, section: Section, first: int) -> None:
        path = self.section_path
        self.add("heading2", self.section_heading(m, section, "heading2"))
        if section.text:
            self.add("body", Run(self.text(section.text), path=path + ("text",)))
        for n, point in enumerate(section.points, first):
            self.add("body", *self.point_runs(n, point, section, path + ("points", n - first)))
            for item in self.items(point, path + ("points", n - first)):
                self.add("body", item)

    def keep_with_signature(self) -> None:
        """§7.3.5.5: the 落款 is never alone on its page: the body's last paragraph keeps with it."""
        last = self.paragraphs[-1]
        last.style = {"body": "body-keep", "section": "section-keep"}.get(last.style, last.style)

    def signature(self) -> None:
        """The organ name(s) and the date, one blank line below the body (two with a seal,
        room for it: SEAL_BLANK_LINES), placed by
        leading blanks on the 28-character line.

        Without a seal (GB/T 9704 §7.3.5.2): the name 右空二字, the date on the
        next line starting two characters right of the name; if that would not
        fit, the date 右空二字 and the name two characters left of it.  Joint
        signatures stand one under another, the lead organ first.
        With a seal (§7.3.5.1): the date 右空四字, each name centred over it.
        """
        names = [self.text(name) for name in self.report.signers]
        date = self.date_text()
        longest = max(width(name) for name in names)
        # the blank line(s), kept with the names like them: room for the seal (§7.3.5.1)
        for _ in range(SEAL_BLANK_LINES if self.report.seal else 1):
            self.add("signature")
        if self.report.seal:
            date_start = max(0.0, CHARS_PER_LINE - 4 - width(date))
            starts = [max(0.0, date_start + (width(date) - width(name)) / 2) for name in names]
        else:
            start = max(0.0, CHARS_PER_LINE - 2 - max(longest, width(date) + 2))
            date_start, starts = start + 2, [start] * len(names)
        for i, (name, at) in enumerate(zip(names, starts)):
            blank = _blank(at)
            self.add("signature", Run(blank + name, path=("signature", i) if self.report.signature else None, added=(len(blank), 0)))
        blank = _blank(date_start)
        self.add("date", Run(blank + date, path=("date",) if self.report.date else None, added=(len(blank), 0)))

    def date_text(self) -> str:
        if self.report.date is None:
            return f"{self.report.year + 1}年\u3000月\u3000日"
        return date_text(self.report.date)


GAP_NOTE = f"{placeholders.TODO}：请填写今年的实际内容"
REVIEW_NOTE = f"{placeholders.REVIEW}：这段文字沿用了去年的写法，请按今年的情况改写或确认后删除该标记"


def _as_written(point: LastYear) -> str:
    """A point as one text: its title as a sentence, its text, its items numbered."""
    lead = f"{point.title}。" if point.title and not point.title.endswith("。") else (point.title or "")
    items = "".join(f"（{k}）{item}" for k, item in enumerate(point.items, 1))
    return lead + (point.text or "") + items


def _source_note(section: Section) -> str:
    where = section.position.path if section.position else None
    source = f"\n来源：{where.parent.name}/{where.name}" if where else ""
    return f"负责科室：{section.department or '未注明'}{source}"


def table_widths(rows: list[list[str]], name_column: int) -> list[int]:
    """Column widths (twips) from the cells' text: each column as wide as its widest cell, the
    name column taking what is left of the text width, so names break as little as possible."""
    cell = TABLE_TEXT_SIZE * 10  # one character of the table's text, in twips
    # a quarter character to spare: a cell exactly as wide as its text wraps it in LibreOffice (measured)
    widths = [round((max(width(row[i]) for row in rows) + 0.25) * cell) + 2 * TABLE_CELL_MARGIN_X
              for i in range(len(rows[0]))]
    widths[name_column] = 0
    widths[name_column] = TEXT_WIDTH - sum(widths)
    return widths


def _blank(chars: float) -> str:
    """Blank space `chars` characters wide: ideographic spaces, an en space for a half."""
    whole, half = divmod(round(chars * 2), 2)
    return "\u3000" * whole + "\u2002" * half


def title_lines(report: Report) -> list[str]:
    """The title as it breaks into lines: where the author says, or, for the
    default title when it is too long for one line, after the year."""
    values = placeholders.standard_values(report.year, report.organization)
    if report.title:
        return [placeholders.expand(line, values) for line in report.title.split("\n")]
    lines = [f"{report.organization}{report.year}年", "法治政府建设年度报告"]
    return ["".join(lines)] if width("".join(lines)) <= TITLE_LINE_CHARS else lines


def title_text(report: Report) -> str:
    return "".join(title_lines(report))


def laid_out(report: Report, past_notes: bool = False) -> _Builder:
    """The report laid out, with where each section's blocks and each part's heading are."""
    builder = _Builder(report, past_notes)
    builder.build()
    return builder


def section_blocks(report: Report, section: Section) -> list[Block]:
    """The paragraphs one section of `report` prints as, numbered as in the whole report."""
    builder = _Builder(report)
    blocks = builder.build()
    start, end = builder.spans[id(section)]
    return blocks[start:end]


def paragraphs(report: Report) -> list[Block]:
    """The document's paragraphs, in order, ready for the template."""
    return _Builder(report).build()
