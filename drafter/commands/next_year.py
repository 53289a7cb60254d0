"""drafter next: next year's sources from this year's, every gap marked.

Model → model: the year moves on; points keep their titles and are emptied to
【待填写】 with last year's title and text kept beside them (`last_year`) for the
department to see; last year's plans become prompts in the sections they name;
year phrases turn into placeholders.  Then the sources are written, each department keeping its own
file, and the draft is built.
"""

from __future__ import annotations

import copy
import os
import re
from pathlib import Path

from msgspec import Struct

from ..errors import DrafterWarning
from ..files import atomic_write, require_empty, safe_name
from ..layout.blocks import paragraphs, title_text
from ..model import placeholders, structure
from ..model.placeholders import GAP, gap
from ..model.report import Figure, LastYear, Paragraph, Part, Point, Report, Section
from ..patterns import lazy
from ..readers.sources import Sources, load
from ..readers.texts import Texts
from ..writers.carry import carried
from ..writers.yamlwriter import Layout, write_sources
from .build import build

# Year phrases that mean "the report year" (or the year before it) wherever they
# stand; in next year's sources they become placeholders.  Other literal years
# are listed for a person to decide.
YEAR_PHRASES = ("年以来", "年度", "年，", "年全年", "年初", "年底", "年末", "年上半年", "年下半年", "年法治政府建设")
_RANGE = r"\d{4}\s*[-—–~～至到]\s*\d{4}"


def _placeholders_for_years(text: str, year: int) -> str:
    """Literal "2021年以来" (report year 2021) → "【年度】年以来"; the year before → 【上年度】."""
    suffixes = "|".join(map(re.escape, YEAR_PHRASES))
    ranges = [m.span() for m in re.finditer(_RANGE, text)]

    def replace(match: re.Match) -> str:
        if any(start <= match.start() < end for start, end in ranges):
            return match.group(0)
        name = "年度" if int(match.group(1)) == year else "上年度"
        return f"【{name}】{match.group(2)}"

    return re.sub(rf"(?<!\d)({year}|{year - 1})(?!\d)({suffixes})", replace, text)


def _section_key(section: Section) -> set[str]:
    keys = {section.title}
    if section.position is not None:
        keys |= {section.position.path.stem, section.position.path.name}
    return keys


def roll_over(report: Report, five_part: bool = False) -> tuple[Report, list[str]]:
    """Next year's report; also the plans that named a section that does not exist.

    Last year's texts are kept as written (【名称】 stays a reference, never a number).
    Points keep their titles, to be confirmed (check reports a title still equal to
    last year's); the preamble and the problems are carried with a 【待审核】 mark;
    plans become prompts in the sections they name, or wait in `unassigned`.
    """
    year = report.year

    def kept(text: str | None) -> str | None:
        return None if text is None else _placeholders_for_years(text, year)

    def review(text: str) -> str:
        return placeholders.REVIEW_MARK + kept(text)

    new = copy.deepcopy(report)
    new.year, new.date = year + 1, None
    _carry_figures(new)
    new.title = kept(report.title)
    new.preamble = [Paragraph(text=review(p.text)) for p in report.preamble]
    new.unassigned = list(report.unassigned)
    unplaced: list[str] = []
    plans: list[Paragraph] = []
    for old_part, part in zip(report.parts, new.parts):
        part.title = kept(part.title)
        kind = structure.kind_of(old_part.title)
        if kind == structure.PLANS:
            plans += old_part.paragraphs
            part.paragraphs = [Paragraph(text=GAP, last_year=p.text) for p in old_part.paragraphs] or [Paragraph(text=GAP)]
        else:
            part.paragraphs = [Paragraph(text=review(p.text)) for p in old_part.paragraphs]
        part.points = [_emptied(point, year) for point in old_part.points]  # an imported report's
        for old_section, section in zip(old_part.sections, part.sections):
            section.title, section.text = kept(section.title), None
            section.points = [_emptied(point, year) for point in old_section.points] or [Point(text=GAP)]
    sections = [s for part in new.parts for s in part.sections]
    for plan in plans:
        target = next((s for s in sections if plan.for_ and plan.for_ in _section_key(s)), None)
        if target is not None:
            target.points.append(Point(text=gap("去年计划的这项工作今年落实得怎样"), plan=plan.text))
            continue
        if plan.for_:
            unplaced.append(plan.for_)
        new.unassigned.append(plan.text)
    if five_part:
        new.parts = _five_parts(new.parts)
    return new, unplaced


def _emptied(point: Point, year: int) -> Point:
    """A point to fill: its title kept, its text a gap, last year's title and text as written beside it."""
    title = _placeholders_for_years(point.title, year) if point.title else None
    return Point(title=title, text=GAP, department=point.department,
                 last_year=LastYear(title=title, text=point.text, items=list(point.items)))


def _carry_figures(report: Report) -> None:
    """This year's values become last year's; this year's are left to fill.  A figure of a
    fixed year (a past ranking) is carried as it is.

    Figures read from a sheet are written out: last year's sheet must not
    supply next year's numbers."""
    for holder in [report] + [s for part in report.parts for s in part.sections]:
        holder.figures = [
            figure if figure.rate is not None or figure.year is not None else Figure(
                name=figure.name, unit=figure.unit, last_year=figure.value, decimals=figure.decimals, note=figure.note,
            )
            for figure in holder.figures
        ]
        holder.figures_from = None


