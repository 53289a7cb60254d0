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

from . import fingerprint
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

    def render(self, report: Report, annotate: bool = False) -> bytes:
        """The finished .docx for `report`; identical reports give identical bytes.

        With `annotate`, Word comments name each section's department and
        source file and mark every gap.  The package carries a fingerprint
        of its content, so a later build can tell whether anyone edited it.
        """
        blocks = paragraphs(report)
        document = self.document.render(paragraphs=blocks)
        _check_well_formed(document)
        parts = dict(self.parts)
        parts[_DOCUMENT] = document.encode("utf-8")
        stamp = _timestamp(report)
        parts["docProps/core.xml"] = core_xml(title_text(report), report.signer, stamp).encode("utf-8")
        if annotate:
            from .comments import annotate as add_comments

            parts = add_comments(parts, blocks, stamp)
        return zip_parts(fingerprint.stamp(parts))


def _check_well_formed(document: str) -> None:
    parser = xml.parsers.expat.ParserCreate()
    try:
        parser.Parse(document, True)
    except xml.parsers.expat.ExpatError as exc:  # a template or drafter bug, never the user's text
        raise RuntimeError(f"rendered document.xml is not well-formed: {exc}") from exc


def _timestamp(report: Report) -> str:
    """The report's own date (not the clock) for its properties and comments."""
    date = report.date
    return f"{date.isoformat()}T00:00:00Z" if date else f"{report.year + 1}-01-01T00:00:00Z"


@functools.cache
def load_template(path: Path) -> Template:
    """The compiled template at `path`, once per process."""
    return Template(path)
