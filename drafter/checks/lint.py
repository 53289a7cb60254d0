"""Warnings about sources that load but are probably wrong.

Each rule looks at the texts of the loaded report together with their place
in the files, so a warning names the exact line and column; punctuation
warnings also carry the fix that `drafter check --fix` applies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from ..errors import (
    CARRIED_OVER,
    GAP,
    NEEDS_REVIEW,
    NO_VALUE,
    UNASSIGNED,
    UNFINISHED,
    DrafterError,
    DrafterWarning,
    Fix,
    Position,
)
from ..model import numbering, placeholders, structure
from ..model.figures import all_figures, format_number, round_half_up
from ..model.figures import values as figure_values
from ..model.punctuation import FULL_WIDTH, half_width_marks
from ..model.report import Report, date_text
from ..patterns import lazy
from ..readers.sources import Sources
from ..readers.texts import Texts

_PAIRS = {"《": "》", "（": "）", "“": "”"}
_PAIR_MARKS = lazy("[《》（）“”]")
_BOOK_TITLE = lazy(r"《([^《》\n]{1,80})》")
_DASHES = str.maketrans({"-": "—", "–": "—", "―": "—", "~": "—", "～": "—", "(": "（", ")": "）", " ": None, "\u3000": None})
_YEAR = lazy(r"(?<!\d)(\d{4})(?=\s*年)")
_RANGE_OR_QUOTE = lazy(r"\d{4}\s*年?\s*[-—–~～至到]\s*\d{4}|《[^《》]*》|“[^“”]*”")
_TODO = lazy(rf"【{placeholders.TODO}[^【】]*】|TODO|{placeholders.TODO}|待补充|××|XX年", re.IGNORECASE)
# Fields that guide whoever fills in the sources and are never printed.
_GUIDANCE = frozenset({"last_year", "plan", "note", "unassigned"})


def _guidance(path: tuple) -> bool:
    """A text that is never printed: last year's text, a plan to report on, a note."""
    return not _GUIDANCE.isdisjoint(path)
# Fields whose labels drafter generates: a label typed there is dropped.
_LABELLED = {"title", "items"}


def lint(sources: Sources) -> list[DrafterError]:
    """Every warning (and the few errors that need the whole folder) for loaded sources."""
    texts = Texts(sources, keep=lambda path: not _guidance(path))  # what is printed
    problems: list[DrafterError] = []
    for rule in (_half_width, _unbalanced, _titles_two_ways, _future_years, _typed_labels, _todo, _carried_over,
                 _unassigned, _quoted,
                 _comment_cut, _bracket_placeholder, _empty, _unused_figures, _typed_percentages, _printed_before_dated):
        if rule not in (_unused_figures, _empty) or sources.complete:  # what is left out is not missing
            problems.extend(rule(texts, sources.report))
    if not sources.complete:
        problems.extend(_values_missing(all_figures(sources.report)))
    problems.extend(folder_problems(sources))
    return problems


def _half_width(texts: Texts, report: Report) -> Iterator[DrafterWarning]:
    for path, _ in texts:
        raw = texts.raw(path)
        if raw is None:
            continue
        source, (start, end) = raw
        marks = None  # the placeholders' spans, looked for in a text that has a half-width mark
        for at in half_width_marks(source.text, start, end):
            if marks is None:
                marks = [m.span() for m in placeholders.PLACEHOLDER.finditer(source.text, start, end)]
            if any(a < at < b for a, b in marks):
                continue  # 【名称:同比】 is a placeholder, its colon is syntax
            char = source.text[at]
            yield DrafterWarning(
                f"中文里用了半角标点“{char}”",
                position=source.position(at),
                hint=f"改为全角“{FULL_WIDTH[char]}”；drafter check --fix 可自动改正",
                fix=Fix(source.path, at, 1, FULL_WIDTH[char]),
            )


def _unbalanced(texts: Texts, report: Report) -> Iterator[DrafterWarning]:
    closing = {v: k for k, v in _PAIRS.items()}
    for path, text in texts:
        stack: list[str] = []
        for match in _PAIR_MARKS.finditer(text):
            char = match.group(0)
            if char in _PAIRS:
                stack.append(char)
            elif char in closing:
                if stack and stack[-1] == closing[char]:
                    stack.pop()
                else:
                    stack.append(char)
                    break
        if stack:
            char = stack[-1]
            pair = _PAIRS.get(char) or closing[char]
            yield DrafterWarning(
                f"“{char}”没有对应的“{pair}”",
                position=texts.position(path, char),
                hint="检查书名号、括号和引号是否成对",
            )


