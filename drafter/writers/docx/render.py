"""Report → .docx bytes through a template, prepared once per process.

docxtpl's own `render()` re-reads and re-patches the template on every call
and re-parses its output with a forgiving parser that silently drops text.
Here a template's document part is patched by docxtpl once and rendered by
plain Python generated from it (the built-in templates, see codegen.py) or by a
sandboxed, autoescaping Jinja environment (an office's own); every rendering
is checked to be well-formed XML before it is written.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import types
import xml.parsers.expat
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import structs

from ...errors import DrafterError, Position, SourceErrors
from ...layout.blocks import Block, paragraphs, title_text
from ...layout.gbt9704 import TABLE_COLUMNS_MM
from ...layout.pages import imprint_placement
from ...model.report import Report
from ...ooxml.ns import FOOTER_TYPE, R
from ...ooxml.package import add_part, drained, read_package, utf8_chunks, zip_parts
from ...readers.reviewed import DEPARTMENT_PROPERTY, SOURCES_PROPERTY
from . import fingerprint
from .parts import (
    IMPRINT_FOOTER,
    IMPRINT_FOOTER_ID,
    core_xml,
    empty_footer_xml,
    place_imprint,
)
from .sourcemap import add_map

if TYPE_CHECKING:
    from ...layout.department import Department
    from ...readers.sources import Sources

_DOCUMENT = "word/document.xml"
_CHUNK = 1 << 20  # characters of the document part encoded at a time


def jinja_source(document_xml: str) -> str:
    """A template's document part as the Jinja source drafter compiles.

    docxtpl's patch_xml repairs tags Word split across runs and lifts the
    {%p %}/{%r %} tags out of their paragraphs and runs; it is pure text
    surgery and needs no loaded document.  The runs it empties are dropped:
    they would be debris in every paragraph of the output.
    """
    from docxtpl import DocxTemplate

    patched = DocxTemplate.patch_xml(None, document_xml)
    patched = re.sub(r"<w:r>(?:<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t(?: [^>]*)?></w:t></w:r>", "", patched)
    return _table_widths(patched)


def _table_widths(source: str) -> str:
    """The statistics table's column widths taken from the report (p.widths, computed from its
    content) where the template's table gives each of its columns a width in twips."""
    loop = source.find("for row in p.rows")
    start = source.rfind("<w:tbl>", 0, loop)
    if loop < 0 or start < 0:
        return source
    end = source.index("</w:tbl>", loop)
    table = source[start:end]

    def numbered(pattern: str, row: str) -> str:
        """Each column's width from p.widths; a column of width 0 (one the report leaves out) is not written."""
        count = iter(range(10**6))

        def width(match: re.Match) -> str:
            i = next(count)
            column = re.sub(r'w:w="\d+"', 'w:w="{{ p.widths[%d] }}"' % i, match.group(0), count=1)
            return "{%% if p.widths[%d] %%}%s{%% endif %%}" % (i, column)

        return re.sub(pattern, width, row, flags=re.DOTALL)

    table = numbered(r'<w:gridCol w:w="\d+"/>', table)
    rows = re.split(r"(?=<w:tr[ >])", table)
    table = "".join(numbered(r"<w:tc>.*?</w:tc>", row) if row.count("<w:tc>") > 1 else row for row in rows)
    return source[:start] + table + source[end:]


def for_template(blocks: list[Block]) -> list[Block]:
    """The blocks as a template's table takes them: a statistics table with as many columns as
    the template has, those the report leaves out with no width (`_table_widths`)."""
    columns = len(TABLE_COLUMNS_MM)

    def padded(row: list) -> list:
        return row + [""] * (columns - len(row))

    return [structs.replace(b, head=padded(b.head), rows=[padded(row) for row in b.rows],
                                widths=b.widths + [0] * (columns - len(b.widths))) if b.style == "table" else b
            for b in blocks]


