"""drafter import: a published report (web text or .docx) → report sources."""

from __future__ import annotations

from pathlib import Path

from msgspec import Struct

from ..errors import DrafterError, DrafterWarning, Position
from ..files import path_warnings, require_empty
from ..layout.blocks import title_text
from ..readers.recognize import Imported, recognize
from ..writers.yamlwriter import Layout, file_stem, write_sources
from .converting import lines_of


class ImportResult(Struct):
    imported: Imported
    files: list[Path]


def import_report(path: Path | str, dest: Path | str) -> ImportResult:
    path, dest = Path(path), Path(dest)
    if not path.is_file():
        raise DrafterError("找不到要导入的文件", position=Position(path), hint="检查文件名和路径")
    require_empty(dest)
    lines, conversion = lines_of(path)
    try:
        imported = recognize(lines)
    except ValueError:
        raise DrafterError("文件中没有找到文字", position=Position(path), hint="确认文件内容是报告正文") from None
    if conversion:
        imported.notes.insert(0, conversion)
    if not any("\u4e00" <= ch <= "\u9fff" for line in lines for ch in line.text):
        raise DrafterError("文件中没有找到报告的中文文字", position=Position(path),
                           hint="确认这是报告本身；.doc/.wps 请在 Word 或 WPS 中“另存为”.docx 后再导入")
    report = imported.report
    names = {}
    sections = [section for part in report.parts for section in part.sections]
    for number, section in enumerate(sections, 1):
        names[id(section)] = f"sections/{file_stem(number, section.title)}.yaml"
    dest.mkdir(exist_ok=True)
    files = write_sources(report, dest, Layout(names), title_text(report))
    return ImportResult(imported, files)


def import_into(path: Path, folder: Path, names: dict[Path, str]):
    """One unit of a batch import: `path` into folder/<the name the batch gave it>/; its notes come back as warnings."""
    result = import_report(path, folder / names[path])
    notes = [DrafterWarning(f"请注意：{note}", position=Position(path)) for note in result.imported.notes]
    notes += path_warnings(result.files)
    return result.files[0].parent, notes