def _titles_two_ways(texts: Texts, report: Report) -> Iterator[DrafterWarning]:
    first: dict[str, tuple[str, tuple]] = {}
    for path, text in texts:
        for match in _BOOK_TITLE.finditer(text):
            title = match.group(1)
            key = title.translate(_DASHES)
            if key not in first:
                first[key] = (title, path)
            elif first[key][0] != title:
                other, other_path = first[key]
                where = texts.position(other_path, other)
                line = f"（{where.path.name} 第 {where.line} 行）" if where and where.line else ""
                yield DrafterWarning(
                    f"《{title}》与前面的《{other}》{line}是同一文件，写法却不同",
                    position=texts.position(path, title),
                    hint="统一写法；年份范围用一字线“—”，括号用全角",
                )


def _future_years(texts: Texts, report: Report) -> Iterator[DrafterWarning]:
    plans = {i for i, part in enumerate(report.parts) if structure.kind_of(part.title) == structure.PLANS}
    for path, text in texts:
        if path[0] == "parts" and path[1] in plans:
            continue
        if path[-1] == "department" or "年" not in text or all(int(year) <= report.year for year in _YEAR.findall(text)):
            continue
        # A later year inside a span ("2021—2025年") or a title or quotation is no mistake.
        masked = _RANGE_OR_QUOTE.sub(lambda m: " " * len(m.group(0)), text)
        for match in _YEAR.finditer(masked):
            if int(match.group(1)) > report.year:
                yield DrafterWarning(
                    f"报告年度是 {report.year} 年，成绩中却写了 {match.group(1)} 年",
                    position=texts.position(path, text[match.start():match.end() + 1]),
                    hint="检查年份是否写错；指报告年度时可写【年度】",
                )


def _typed_labels(texts: Texts, report: Report) -> Iterator[DrafterWarning]:
    for path, text in texts:
        field = next(x for x in reversed(path) if isinstance(x, str))
        untitled_point = field == "text" and "points" in path and not _point(report, path).title
        if field not in _LABELLED and not untitled_point or path[:1] == ("title",):
            continue
        label, _ = numbering.strip_label(text)
        if label:
            yield DrafterWarning(
                f"开头手工输入了编号“{label}”",
                position=texts.position(path, label),
                hint="编号由程序按顺序自动生成，请删除手工输入的编号（生成时已自动去掉）",
            )


def _point(report: Report, path: tuple):
    node = report
    for i in range(0, path.index("points") + 2, 2):
        node = getattr(node, path[i])[path[i + 1]]
    return node


def _todo(texts: Texts, report: Report) -> Iterator[DrafterWarning]:
    if report.date is None:
        yield DrafterWarning("还没有填写成文日期", position=report.position, kind=UNFINISHED,
                             hint="在 report.yaml 中加一行 date，如 date: 2023-02-07")
    for path, text in texts:
        if placeholders.REVIEW_MARK in text:
            yield DrafterWarning(
                "这段文字沿用了去年的写法，还没有审核", kind=NEEDS_REVIEW,
                position=texts.position(path, placeholders.REVIEW_MARK),
                hint=f"按今年的情况改写或确认后，删除“{placeholders.REVIEW_MARK}”",
            )
        match = _TODO.search(text.replace(placeholders.REVIEW_MARK, ""))
        if match:
            point = _point(report, path) if path[-1] == "text" and "points" in path else None
            carried = "（要点标题沿用了去年的，填写时一并改写或确认）" if point and _title_carried(point) else ""
            yield DrafterWarning(
                f"还有待填写的内容“{match.group(0)}”{carried}", kind=GAP,
                position=texts.position(path, match.group(0)),
                hint="填写实际内容后删除该标记",
            )


def _title_carried(point) -> bool:
    return bool(point.title and point.last_year and point.last_year.title == point.title)


def _carried_over(texts: Texts, report: Report) -> Iterator[DrafterWarning]:
    """A point title drafter next kept from last year, not yet rewritten or confirmed."""
    for part in report.parts:
        for point in part.points + [point for section in part.sections for point in section.points]:
            # A point still to fill names its title in its gap's line: one line a point.
            if _title_carried(point) and not placeholders.TODO_MARK.search(point.text or ""):
                yield DrafterWarning(
                    f"要点标题“{point.title}”还是去年的", kind=CARRIED_OVER,
                    position=point.position, hint="改写为今年的标题；今年沿用同一标题时，删除 last_year 下的 title 一行",
                )


