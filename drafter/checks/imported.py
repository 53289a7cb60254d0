"""Warnings about what an import probably got wrong.

A report imported from a web page can carry the page's mistakes: a
sentence taken for the title or the organisation, a website line kept as a
preamble paragraph, a part the importer had to make up, a year that does
not match the title.  These rules look for those signs in any report (a
hand-written one rarely shows them) and say where to look.
"""

from __future__ import annotations

from ..errors import DrafterWarning
from ..model.placeholders import TODO_MARK
from ..readers.frame import is_relative, simplified, year_in
from ..readers.sources import Sources
from ..readers.texts import Texts
from ..readers.webtext import is_website_line

SUSPICIOUS = "imported"  # the kind of these warnings
_TITLE_CHARS = 60
_MADE_UP_PARTS = ("正文",)


def _marked(text: str) -> bool:
    """A 【待填写】 or 【待审核】 mark in `text`: what it stands for is not filled in yet."""
    return "【" in text and bool(TODO_MARK.search(text))


def imported_warnings(sources: Sources) -> list[DrafterWarning]:
    report, texts = sources.report, Texts(sources)
    warnings = []

    def warn(message: str, path: tuple, hint: str) -> None:
        warnings.append(DrafterWarning(message, position=texts.position(path), hint=hint, kind=SUSPICIOUS))

    title = (report.title or "").replace("\n", "")
    if title and not _marked(title):
        if len(title) > _TITLE_CHARS:
            warn(f"标题有 {len(title)} 个字，可能把正文的句子当成了标题", ("title",),
                 "核对 title；网页上没有标题行时可删去 title，由单位和年度生成标题")
        elif not any(word in simplified(title) for word in ("报告", "情况")):
            warn(f"标题“{title}”中没有“报告”或“情况”，可能是网页的栏目名或正文", ("title",),
                 "核对 title，写上报告的完整标题")
        title_year = year_in(title)
        if title_year and isinstance(report.year, int) and abs(title_year - report.year) > 1:
            warn(f"标题中的年度是 {title_year} 年，year 却是 {report.year}", ("year",), "核对 year 与标题")
    organization = report.organization
    if not _marked(organization):
        if any(mark in organization for mark in "，。；：！？") or len(organization) > 30:
            warn(f"单位名称“{organization[:20]}”像是一句话", ("organization",), "只写单位的全称，如“清远市司法局”")
        elif "年" in organization or any(organization[i:i + 4].isdecimal() for i in range(len(organization) - 3)):
            warn(f"单位名称“{organization}”中含有年份", ("organization",), "只写单位的全称，年度写在 year 中")
        elif is_relative(organization):
            warn(f"单位名称“{organization}”只写了级别，没有地名", ("organization",),
                 "写上单位的全称，如“湖北省人民政府”")
    for index, part in enumerate(report.parts):
        if part.title in _MADE_UP_PARTS:
            warn(f"第{index + 1}部分的标题是“{part.title}”：导入时没有找到部分标题", ("parts", index, "title"),
                 "按原文分成“一、”“二、”……各部分，写上部分标题")
    for index, paragraph in enumerate(report.preamble):
        if is_website_line(paragraph.text):
            warn(f"开头段落“{paragraph.text[:30]}”像是网页上的文字（来源、发布时间、导航等）",
                 ("preamble", index),
                 "不是报告的内容就删去这一段")
    return warnings
