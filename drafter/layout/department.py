"""A department's own file (`build --by-department`): only its sections, numbered as in the report.

The report's title, a line saying whose file it is and how to fill it, then
for each part holding the department's sections the part's heading and those
sections, their blocks exactly as the whole report lays them out (（三）, 三是
and figures as printed there), each followed by a line per figure it counts.
Each point carries a comment with last year's text and plan; gaps are
highlighted.  No masthead, signature, attachment or 版记.
"""

from __future__ import annotations

from msgspec import Struct, field

from ..model import figures, placeholders
from ..model.report import Report, Section
from .blocks import Block, Field, Run, laid_out

NO_DEPARTMENT = "未注明科室"  # the file for sections that name no department
GUIDE = ("请直接在本文件中修改、补充本科室负责的内容：黄色标出的是待填写处，批注是去年的写法和计划（仅供参考）；"
         "编号由程序生成，不必手工调整。改好后保存，原样发回。")


class Department(Struct):
    name: str  # as the sources write it; NO_DEPARTMENT for sections that name none
    sections: list[tuple[int, int, Section]] = field(default_factory=list)  # (part index, section index, section)

    @property
    def paths(self) -> list[tuple]:
        """The model paths of its sections: an edit goes only under one of them."""
        return [("parts", n, "sections", m) for n, m, _ in self.sections]

    @property
    def figures(self) -> list[str]:
        """The figures declared in its sections: the ones its file may change."""
        return [figure.name for _, _, section in self.sections for figure in section.figures]


def departments(report: Report) -> list[Department]:
    """Every department with its sections, in the order the report first names them."""
    found: dict[str, Department] = {}
    for n, part in enumerate(report.parts):
        for m, section in enumerate(part.sections):
            name = section.department or NO_DEPARTMENT
            found.setdefault(name, Department(name)).sections.append((n, m, section))
    return list(found.values())


def department_blocks(report: Report, department: Department) -> list[Block]:
    """The paragraphs of `department`'s file."""
    builder = laid_out(report, past_notes=True)
    blocks = builder.paragraphs
    title = next(block for block in blocks if block.style == "title")
    whose = Block("title", [*title.runs, Run("", "break"), Run(f"（{department.name}填写稿）")], fields=title.fields)
    out = [whose, Block("body"), Block("body", [Run(GUIDE)]), Block("body")]
    part = None
    for n, m, section in department.sections:
        if n != part:
            out.append(blocks[builder.heads[n]])
            part = n
        start, end = builder.spans[id(section)]
        out += blocks[start:end] + figure_lines(report, ("parts", n, "sections", m), section)
    last = out[-1]
    last.style = {"body-keep": "body", "section-keep": "section"}.get(last.style, last.style)
    return out


def figure_lines(report: Report, path: tuple, section: Section) -> list[Block]:
    """A line for each figure the section declares and the department counts: its name, this year's
    value (【待填写】 until there is one) and last year's.  A number typed over the value is the
    figure's new value (the map says the value prints 【名称】).  Rates are computed and figures of
    a fixed year carried over: neither is asked for."""
    values = figures.values(report)
    lines = []
    for k, figure in enumerate(section.figures):
        if figure.rate is not None or figure.year is not None:
            continue
        value = values[figure.name]
        unit = "" if value.percent else figure.unit or ""  # a percentage prints its own %
        printed = value.text(value.this_year)
        lead = f"数据　{figure.name}："
        runs = [Run(lead), Run(printed, "todo" if printed == placeholders.GAP else "text"), Run(unit)]
        if value.last_year is not None:
            runs.append(Run(f"（去年{value.text(value.last_year)}{unit}）"))
        where = Field(len(lead), len(lead) + len(printed), path + ("figures", k, "value"), f"【{figure.name}】")
        lines.append(Block("body", runs, fields=[where]))
    return lines

