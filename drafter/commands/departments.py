"""drafter build --by-department: one Word file per department, holding only its sections.

Each file is named from the department (made safe), written whole or not at
all; none is written unless every one can be: a file a department may already
have returned edited (or one drafter did not write) stops the run before
anything is written, as `build -o` does for one file.  Sections that name no
department go into one file of their own (NO_DEPARTMENT), with a warning each.
`drafter merge` takes a returned file back into that department's sections only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from msgspec import Struct, field

from ..checks.check import check
from ..errors import DrafterError, DrafterWarning, Position, SourceErrors
from ..files import (
    atomic_write,
    check_writable,
    distinct_names,
    path_warnings,
    safe_name,
    write_fault,
)
from ..layout.department import (
    NO_DEPARTMENT,
    Department,
    department_blocks,
    departments,
)
from .build import back_up, check_replaceable, template_for


class DepartmentFile(Struct):
    department: str
    path: Path
    sections: int
    gaps: int  # highlighted: 【待填写】 marks and figures without a value


class Written(Struct):
    files: list[DepartmentFile] = field(default_factory=list)
    warnings: list[DrafterWarning] = field(default_factory=list)


def _folder(folder: Path) -> Path:
    """The output folder, created if it does not exist yet (its parent must)."""
    if folder.exists() and not folder.is_dir():
        raise DrafterError("-o 后面应写一个文件夹，这里是一个文件", position=Position(folder),
                           hint="按科室生成时每个科室一个文件，如 -o 各科室/")
    if not folder.exists():
        if not folder.parent.is_dir():
            raise DrafterError("输出文件夹的上一级文件夹不存在", position=Position(folder.parent), hint="先建好上一级文件夹")
        try:
            folder.mkdir()
        except OSError as exc:
            raise write_fault(folder, exc, "建立文件夹") from None
    return folder


def _names(found: list[Department]) -> list[str]:
    """File stems from the departments' names, made safe; two that would coincide get numbers."""
    stems = [safe_name(d.name, NO_DEPARTMENT) for d in found]
    return distinct_names(stems, [f"{stem}-{n}" for n, stem in enumerate(stems, 1)])


def _unassigned(department: Department, path: Path) -> list[DrafterWarning]:
    return [DrafterWarning(f"小节“{section.title[:20]}”没有写负责科室，已放进 {path.name}",
                           position=section.position, hint="在该小节的文件中加上 department: 科室名称，再重新生成")
            for _, _, section in department.sections]


def build_departments(source: Path | str, folder: Path, *, force: bool = False, template: Path | str | None = None,
                      notify: Callable[[str], None] | None = None) -> Written:
    """Every department's file in `folder`; nothing is written while the sources have errors
    or while any of the files may not be replaced (see `build.check_replaceable`)."""
    result = check(source)
    if result.errors:
        raise SourceErrors(result.problems)
    done = Written(warnings=list(result.warnings))
    sources = result.sources
    report = sources.report
    found = departments(report)
    if not found:
        raise DrafterError("报告中没有（一）（二）……小节，无法按科室生成", position=Position(Path(source)),
                           hint="按科室生成需要各科室的小节文件（sections/*.yaml），或直接用 drafter build 生成整份报告")
    folder = _folder(Path(folder))
    outputs = [folder / f"{stem}.docx" for stem in _names(found)]
    backups = []
    for output in outputs:  # every refusal before anything is written
        check_writable(output)
        backups.append(check_replaceable(output, force))
    done.warnings += path_warnings(outputs)
    renderer = template_for(template, report.fonts)
    for department, output, needs_backup in zip(found, outputs, backups):
        data = renderer.render(report, sources=sources, department=department)
        try:
            backup = back_up(output) if needs_backup else None
        except OSError as exc:
            raise write_fault(output, exc, "读取") from None
        if backup is not None and notify:
            notify(f"原文件已另存为：{backup}")
        atomic_write(output, data)
        gaps = sum(run.kind == "todo" for block in department_blocks(report, department) for run in block.runs)
        done.files.append(DepartmentFile(department.name, output, len(department.sections), gaps))
        if department.name == NO_DEPARTMENT:
            done.warnings += _unassigned(department, output)
    return done
