"""Report sources → Report model.

A report is a folder (report.yaml plus section files included by the parts'
`sections` entries) or one YAML file.  Errors name the file, line and column
of the value at fault and say in Chinese how to fix it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from msgspec import Struct, field, structs

from ..errors import DrafterError, Position, SourceErrors
from ..files import DRAFTER_FOLDER, inside
from ..model import placeholders
from ..model.figures import all_figures
from ..model.report import (
    Figure,
    Imprint,
    Masthead,
    Paragraph,
    Part,
    Point,
    Report,
    Section,
)
from ..model.validation import validate
from ..patterns import lazy
from .partial import follows_from_unread, left_out_text, skipped, sound_part
from .references import check_placeholders, figure_holders
from .texts import attach_positions
from .yamlsource import SourceMap, SourceText, read_yaml

REPORT_FILE = "report.yaml"
# Every key the sources use: lines starting with one are checked for typing mistakes.
KEYS = frozenset(
    key for model in (Report, Part, Section, Point, Paragraph, Figure, Masthead, Imprint)
    for key in model.__struct_encode_fields__
)


class Sources(Struct):
    """A loaded report with what `check` needs: every value's place in every file."""

    report: Report
    source_map: SourceMap
    files: dict[Path, SourceText]  # every file read, report.yaml first
    included: dict[Path, list[str]]  # section file → the patterns that included it
    main: Path  # report.yaml, or the single file
    unread: dict[Path, str] = field(default_factory=dict)  # files read in part or not at all: the text left out
    faulty: set[Path] = field(default_factory=set)  # files with errors: left out or read repaired, never fixed
    complete: bool = True  # False: parts with errors were left out, so what is unused cannot be told

    @property
    def root(self) -> Path:
        """The report folder."""
        return self.main.parent

    def keep_for_map(self) -> None:
        """Drop what only the checks needed (the files' texts, line tables, keys' positions, texts'
        spans): the merge map needs the values' positions and the files' names alone (it hashes each
        file as it is on disk), and a big report's build then holds less while it renders."""
        self.source_map.keys.clear()
        self.source_map.spans.clear()
        self.files = {path: structs.replace(text, text="") for path, text in self.files.items()}


def load_report(source: Path | str) -> Report:
    """Load and validate a report folder or file; raises DrafterError."""
    return load(source).report


def load(source: Path | str) -> Sources:
    """Load and validate a report with its source map; raises DrafterError listing every problem."""
    sources, errors = gather(source)
    if errors:
        raise SourceErrors(errors)
    return sources


def gather(source: Path | str) -> tuple[Sources | None, list[DrafterError]]:
    """Every error of a report's sources, and the sources as far as they are sound.

    What an error makes unsound (a point, a section, a file that cannot be read)
    is left out of the returned sources, so the rest can still be checked; the
    sources are None only when report.yaml itself cannot be made sense of.
    Raises DrafterError when there is no report to read at all.
    """
    source = Path(source)
    main = _main_file(source)
    read = read_yaml(main, KEYS)
    errors: list[DrafterError] = list(read.errors)
    unread: dict[Path, str] = {}
    left_out: dict[Path, set[int]] = {}
    if not read.parsed:
        unread[main], left_out[main] = left_out_text(read), set(read.unread)
        if not read.readable:
            return None, errors + [skipped(unread)]
    data, source_map, text = read.data, read.source_map, read.source
    if not isinstance(data, dict) and errors:
        return None, errors
    if data is None:
        raise DrafterError("报告文件是空的（或只有注释）", position=Position(main, 1, 1),
                           hint="参照示例 examples/qingyuan-2021/report.yaml 填写单位、年度和各部分")
    if isinstance(data, dict) and not {"organization", "year", "parts"} & data.keys() and {"points", "department"} & data.keys():
        raise DrafterError(
            "这是一个小节文件，不是报告文件", position=Position(main, 1, 1),
            hint="请检查整个报告文件夹（其中有 report.yaml），如 drafter check 报告文件夹",
        )
    if not isinstance(data, dict):
        raise DrafterError(
            "报告文件的内容应为“键: 值”形式的设置（organization、year、parts 等）",
            position=Position(main, 1, 1),
            hint="参照示例 examples/qingyuan-2021/report.yaml 填写",
        )
    files = {main: text}
    included: dict[Path, list[str]] = {}
    _include_sections(data, source_map, main, errors, files, included, unread, left_out)
    _paragraph_items(data, source_map, files)
    _figure_sheets(data, source_map, main, errors)
    errors.extend(check_placeholders(data, source_map, files, unread=list(unread.values())))
    faulty = {e.position.path for e in errors if e.position is not None}
    report, problems = validate(data, Report)
    # What stood on a line that could not be read is not missing: that line's syntax error is named.
    problems = [p for p in problems if not follows_from_unread(p, source_map, left_out)]
    if problems:
        errors.extend(
            DrafterError(problem.message, position=source_map.find(problem.path, key=problem.at_key), hint=problem.hint)
            for problem in problems
        )
        faulty |= {e.position.path for e in errors if e.position is not None}
        report = sound_part(data, source_map, [problem.path for problem in problems])
    if unread:
        errors.append(skipped(unread))
    if report is None:
        return None, errors
    attach_positions(report, source_map)
    errors.extend(_check_figures(report))
    return Sources(report, source_map, files, included, main, unread, faulty,
                   complete=not (problems or unread)), errors