def _five_parts(parts: list[Part]) -> list[Part]:
    """The regulation's five parts: each existing part moved to the one its title names, the rest gaps."""
    by_kind: dict[str, list[Part]] = {}
    for part in parts:
        by_kind.setdefault(structure.kind_of(part.title), []).append(part)
    result = []
    for kind, title in structure.FIVE_PARTS.items():
        found = by_kind.get(kind, [])
        merged = Part(title=title)
        for part in found:
            merged.paragraphs += part.paragraphs
            merged.sections += part.sections
        if not found or (kind == structure.PLANS):
            merged.paragraphs = merged.paragraphs or [Paragraph(text=GAP)]
        if not merged.paragraphs and not merged.sections:
            merged.paragraphs = [Paragraph(text=GAP)]
        if kind == structure.OTHER and not found:
            merged.paragraphs = [Paragraph(text=gap("其他需要报告的情况；没有则删除本部分"))]
        result.append(merged)
    return result


class NextResult(Struct):
    files: list[Path]
    draft: Path
    gaps: int
    years: list[DrafterWarning]  # literal mentions of the old year, for a person to decide
    unplaced: list[str]


def next_year(source: Path | str, dest: Path | str, five_part: bool = False) -> NextResult:
    dest = Path(dest)
    require_empty(dest)
    sources = load(source)
    report, unplaced = roll_over(sources.report, five_part)
    dest.mkdir(exist_ok=True)
    names = _section_files(sources, report)
    files = write_sources(report, dest, Layout(names, _schema_lines(sources, dest, names, report)), _title(report))
    _keep_comments(sources, report, names, dest)
    draft = build(dest, dest / f"{safe_name(_title(report))}（草稿）.docx")
    written = load(dest)
    return NextResult(files, draft, _count_gaps(written.report), literal_years(written, sources.report.year), unplaced)


def _keep_comments(sources: Sources, report: Report, names: dict[int, str], dest: Path) -> None:
    """Each file carried forward keeps what people wrote around its values (see writers.carry)."""
    origins = {dest / "report.yaml": sources.main}
    for section in (s for part in report.parts for s in part.sections):
        if id(section) in names and section.position is not None:
            origins[dest / names[id(section)]] = section.position.path
    for path, origin in origins.items():
        old = sources.files.get(origin)
        kept = carried(old, path.read_text(encoding="utf-8")) if old is not None and path.is_file() else None
        if kept is not None:
            atomic_write(path, kept)


def _title(report: Report) -> str:
    return title_text(report)


def _section_files(sources: Sources, report: Report) -> dict[int, str]:
    """Each department keeps its file: sections from files go to the same names; sections
    written in report.yaml stay there."""
    names = {}
    root = sources.root
    for section in (s for part in report.parts for s in part.sections):
        path = section.position.path if section.position else None
        if path is not None and path != sources.main and path.is_relative_to(root):
            names[id(section)] = path.relative_to(root).as_posix()
    return names


_SCHEMA_LINE = lazy(r"^#\s*yaml-language-server:\s*\$schema=(?P<target>\S+)\s*$")


def _schema_lines(sources: Sources, dest: Path, names: dict[int, str], report: Report) -> dict[str, str]:
    """Each file's `$schema` line, for editors' completion: kept, its path made to reach the
    same schema file from the new folder (a web address stays as it is)."""
    found = {}
    olds = {"report.yaml": sources.main}
    for part, old_part in zip(report.parts, sources.report.parts):
        for section, old in zip(part.sections, old_part.sections):
            if id(section) in names and old.position is not None:
                olds[names[id(section)]] = old.position.path
    for name, old in olds.items():
        first = sources.files[old].lines[0] if old in sources.files else ""
        match = _SCHEMA_LINE.match(first)
        if not match:
            continue
        target = match.group("target")
        schema = (old.parent / target).resolve()
        if "://" not in target and schema.is_file():
            target = Path(os.path.relpath(schema, (dest / name).parent.resolve())).as_posix()
        found[name] = f"# yaml-language-server: $schema={target}"
    return found


def _count_gaps(report: Report) -> int:
    """Gaps the draft highlights: 【待填写】 marks and figures still without a value."""
    return sum(run.kind == "todo" for block in paragraphs(report) for run in block.runs)


def literal_years(sources: Sources, year: int) -> list[DrafterWarning]:
    """Every literal mention of `year` left in the texts (ranges such as 2021—2025年 excepted)."""
    texts = Texts(sources)
    found = []
    for path, text in texts:
        if any(step in ("last_year", "plan", "unassigned") for step in path):
            continue
        ranges = [m.span() for m in re.finditer(_RANGE, text)]
        for match in re.finditer(rf"(?<!\d){year}(?!\d)", text):
            if any(start <= match.start() < end for start, end in ranges):
                continue
            context = text[max(0, match.start() - 8): match.end() + 8]
            found.append(DrafterWarning(
                f"仍写着 {year} 年：“…{context}…”", position=texts.position(path, text[match.start():match.end() + 1]),
                hint="若指报告年度，请改为【年度】；若是固定的年份，保持不变",
            ))
    return found