def _unassigned(texts: Texts, report: Report) -> Iterator[DrafterWarning]:
    for i, plan in enumerate(report.unassigned):
        yield DrafterWarning(
            f"去年的计划还没有分到小节：“{plan[:30]}{'……' if len(plan) > 30 else ''}”", kind=UNASSIGNED,
            position=texts.position(("unassigned", i)),
            hint="在负责的小节中加一个要点，把这项计划写在它的 plan 后，然后从 unassigned 中删除",
        )


def _printed_before_dated(texts: Texts, report: Report) -> Iterator[DrafterWarning]:
    """A document is printed (印发) on or after the day it is dated (成文)."""
    imprint = report.imprint
    if imprint and report.date and imprint.printed_on < report.date:
        yield DrafterWarning(
            f"印发日期 {date_text(imprint.printed_on)} 早于成文日期 {date_text(report.date)}",
            position=imprint.position or report.position,
            hint="印发日期一般在成文日期当天或之后，确认两个日期是否写对",
        )


def _quoted(texts: Texts, report: Report) -> Iterator[DrafterWarning]:
    for path, text in texts:
        if len(text) > 2 and text[0] == "“" and text[-1] == "”" and text.count("“") == 1:
            yield DrafterWarning(
                "整段文字被中文引号“”括了起来",
                position=texts.position(path),
                hint="若是想给 YAML 的值加引号，请用英文双引号 \"…\"；若引号确是正文的一部分，可忽略本提示",
            )


_COMMENT_AFTER = lazy(r"[ \t]+#(?![ \t#]|$)")
_OPENING_BRACKETS = "[［{｛〔"


# A known placeholder in other brackets than 【】 (looked for when a text has such a bracket).
_WRONG_BRACKETS = lazy(rf"[\[［{{｛〔]\s*({'|'.join(placeholders.KNOWN)})\s*[\]］}}｝〕]")


def _comment_cut(texts: Texts, report: Report) -> Iterator[DrafterWarning]:
    """ "#话题#" after a space starts a YAML comment: the rest of the line never reaches the report."""
    for path, _ in texts:
        raw = texts.raw(path)
        if raw is None:
            continue
        source, (_, end) = raw
        match = _COMMENT_AFTER.match(source.text, end)
        if match:
            yield DrafterWarning(
                "“#”及其后面的文字被当作注释，没有进入报告",
                position=source.position(match.end() - 1),
                hint="文字中要用“#”时，请把整段文字用英文双引号括起来，或改用全角“＃”",
            )


def _bracket_placeholder(texts: Texts, report: Report) -> Iterator[DrafterWarning]:
    for path, text in texts:
        if not any(bracket in text for bracket in _OPENING_BRACKETS):
            continue
        for match in _WRONG_BRACKETS.finditer(text):
            yield DrafterWarning(
                f"“{match.group(0)}”不是占位符，会原样印在报告里",
                position=texts.position(path, match.group(0)),
                hint=f"占位符要用中文方括号：【{match.group(1)}】",
            )


def _empty(texts: Texts, report: Report) -> Iterator[DrafterWarning]:
    for i, part in enumerate(report.parts):
        if not part.paragraphs and not part.sections and not part.points:
            yield DrafterWarning(f"第{numbering.chinese_numeral(i + 1)}部分“{part.title}”没有内容",
                                 position=part.position, hint="加上 paragraphs（段落）或 sections（小节），或删除该部分")
        for section in part.sections:
            if not section.points and not section.text:
                yield DrafterWarning(f"小节“{section.title}”没有内容", position=section.position,
                                     hint="加上 points（要点）或 text（导语）")


# --- figures -------------------------------------------------------------------------
def _referenced(texts: Texts) -> set[str]:
    """Figures the texts name; last year's texts count, so a draft's own figures are not called unused."""
    return {name for path, text in texts.every if path[-1] != "note" for name in placeholders.names(text)}


def _values_missing(figures: list) -> Iterator[DrafterWarning]:
    for figure in figures:
        if figure.value is None and figure.rate is None and figure.year is None:
            yield DrafterWarning(f"数据“{figure.name}”还没有填写今年的数值", position=figure.position, kind=NO_VALUE,
                                 hint="在 value 后写上今年的数值" + (f"（去年为 {format_number(figure.last_year)}）"
                                                                     if figure.last_year is not None else ""))