def _main_file(source: Path) -> Path:
    if source.is_dir():
        main = source / REPORT_FILE
        if not main.is_file():
            raise DrafterError(
                f"文件夹中没有 {REPORT_FILE}",
                position=Position(source),
                hint=f"报告文件夹里应有一个 {REPORT_FILE}，写明单位、年度和各部分",
            )
        inside(source, main)
        return main
    if not source.is_file():
        raise DrafterError("找不到报告来源", position=Position(source), hint="检查路径是否写对")
    return source


# --- sections from other files ---------------------------------------------------
def _include_sections(
    data: dict, source_map: SourceMap, main: Path, errors: list[DrafterError],
    files: dict[Path, SourceText], included: dict[Path, list[str]], unread: dict[Path, str],
    left_out: dict[Path, set[int]],
) -> None:
    """Replace each part's `sections` file names and patterns by the files' contents.

    `sections` is a pattern ("sections/*.yaml") or a list whose entries are
    patterns, file names or sections written out in place.
    """
    parts = data.get("parts")
    if not isinstance(parts, list):
        return
    reached: dict[Path, Path] = {}  # a file with links followed → the name it was first included by
    for i, part in enumerate(parts):
        if not isinstance(part, dict) or not isinstance(part.get("sections"), (str, list)):
            continue
        prefix = ("parts", i, "sections")
        written = source_map.pop_subtree(prefix)
        entries = part["sections"]
        if isinstance(entries, str):
            entries = [entries]
            written.values[(0,)] = written.values[()]
        sections: list[Any] = []
        for j, entry in enumerate(entries):
            in_place = written.pop_subtree((j,))
            if not isinstance(entry, str):
                source_map.graft(in_place, prefix + (len(sections),))
                sections.append(entry)
                continue
            position = in_place.values.get(())
            matches = _expand(entry, main, position, errors)
            stems = {(path.parent, path.stem): path for path in [*included, *(file for file, _ in matches)]}
            for file, real in matches:
                original = _copied_from(file, stems)
                if original is not None:
                    errors.append(DrafterError(
                        f"文件“{file.name}”像是“{original.name}”的副本，两个都被报告引用，内容会重复",
                        position=Position(file), hint="保留正确的一份，删除或移走另一份",
                    ))
                    continue
                first = reached.get(real)
                if first == file:
                    errors.append(DrafterError(
                        f"文件“{file.name}”被引用了两次，该小节会在报告中重复出现", position=position,
                        hint=f"检查 sections 中的文件名和通配符：“{included[file][0]}”已经包括了它",
                    ))
                    continue
                if first is not None:
                    errors.append(DrafterError(
                        f"“{file.relative_to(main.parent)}”和“{first.relative_to(main.parent)}”是同一个文件（经由链接），"
                        "该小节会在报告中重复出现", position=Position(file),
                        hint="删除其中的链接，每个小节文件只保留一份",
                    ))
                    continue
                reached[real] = file
                included.setdefault(file, []).append(entry)
                try:
                    read = read_yaml(file, KEYS)
                except DrafterError as exc:  # not a text file at all
                    errors.append(exc)
                    continue
                errors.extend(read.errors)
                if not read.parsed:
                    unread[file], left_out[file] = left_out_text(read), set(read.unread)
                if not read.readable:
                    files[file] = read.source
                    continue
                section, section_map, files[file] = read.data, read.source_map, read.source
                if not isinstance(section, dict):
                    errors.append(DrafterError(
                        "小节文件的内容应为“键: 值”形式（department、title、points）",
                        position=Position(file, 1, 1),
                        hint="参照示例 examples/qingyuan-2021/sections/ 中的文件填写",
                    ))
                    continue
                source_map.graft(section_map, prefix + (len(sections),))
                sections.append(section)
        source_map.values[prefix] = written.values.get((), Position(main))
        part["sections"] = sections


