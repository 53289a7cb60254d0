"""The template contract: what the renderer needs from any template, an office's own included.

The built-in templates are generated to it; an office's own is checked
against it (`drafter template check`, and `build --template`), which reports,
by the text of the paragraph where it happens, every tag that is missing or
still broken after docxtpl's repair of tags Word split across runs, and every
style the report's paragraphs use that the template lacks.
"""

from __future__ import annotations

import re
from pathlib import Path

from ...errors import DrafterError, Position
from ...layout.gbt9704 import TABLE_COLUMNS_MM
from ...ooxml.ns import W_TAG
from ...patterns import lazy

# Paragraph kinds in the order the template shows them; `None` is the body.
PARAGRAPH_STYLES = {
    "title": "Title",
    "heading1": "Heading1",
    "heading2": "Heading2",
    "section": "SectionParagraph",
    "addressee": "Addressee",
    "signature": "Signature",
    "date": "DocumentDate",
    "attachment-label": "AttachmentLabel",
    "masthead": "Masthead",
    "masthead-long": "MastheadLong",
    "masthead-longer": "MastheadLonger",
    "number": "DocumentNumber",
    "number-up": "DocumentNumberUp",
    # The body's last paragraph(s) before the 落款, kept on the 落款's page (7.3.5.5).
    "body-keep": "BodyKeep",
    "section-keep": "SectionParagraphKeep",
    "table": None,  # the statistics table: a table, not a paragraph
    "imprint": None,  # the 版记: a page of its own at the end
    None: "Normal",
}

# What the renderer needs from any template (an office's own included): the
# tags of the paragraph and run prototypes and the styles they use.
KIND_NAMES = {
    "title": "标题", "heading1": "一级标题（一、）", "heading2": "二级标题（（一））", "section": "接排的小节段落",
    "addressee": "主送机关", "masthead": "发文机关标志", "masthead-long": "较长的发文机关标志", "masthead-longer": "很长的发文机关标志",
    "number": "发文字号", "number-up": "发文字号和签发人",
    "signature": "发文机关署名", "date": "成文日期", "attachment-label": "附件标识", "table": "数据统计表",
    "imprint": "版记",
    "body-keep": "正文末段", "section-keep": "接排的小节末段",
}
# Kinds an office's older template may lack: their paragraphs then take the body's prototype
# (the template's `else`), losing only the keep with the 落款.
OPTIONAL_KINDS = ("body-keep", "section-keep")
RUN_KINDS = ("heading", "lead", "todo", "break", "tab", "signer")
REQUIRED_TAGS = (
    ["for p in paragraphs", "for r in p.runs", "r.text", "for row in p.rows"]
    + [f"p.style == '{kind}'" for kind in KIND_NAMES if kind not in OPTIONAL_KINDS]
    + [f"r.kind == '{kind}'" for kind in RUN_KINDS]
    + [f"p.head[{i}]" for i in range(len(TABLE_COLUMNS_MM))] + [f"row[{i}]" for i in range(len(TABLE_COLUMNS_MM))]
    + ["if p.runs"]
)
REQUIRED_STYLES = {
    "Title": "标题", "Heading1": "一级标题", "Heading2": "二级标题", "SectionParagraph": "二级标题段落",
    "Signature": "发文机关署名", "DocumentDate": "成文日期", "Addressee": "主送机关",
    "Masthead": "发文机关标志", "MastheadLong": "较长的发文机关标志", "MastheadLonger": "很长的发文机关标志",
    "DocumentNumber": "发文字号",
    "DocumentNumberUp": "发文字号（上行文）", "SignerName": "签发人姓名", "AttachmentLabel": "附件标识", "Normal": "正文",
    "TableText": "表格文字", "TableHeading": "表格标题行", "SectionTitle": "二级标题（接排）",
    "PointLead": "要点开头", "TodoMark": "待填写", "Footer": "页脚",
    "ImprintCopyTo": "版记抄送", "ImprintPrinted": "版记印发", "ImprintEnd": "版记末段",
}



# A Jinja tag as docxtpl writes it.
_TAG = lazy(r"\{%-?\s*(?:[prc]|tr|tc)?\s*(.*?)\s*-?%\}|\{\{\s*(?:[pr]\s+)?(.*?)\s*\}\}", re.DOTALL)


