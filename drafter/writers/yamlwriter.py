"""Report model → YAML source files that people read and edit.

Writes the same layout the examples use: report.yaml plus one file per
section under sections/, two-space indents, one text per line, and Chinese
comments saying what each file is.  What it writes loads back into the same
model.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import msgspec
from msgspec import Struct, field

from ..files import atomic_write, safe_name
from ..model.numbering import chinese_numeral
from ..model.placeholders import TODO_MARK
from ..model.report import Figure, Node, Paragraph, Report, Section
from .yamltext import OPEN, emit


def _paragraphs(paragraphs: list[Paragraph]) -> list[Any]:
    items = []
    for paragraph in paragraphs:
        data = msgspec.to_builtins(paragraph)
        items.append(data["text"] if data.keys() == {"text"} else data)
    return items


def _section_data(section: Section) -> dict[str, Any]:
    data = msgspec.to_builtins(section)
    data.pop("points", None)
    ordered = {k: data[k] for k in ("department", "title", "text") if k in data}
    ordered["points"] = [msgspec.to_builtins(point) for point in section.points]
    ordered.update(_figures(section))
    return ordered


def _figure(figure: Figure) -> dict[str, Any]:
    """A figure as written: one still to fill gets its `value:` line ready, after the name."""
    data = msgspec.to_builtins(figure)
    if figure.value is None and figure.rate is None and figure.year is None:
        data = {"name": data.pop("name"), "value": OPEN, **data}
    return data


def _figures(holder) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if holder.figures:
        data["figures"] = [_figure(figure) for figure in holder.figures]
    if holder.figures_from:
        data["figures_from"] = holder.figures_from
    return data


SECTION_HEADER = """\
# {label}：{title}
# 负责科室：{department}。请只修改本文件中的文字；编号（一是、二是……）由程序自动生成，不要手工输入。
"""
GAP_NOTE = """\
# 【待填写】处请填写今年的实际内容；要点的 title 沿用了去年的标题，请按今年的工作改写。
# last_year 是去年的标题和正文，plan 是去年计划中要求今年落实的事项，二者只供参考，不会印在报告里；
# 其中的【名称】是数据：今年的数值写在下面 figures 的 value 后，正文中照样写【名称】引用。
# 【待审核】标出沿用去年的段落：按今年的情况改写或确认后，删除该标记。
"""
DATE_NOTE = "# date: 成文日期（待填写），如 2023-02-07"
REPORT_HEADER = """\
# {title}
# 本文件记录报告的总体信息：单位、年度、成文日期、开头段落和各部分的顺序；各小节在 sections/ 文件夹中。
# 文中可用占位符：【年度】【上年度】【下年度】【单位】；编号由程序自动生成，不要手工输入。
"""


class Layout(Struct):
    """Where each section is written: a file name under the report folder, or None for in place."""

    section_files: dict[int, str]  # id(section) → "sections/NN-名称.yaml"
    first_lines: dict[str, str] = field(default_factory=dict)  # file name → a line kept above the header ($schema)


def write_sources(report: Report, dest: Path, layout: Layout, title: str) -> list[Path]:
    """Write `report` into the folder `dest` (which must exist); returns the files written."""
    written = []
    gaps = _has_gaps(report)
    data: dict[str, Any] = {"organization": report.organization, "year": report.year}
    for key in ("title", "date", "signature", "addressee"):
        value = getattr(report, key)
        if value is not None and value != []:
            data[key] = value[0] if key == "signature" and len(value) == 1 else value
    if report.masthead is not None:
        data["masthead"] = msgspec.to_builtins(report.masthead)
    defaults = {field.name: field.default for field in msgspec.structs.fields(Report)}
    for key in ("layout", "fonts", "point_style", "continuous_numbering", "statistics_attachment", "seal"):
        value = getattr(report, key)
        if value != defaults[key] or key in ("layout", "point_style"):
            data[key] = value
    if report.preamble:
        data["preamble"] = _paragraphs(report.preamble)
    data.update(_figures(report))
    parts = []
    files_by_part = []
    for part in report.parts:
        entry: dict[str, Any] = {"title": part.title}
        if part.paragraphs:
            entry["paragraphs"] = _paragraphs(part.paragraphs)
        if part.points:
            entry["points"] = [msgspec.to_builtins(point) for point in part.points]
        names = [layout.section_files.get(id(section)) for section in part.sections]
        files_by_part.append(names)
        if part.sections:
            entry["sections"] = [name if name else _section_data(section) for name, section in zip(names, part.sections)]
        parts.append(entry)
    data["parts"] = parts
    if report.closing:
        data["closing"] = _paragraphs(report.closing)
    if report.unassigned:
        data["unassigned"] = list(report.unassigned)
    # One part's sections, all in files under sections/ and in name order: a glob is what offices write.
    with_files = [names for names in files_by_part if any(names)]
    if len(with_files) == 1 and all(with_files[0]) and with_files[0] == sorted(with_files[0]):
        folders = {name.rsplit("/", 1)[0] for name in with_files[0]}
        if len(folders) == 1:
            index = files_by_part.index(with_files[0])
            parts[index]["sections"] = f"{folders.pop()}/*.yaml"

    lines = emit(data, 0)
    text = REPORT_HEADER.format(title=title) + (GAP_NOTE if gaps else "")
    if report.date is None:
        lines.insert(2, DATE_NOTE)
    written.append(_write(dest / "report.yaml", _first(layout, "report.yaml") + text + "\n".join(lines) + "\n"))

    for part_index, (part, names) in enumerate(zip(report.parts, files_by_part)):
        for number, (section, name) in enumerate(zip(part.sections, names), 1):
            if not name:
                continue
            section_lines = emit(_section_data(section), 0)
            header = SECTION_HEADER.format(
                label=f"第{chinese_numeral(part_index + 1)}部分第（{chinese_numeral(number)}）节", title=section.title,
                department=section.department or "（未注明）",
            )
            has_gaps = _has_gaps(section)
            written.append(_write(dest / name, _first(layout, name) + header + (GAP_NOTE if has_gaps else "")
                                  + "\n".join(section_lines) + "\n"))
    return written


def _first(layout: Layout, name: str) -> str:
    line = layout.first_lines.get(name)
    return f"{line}\n" if line else ""


def _has_gaps(node: Node) -> bool:
    return TODO_MARK.search(msgspec.json.encode(node).decode()) is not None


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, text.encode("utf-8"))
    return path


def file_stem(number: int, title: str) -> str:
    """A section file's name: its number and the first words of its title."""
    words = re.sub(r"[^\w]", "", title)[:8]
    return f"{number:02d}-{safe_name(words, fallback='小节')}"