def generated_beside(path: Path) -> Path:
    """Built-in templates ship beside them the Python the builder generated from their Jinja
    source: building a report then imports neither docxtpl (nor python-docx and lxml with it)
    nor Jinja."""
    return path.with_name(path.name + ".py")


def _generated(path: Path) -> types.ModuleType:
    module_path = generated_beside(path)
    spec = importlib.util.spec_from_file_location(f"drafter_template_{path.stem.replace('-', '_')}", module_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # bytecode cached in __pycache__ like any module's
    return module


class Template:
    """A .docx template with its document part compiled, ready to render many reports.

    An office's own template (`budgeted`) runs under a budget that scales with
    the report (see budget.py); the built-in ones are drafter's own code.
    """

    def __init__(self, path: Path, parts: dict[str, bytes], document, budgeted: bool = False):
        """`document` renders the document part: the Python generated from a built-in template
        (called with paragraphs=…, it returns the text in pieces), or an office's template compiled
        by Jinja (jinja.py)."""
        self.path = path
        self.parts = parts
        self.document = document
        self.budgeted = budgeted

    def render(self, report: Report, annotate: bool = False, final: bool = False, sources: Sources | None = None,
               department: Department | None = None) -> bytes:
        """The finished .docx for `report`; identical reports give identical bytes.

        With `final`, the file to publish: no fingerprint (no comments either).
        With `annotate`, Word comments name each section's department and
        source file and mark every gap.  The package carries a fingerprint
        of its content, so a later build can tell whether anyone edited it,
        and, given the `sources` it was loaded from, the map `drafter merge`
        reads reviewers' edits back by.  For a `department`, its own file: only its sections,
        a comment with last year's text and plan on each point, the department in the map.
        """
        if department is None:
            blocks = paragraphs(report)
        else:  # a department's own file
            from ...layout.department import department_blocks

            blocks = department_blocks(report, department)
        annotate = annotate or department is not None
        if self.budgeted:
            pieces = [self._render_own(for_template(blocks))]  # checked there: its faults are the template's
        else:
            pieces = self.document(paragraphs=for_template(blocks))
        parts = dict(self.parts)
        if report.imprint and department is None:
            pieces = [set_imprint(parts, "".join(pieces), imprint_placement(blocks))]
        # A big report's text (twice the size of its UTF-8 in memory) is never held whole: its pieces
        # are encoded a chunk at a time, and the document part stays in chunks through the zip.
        parts[_DOCUMENT] = document = list(utf8_chunks(drained(pieces), _CHUNK))  # each piece dropped once encoded
        if not self.budgeted:
            _check_well_formed(document)
        stamp = _timestamp(report)
        parts["docProps/core.xml"] = core_xml(title_text(report), report.signer, stamp).encode("utf-8")
        if annotate:
            from .comments import (
                annotate as add_comments,  # lxml: only --annotate pays for it
            )

            parts[_DOCUMENT] = b"".join(document)
            parts = add_comments(parts, blocks, stamp)
        del document
        hashes = add_map(parts, blocks, sources, department) if sources is not None and not final else None
        # The published file carries no fingerprint: it is nobody's working copy.
        properties = {SOURCES_PROPERTY: hashes} if hashes else {}
        if department is not None:
            properties[DEPARTMENT_PROPERTY] = department.name
        if not final:
            parts = fingerprint.stamp(parts, properties)
        if isinstance(parts[_DOCUMENT], list):  # all that reads it has: once in the zip, it need not stay
            parts[_DOCUMENT] = drained(parts[_DOCUMENT])
        return zip_parts(parts)


    def _render_own(self, blocks) -> str:
        """An office's template, under a budget: whatever goes wrong is the template's, said in Chinese."""
        from .budget import OverBudget, for_blocks, render
        from .contract import jinja_message

        hint = "用 drafter template check 检查该模板；或重新用 drafter template export 导出内置模板后再修改"
        try:
            document = render(self.document, for_blocks(blocks), paragraphs=blocks)
            _check_well_formed(document[start:start + _CHUNK] for start in range(0, len(document), _CHUNK))
        except OverBudget as exc:
            raise DrafterError(f"模板超出了允许的运行范围（{exc.what}），已停止", position=Position(self.path),
                               hint="模板中可能有恶意或写错的标签（如很大的循环或重复）；" + hint) from None
        except MemoryError:
            raise DrafterError("模板运行时内存不足，已停止", position=Position(self.path), hint=hint) from None
        except Exception as exc:  # noqa: BLE001 (the template's own code failed: a SecurityError, an undefined name, …)
            raise DrafterError(f"模板运行出错：{jinja_message(str(exc))}", position=Position(self.path),
                               hint=hint) from None
        return document

    def try_on_sample(self) -> None:
        """Put the template to work on the bundled sample report, under the budget a build uses
        (drafter template check): a hostile or runaway template fails here, not in a build."""
        from ...readers.sources import load_report

        self.render(load_report(SAMPLE))


SAMPLE = Path(__file__).resolve().parent / "sample.yaml"  # a report with every kind of paragraph


def set_imprint(parts: dict[str, bytes], document: str, placement: str) -> str:
    """The document part with its 版记 placed as `placement` says (parts.place_imprint), and
    the empty footer that placement may need added to the package."""
    document = place_imprint(document, placement)
    if IMPRINT_FOOTER_ID in document[document.rindex("<w:sectPr"):] and IMPRINT_FOOTER not in parts:
        add_part(parts, IMPRINT_FOOTER, empty_footer_xml().encode("utf-8"), content_type=FOOTER_TYPE,
                 rel_type=f"{R}/footer", rel_id=IMPRINT_FOOTER_ID)
    return document


def _check_well_formed(document: Iterable[str] | Iterable[bytes]) -> None:
    """Parsed a chunk at a time: expat given the whole text would copy all of it into its own buffer."""
    parser = xml.parsers.expat.ParserCreate()
    try:
        for chunk in document:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError as exc:  # a template or drafter bug, never the user's text
        raise RuntimeError(f"rendered document.xml is not well-formed: {exc}") from exc


def _timestamp(report: Report) -> str:
    """The report's own date (not the clock) for its properties and comments."""
    date = report.date
    return f"{date.isoformat()}T00:00:00Z" if date else f"{report.year + 1}-01-01T00:00:00Z"


def _read(path: Path) -> dict[str, bytes]:
    parts = read_package(path)
    try:
        parts[_DOCUMENT].decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        raise DrafterError("无法读取模板：其中没有可读的 Word 正文（word/document.xml 缺失或已损坏）",
                           position=Position(path), hint="模板必须是 Word 的 .docx 文件；在 Word 中打开后“另存为”一份新的") from None
    return parts


@functools.cache
def load_template(path: Path) -> Template:
    """A built-in template, once per process: the parts and the renderer of the Python generated
    from it (the .docx, which holds the same parts, is not unzipped)."""
    module = _generated(path)
    return Template(path, module.PARTS, module.render)


@functools.cache
def open_template(path: Path) -> Template:
    """An office's own template, once per process: read once, checked against the
    contract (every problem at once, as SourceErrors) and compiled."""
    if not path.is_file():
        raise DrafterError("找不到模板文件", position=Position(path), hint="检查文件名和路径")
    from .contract import problems  # ElementTree and
    from .jinja import (
        compile_source,  # Jinja: only an office's own template pays for them
    )

    parts = _read(path)
    source = jinja_source(parts[_DOCUMENT].decode("utf-8"))
    found = problems(path, parts, source)

    try:
        template = Template(path, parts, compile_source(path, source), budgeted=True)
    except SourceErrors as exc:
        found += exc.errors
    if found:
        raise SourceErrors(found)
    return template
