"""Report → .docx bytes through a docxtpl template, compiled once per process.

docxtpl's own `render()` re-reads and re-patches the template on every call
and re-parses its output with a forgiving parser that silently drops text.
Here the template's document part is patched by docxtpl once, compiled by a
sandboxed, autoescaping Jinja environment once, and every rendering is
checked to be well-formed XML before it is written.
"""

from __future__ import annotations

import functools
import re
import xml.parsers.expat
from importlib import resources
from pathlib import Path

from .errors import DrafterError, Position
from .model import Report
from .package import read_parts, zip_parts
from .template_builder import GOVERNMENT_FONTS, core_xml, template_name
from .view import paragraphs, title_text

_DOCUMENT = "word/document.xml"


def builtin_template(font_set: str = GOVERNMENT_FONTS.name) -> Path:
    """The built-in template for a font set: inside the installed package, or templates/ in a checkout."""
    name = template_name(font_set)
    packaged = resources.files("drafter") / "templates" / name
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "templates" / name


class Template:
    """A .docx template with its document part compiled, ready to render many reports."""

    def __init__(self, path: Path):
        from docxtpl import DocxTemplate
        from jinja2 import StrictUndefined, TemplateSyntaxError
        from jinja2.sandbox import SandboxedEnvironment

        self.path = path
        try:
            self.parts = read_parts(path.read_bytes())
            source = self.parts[_DOCUMENT].decode("utf-8")
        except (OSError, KeyError, ValueError) as exc:
            raise DrafterError(
                f"无法读取模板（{exc}）", position=Position(path), hint="确认模板是 Word 的 .docx 文件"
            ) from None
        # patch_xml is docxtpl's repair of tags that Word split across runs and of
        # {%p %}/{%r %} tags; it is pure text surgery and needs no loaded document.
        patched = DocxTemplate.patch_xml(None, source)
        # Lifting {%r %} tags out of their runs leaves empty runs behind: debris
        # in every paragraph of the output, so drop them from the compiled source.
        patched = re.sub(r"<w:r>(?:<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t(?: [^>]*)?></w:t></w:r>", "", patched)
        environment = SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
        try:
            self.document = environment.from_string(patched)
        except TemplateSyntaxError as exc:
            raise DrafterError(
                f"模板中的标签有误（{exc.message}）", position=Position(path), hint="检查模板中 {% %} 标签是否成对"
            ) from None

    def render(self, report: Report) -> bytes:
        """The finished .docx for `report`; identical reports give identical bytes."""
        document = self.document.render(paragraphs=paragraphs(report))
        _check_well_formed(document)
        parts = dict(self.parts)
        parts[_DOCUMENT] = document.encode("utf-8")
        parts["docProps/core.xml"] = _properties(report).encode("utf-8")
        return zip_parts(parts)


def _check_well_formed(document: str) -> None:
    parser = xml.parsers.expat.ParserCreate()
    try:
        parser.Parse(document, True)
    except xml.parsers.expat.ExpatError as exc:  # a template or drafter bug, never the user's text
        raise RuntimeError(f"rendered document.xml is not well-formed: {exc}") from exc


def _properties(report: Report) -> str:
    """Title and author from the report; its date instead of the clock."""
    date = report.date
    stamp = f"{date.isoformat()}T00:00:00Z" if date else f"{report.year + 1}-01-01T00:00:00Z"
    return core_xml(title_text(report), report.signer, stamp)


@functools.cache
def load_template(path: Path) -> Template:
    """The compiled template at `path`, once per process."""
    return Template(path)