# What a copy's name has one of: a stem with none is no copy, and the pattern (slow to
# compile) is not needed.
_COPY_MARKS = ("副本", "复件", "拷贝", "copy", "修改", "修订", "备份", "旧", "bak", "old", "(", "（")


_COPY = lazy(r"\s*(?:[-_ ]*(?:副本|复件|拷贝|[Cc]opy)(?:\s*[（(]?\d+[)）]?)?|[（(](?:\d+|[^）)]*(?:修改|修订|副本|备份)[^）)]*)[)）]|[-_ ]*(?:修改|修订|备份|旧|bak|old))\s*$")


def _has_drive(name: str) -> bool:
    """"C:..." names a Windows drive."""
    return name[1:2] == ":" and name[:1].isascii() and name[:1].isalpha()


def copy_of(stem: str) -> str | None:
    """The name a copy was made from ("02-制度体系(修改)" → "02-制度体系"), or None."""
    if not any(mark in stem.lower() for mark in _COPY_MARKS):
        return None
    match = _COPY.search(stem)
    return stem[: match.start()] if match and match.start() > 0 else None


def _copied_from(file: Path, stems: dict[tuple[Path, str], Path]) -> Path | None:
    """The file (by folder and stem) that `file` is a copy of ("02-制度体系(修改).yaml" of "02-制度体系.yaml")."""
    original = copy_of(file.stem)
    return stems.get((file.parent, original)) if original else None


def _paragraph_items(data: dict, source_map: SourceMap, files: dict[Path, SourceText]) -> None:
    """Give every paragraph the form {text: …} with its text's own place in the file.

    Paragraphs are written as a list of texts, as a block of lines (one
    paragraph a line), or as {text: …, for: …}; lint and --fix need each text's span.
    """
    parts = data.get("parts")
    holders = [((), data, "preamble"), ((), data, "closing")]
    holders += [(("parts", i), part, "paragraphs") for i, part in enumerate(parts if isinstance(parts, list) else [])]
    for prefix, holder, key in holders:
        path = prefix + (key,)
        if not isinstance(holder, dict) or not isinstance(holder.get(key), (str, list)):
            continue
        value = holder[key]
        if isinstance(value, str):
            holder[key] = _block_lines(value, path, source_map, files)
            continue
        for j, item in enumerate(value):
            if isinstance(item, str):
                value[j] = {"text": item}
                for table in (source_map.values, source_map.spans):
                    if path + (j,) in table:
                        table[path + (j, "text")] = table[path + (j,)]


def _block_lines(block: str, path: tuple, source_map: SourceMap, files: dict[Path, SourceText]) -> list[dict]:
    """A block of lines → one paragraph a line, each with the span of its line in the file."""
    position, span = source_map.values.get(path), source_map.spans.get(path)
    raw = files[position.path] if position is not None and position.path in files else None
    cursor = span[0] if span else 0
    items = []
    for line in block.splitlines():
        text = line.strip(" \t\u3000")
        if not text:
            continue
        j = len(items)
        items.append({"text": line})
        found = raw.text.find(text, cursor, span[1]) if raw is not None and span else -1
        if found >= 0:
            cursor = found + len(text)
            source_map.spans[path + (j, "text")] = (found, cursor)
            source_map.values[path + (j, "text")] = raw.position(found)
            source_map.values[path + (j,)] = raw.position(found)
    return items


def _figure_sheets(data: dict, source_map: SourceMap, main: Path, errors: list[DrafterError]) -> None:
    """Rows of the sheets named by `figures_from` join the `figures` they sit beside."""
    for prefix, holder in figure_holders(data):
        name = holder.get("figures_from")
        if not isinstance(name, str):
            continue
        position = source_map.values.get(prefix + ("figures_from",))
        sheet = _inside(name, main, position, errors)
        if sheet is None:
            continue
        if not sheet.is_file():
            errors.append(DrafterError(f"找不到数据表“{name}”", position=position, hint="检查文件名和路径（相对于报告文件夹）"))
            continue
        # CSV and workbook reading: loaded for a report that has a sheet
        from .sheets import read_figures

        try:
            inside(main.parent, sheet)
            rows = read_figures(sheet)
        except DrafterError as exc:
            errors.append(exc)
            continue
        figures = holder.setdefault("figures", [])
        if not isinstance(figures, list):
            continue
        for fields, row, places in rows:
            path = prefix + ("figures", len(figures))
            source_map.values[path] = row
            for key, place in places.items():
                source_map.values[path + (key,)] = place
            figures.append(fields)