def _paragraph_texts(document: bytes) -> list[str]:
    import xml.etree.ElementTree as ET  # only a check of an office's template parses its XML

    root = ET.fromstring(document)  # raises ET.ParseError, a SyntaxError
    return ["".join(t.text or "" for t in p.iter(f"{W_TAG}t")) for p in root.iter(f"{W_TAG}p")]


def problems(path: Path, parts: dict[str, bytes], source: str) -> list[DrafterError]:
    """Everything wrong with the template read from `path` as `parts`, whose document
    part docxtpl turned into the Jinja `source` (empty when it is usable)."""
    found: list[DrafterError] = []

    def problem(message: str, hint: str) -> None:
        found.append(DrafterError(message, position=Position(path), hint=hint))

    try:
        texts = _paragraph_texts(parts["word/document.xml"])
    except SyntaxError:  # ElementTree's ParseError: ElementTree itself is loaded only for this check
        return [DrafterError("模板的正文（word/document.xml）已损坏，不是有效的 XML", position=Position(path),
                             hint="在 Word 中打开该模板后“另存为”一份新的 .docx；或重新用 drafter template export 导出")]
    # Tags broken inside one paragraph: an opening without its closing, or the reverse.
    for text in texts:
        for opening, closing in (("{%", "%}"), ("{{", "}}")):
            if text.count(opening) != text.count(closing):
                problem(f"段落“{text[:40]}”中的标签不完整：“{opening}”与“{closing}”没有成对",
                        "在 Word 中检查这一段的花括号和百分号，标签要写成 {% … %} 或 {{ … }}")
    tags = {re.sub(r"\s+", " ", (m.group(1) or m.group(2) or "").strip()) for m in _TAG.finditer(source)}
    for needed in REQUIRED_TAGS:
        if not any(needed in tag for tag in tags):
            kind = re.search(r"'([\w-]+)'", needed)
            what = f"（{KIND_NAMES[kind.group(1)]}的段落）" if kind and kind.group(1) in KIND_NAMES else ""
            problem(f"模板缺少标签“{needed}”{what}", "从 drafter template export 导出的模板中复制含有该标签的段落")
    defined = set(re.findall(rb'w:styleId="([^"]+)"', parts.get("word/styles.xml", b"")))
    for style_id, name in REQUIRED_STYLES.items():
        if style_id.encode() not in defined:
            problem(f"模板缺少样式“{name}”（{style_id}）", "从 drafter template export 导出的模板中复制该样式，或在 Word 中新建同名样式")
    return found


def syntax_problem(path: Path, source: str, exc) -> DrafterError:
    """A Jinja syntax error in the template's `source`, placed by the text near it."""
    lines = source.splitlines()
    line = lines[exc.lineno - 1] if exc.lineno and exc.lineno <= len(lines) else ""
    near = re.sub(r"<[^>]+>", "", line)[:40]
    return DrafterError(f"模板中的标签有误：{jinja_message(exc.message or '')}" + (f"（在“{near}”附近）" if near else ""),
                        position=Position(path), hint="检查 {% if %}/{% endif %}、{% for %}/{% endfor %} 是否成对")


# Jinja's messages about a template, in Chinese (the English never reaches the user).
_JINJA_MESSAGES = [
    (r"Encountered unknown tag '([^']+)'", "不认识的标签“{0}”"),
    (r"Unexpected end of template.*?looking for the following tags: (.+?)\.", "标签没有结束，缺少 {0}"),
    (r"Unexpected end of template", "标签没有结束"),
    (r"unexpected '([^']+)'", "出现了多余的“{0}”"),
    (r"expected token '([^']+)', got '([^']+)'", "标签中“{1}”处写法有误"),
    (r"'([^']+)' is undefined", "用到了 drafter 不提供的名称“{0}”"),
    (r"access to attribute '([^']+)'", "不允许访问“{0}”"),
]


def jinja_message(text: str) -> str:
    """A Jinja error message in Chinese; one drafter has no words for becomes a general one."""
    for pattern, chinese in _JINJA_MESSAGES:
        match = re.search(pattern, text, re.DOTALL)
        if match:
            return chinese.format(*(group.replace("'", "") for group in match.groups()))
    return "标签的写法无法识别"
