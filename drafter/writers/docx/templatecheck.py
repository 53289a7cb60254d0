"""drafter template check: does an office's own template still give the renderer what it needs?

Reports, by the text of the paragraph where it happens, every tag that is
missing or still broken after docxtpl's repair of tags Word split across runs,
and every style the report's paragraphs use that the template lacks.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ...errors import DrafterError, Position
from ...ooxml.package import read_parts
from .template import KIND_NAMES, REQUIRED_STYLES, REQUIRED_TAGS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG = re.compile(r"\{%-?\s*(?:[prc]|tr|tc)?\s*(.*?)\s*-?%\}|\{\{\s*(?:[pr]\s+)?(.*?)\s*\}\}", re.DOTALL)


def _paragraph_texts(document: bytes) -> list[str]:
    root = ET.fromstring(document)
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def problems(path: Path) -> list[DrafterError]:
    """Everything wrong with the template at `path` (empty when it is usable)."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError
    from jinja2.sandbox import SandboxedEnvironment

    try:
        parts = read_parts(path.read_bytes())
        document = parts["word/document.xml"]
        styles = parts.get("word/styles.xml", b"")
    except (OSError, KeyError, ValueError):
        return [DrafterError("无法读取该模板", position=Position(path), hint="模板必须是 Word 的 .docx 文件")]
    found: list[DrafterError] = []

    def problem(message: str, hint: str) -> None:
        found.append(DrafterError(message, position=Position(path), hint=hint))

    # Tags broken inside one paragraph: an opening without its closing, or the reverse.
    for text in _paragraph_texts(document):
        for opening, closing in (("{%", "%}"), ("{{", "}}")):
            if text.count(opening) != text.count(closing):
                problem(f"段落“{text[:40]}”中的标签不完整：“{opening}”与“{closing}”没有成对",
                        "在 Word 中检查这一段的花括号和百分号，标签要写成 {% … %} 或 {{ … }}")
    patched = DocxTemplate.patch_xml(None, document.decode("utf-8"))
    tags = {re.sub(r"\s+", " ", (m.group(1) or m.group(2) or "").strip()) for m in _TAG.finditer(patched)}
    for needed in REQUIRED_TAGS:
        if not any(needed in tag for tag in tags):
            kind = re.search(r"'([\w-]+)'", needed)
            what = f"（{KIND_NAMES[kind.group(1)]}的段落）" if kind and kind.group(1) in KIND_NAMES else ""
            problem(f"模板缺少标签“{needed}”{what}", "从 drafter template export 导出的模板中复制含有该标签的段落")
    try:
        SandboxedEnvironment(autoescape=True).from_string(patched)
    except TemplateSyntaxError as exc:
        line = patched.splitlines()[exc.lineno - 1] if exc.lineno and exc.lineno <= len(patched.splitlines()) else ""
        near = re.sub(r"<[^>]+>", "", line)[:40]
        problem(f"模板中的标签有误：{exc.message}" + (f"（在“{near}”附近）" if near else ""),
                "检查 {% if %}/{% endif %}、{% for %}/{% endfor %} 是否成对")
    defined = set(re.findall(rb'w:styleId="([^"]+)"', styles))
    for style_id, name in REQUIRED_STYLES.items():
        if style_id.encode() not in defined:
            problem(f"模板缺少样式“{name}”（{style_id}）", "从 drafter template export 导出的模板中复制该样式，或在 Word 中新建同名样式")
    return found