def _inside(name: str, main: Path, position: Position | None, errors: list[DrafterError]) -> Path | None:
    """A file named in the sources, refused if it lies outside the report folder or in drafter's own."""
    name = name.replace("\\", "/")
    if Path(name).is_absolute() or _has_drive(name) or ".." in Path(name).parts:
        errors.append(DrafterError(
            f"“{name}”指向报告文件夹之外", position=position,
            hint="引用的文件必须放在报告文件夹内，用相对路径引用，如 sections/*.yaml",
        ))
        return None
    if DRAFTER_FOLDER in Path(name).parts:
        errors.append(DrafterError(
            f"“{name}”在 drafter 自己的文件夹 {DRAFTER_FOLDER} 中（备份和修改记录），不能作为资料引用", position=position,
            hint="引用 sections 等文件夹中的资料文件",
        ))
        return None
    return main.parent / name


def _check_figures(report: Report) -> list[DrafterError]:
    errors = []
    seen: dict[str, Figure] = {}
    for figure in all_figures(report):
        if figure.name in seen:
            first = seen[figure.name].position
            errors.append(DrafterError(
                f"数据“{figure.name}”声明了两次" + (f"（第一次在 {first.path.name} 第 {first.line} 行）" if first and first.line else ""),
                position=figure.position, hint="每个数据只声明一次；不同的数据请用不同的名称",
            ))
        elif figure.name in placeholders.KNOWN:
            errors.append(DrafterError(f"“{figure.name}”是内置占位符的名称，不能用作数据名称",
                                       position=figure.position, hint="换一个名称"))
        seen.setdefault(figure.name, figure)
    for figure in seen.values():
        for name in figure.rate or []:
            other = seen.get(name)
            if other is None:
                errors.append(DrafterError(f"比率“{figure.name}”用到的数据“{name}”没有声明", position=figure.position,
                                           hint="在 figures 中声明该数据，或改正名称"))
            elif other.rate is not None:
                errors.append(DrafterError(f"比率“{figure.name}”不能用另一个比率“{name}”计算", position=figure.position,
                                           hint="rate 中写两个直接填写数值的数据"))
        if figure.rate and figure.rate[1] in seen and seen[figure.rate[1]].value == 0:
            errors.append(DrafterError(f"比率“{figure.name}”的分母“{figure.rate[1]}”为 0", position=figure.position,
                                       hint="检查分母的数值"))
    return errors


def _expand(pattern: str, main: Path, position: Position | None, errors: list[DrafterError]) -> list[tuple[Path, Path]]:
    """Files named by `pattern` (a file name or a glob), inside the report folder, by name,
    each with its links followed; a link leading out of the folder is an error.

    Windows users write "sections\\*.yaml": a backslash separates folders too.
    drafter's own folder (.drafter/) is never matched.
    """
    root = main.parent
    pattern = pattern.replace("\\", "/")
    if not pattern.strip():
        errors.append(DrafterError("sections 后面是空的", position=position,
                                   hint="写小节文件的文件名或通配符，如 sections: sections/*.yaml；没有小节就删掉这一行"))
        return []
    if _inside(pattern, main, position, errors) is None:
        return []
    found = sorted(
        (path for path in root.glob(pattern) if path.is_file() and not path.name.startswith("~$")
         and DRAFTER_FOLDER not in path.relative_to(root).parts),
        key=lambda path: path.as_posix(),
    )
    matches, refused = [], set()
    real_root, real_main = root.resolve(), main.resolve()
    folders = {root: real_root}
    for path in found:
        try:
            real = inside(root, path, real_root, folders)
        except DrafterError as exc:
            if exc.position not in refused:  # a linked folder is named once, not once a file
                errors.append(exc)
            refused.add(exc.position)
            continue
        if real != real_main:
            matches.append((path, real))
    if not matches and not refused:
        errors.append(DrafterError(
            f"“{pattern}”没有找到任何文件",
            position=position,
            hint="检查文件夹名和文件名是否写对；通配符 * 代表任意文字，如 sections/*.yaml",
        ))
    return matches