def _unused_figures(texts: Texts, report: Report) -> Iterator[DrafterWarning]:
    used = _referenced(texts)
    figures = all_figures(report)
    used |= {name for figure in figures for name in figure.rate or []}
    yield from _values_missing(figures)
    for figure in figures:
        if figure.year is not None and figure.year > report.year:
            yield DrafterWarning(f"数据“{figure.name}”属于 {figure.year} 年，晚于报告年度 {report.year} 年",
                                 position=figure.position, hint="检查 year 是否写错：固定年份应是报告年度或更早的年份")
        if figure.name not in used and not report.statistics_attachment:
            yield DrafterWarning(
                f"数据“{figure.name}”声明了，但文字中没有用到", position=figure.position,
                hint=f"在文字中写【{figure.name}】引用它，或删除这项数据",
            )


_SENTENCE_ENDS = str.maketrans("；！？", "。。。")  # a sentence ends at any of 。；！？
_PERCENT = lazy(r"(?<![\d.])(\d{1,3}(?:\.(\d{1,4}))?)%")


def _typed_percentages(texts: Texts, report: Report) -> Iterator[DrafterWarning]:
    """A percentage typed by hand next to the figures it comes from must agree with them,
    at the precision it was typed: 7499/7623 = 98.37% rounds to 98.4%, so "98.3%" is wrong."""
    known = {name: value for name, value in figure_values(report).items() if not value.percent}
    for path, text in texts:
        if "%" not in text:
            continue
        for sentence in text.translate(_SENTENCE_ENDS).split("。"):
            names = [n for n in dict.fromkeys(placeholders.names(sentence)) if n in known]
            pairs = [(a, b) for a in names for b in names
                     if a != b and known[a].this_year is not None and known[b].this_year]
            for match in _PERCENT.finditer(sentence):
                typed = Decimal(match.group(1))
                decimals = len(match.group(2) or "")
                candidates = [(a, b, known[a].this_year / known[b].this_year * 100) for a, b in pairs]
                if not candidates or any(round_half_up(c, decimals) == typed for _, _, c in candidates):
                    continue
                a, b, computed = min(candidates, key=lambda c: abs(c[2] - float(typed)))
                if abs(computed - float(typed)) > 2:
                    continue
                shown = format_number(computed, max(decimals, 2))
                yield DrafterWarning(
                    f"“{match.group(0)}”与数据不符：【{a}】/【{b}】= {format_number(known[a].this_year)}/"
                    f"{format_number(known[b].this_year)} = {shown}%，按所写的精度应为 {format_number(computed, decimals)}%",
                    position=texts.position(path, match.group(0)),
                    hint=f"声明一个比率（rate: [{a}, {b}]）并在文字中引用它，由程序计算",
                )


# --- the report folder ---------------------------------------------------------------
def folder_problems(sources: Sources) -> Iterator[DrafterError]:
    """Section files the report leaves out (copies it takes in twice are load errors)."""
    included = set(sources.included)
    folders = {path.parent for path in included}
    for folder in sorted(folders):
        for path in sorted(folder.iterdir()):
            if path.name.startswith(("~$", ".")) or path.is_dir() or path == sources.main or path in included:
                continue
            meant = _hidden_extension(path.name)
            if meant:
                yield DrafterError(
                    f"文件“{path.name}”的扩展名多了一层，报告不会读取它，这一节会缺失",
                    position=Position(path),
                    hint=f"把它改名为“{meant}”。Windows 默认隐藏扩展名：在资源管理器的“查看”中勾选“文件扩展名”，"
                    f"就能看到并删去多余的“{path.name[len(meant):]}”",
                )
                continue
            yield DrafterWarning(
                f"文件“{path.name}”没有被报告引用，其中的内容不会出现在报告中",
                position=Position(path),
                hint=_unused_hint(path, sources.included),
            )


_DOUBLED = lazy(r"^(?P<meant>.+?\.ya?ml)(?:\.(?:txt|ya?ml|docx?|wps))+$", re.IGNORECASE)


def _hidden_extension(name: str) -> str | None:
    """The name meant by "01-党的领导.yaml.txt" (a hidden extension, or one typed twice), or None."""
    match = _DOUBLED.match(name)
    return match.group("meant") if match else None


def _unused_hint(path: Path, included: dict[Path, list[str]]) -> str:
    if path.suffix.lower() != ".yaml":
        return "小节文件的扩展名应为 .yaml；若不需要该文件，请移出报告文件夹"
    patterns = sorted({p for ps in included.values() for p in ps})
    return f"若需要该文件，请在 report.yaml 的 sections 中引用它（现在引用的是：{'、'.join(patterns)}）；否则请移出报告文件夹"
