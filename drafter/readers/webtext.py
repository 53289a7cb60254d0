"""A web page's text → the report's lines, with the website's own text taken out and listed.

Websites add lines of their own around a report (navigation, the column
name, date/source/hits rows, print and share links, the page header's date)
and sometimes into it: metadata glued to the title line, a watermark repeated
inside the text, pinyin inserted after characters by a converting mirror.
Everything removed here is returned, so the importer can list it; a line is
only removed when its whole text is the website's (or a glued tail that is).
"""

from __future__ import annotations

import re

from ..patterns import lazy
from .frame import simplified

BLANKS = " \t\r\n\u3000\u00a0\u2002\u2003\u200b"
_BULLET = "•·●◆■▪►>＞|｜"
# The patterns are compiled on first use (by re's cache), not when `drafter check` loads this module:
# a report's own paragraphs are mostly too long to be a website's line, and never meet them.
# The start of a line the website writes about the page (not the report).
_META_WORDS = (
    r"(?:文章|信息|稿件)?来源|发布(?:时间|日期|机构|单位|者)|更新(?:时间|日期)|发文(?:日期|机关|字号)|成文日期|"
    r"索引号|文号|主题分类|公开(?:方式|范围|时限|日期)|栏目|所属栏目|点击(?:数|量|率)?|浏览(?:次数|量)?|访问量|阅读(?:次数|量)?|"
    r"作者|编辑|责任编辑|审核|字号|字体|分享到|扫一扫|打印|关闭|收藏|日期|时间"
)
_META = lazy(rf"^【?\s*(?:{_META_WORDS})\s*(?:[:：]|】|$)")
_NAVIGATION = lazy(
    r"^(?:今天是|您(?:当前)?(?:所在)?的?位置|当前位置|首页\s*[>＞]|无障碍|简体|繁体|English|打印本页|关闭窗口|"
    r"【\s*(?:打印|关闭|大|中|小)|上一篇|下一篇|相关(?:链接|阅读|文章)|附件下载|标题[:：]|网站(?:地图|首页)|"
    r"返回顶部|设为首页|加入收藏|扫一扫|手机(?:版|打开|阅读)|\[?\s*(?:大|中|小)\s*\]?$)"
)
# A page header's date: "天津市静海区人民政府 2019年12月3日星期二".
_PAGE_DATE = lazy(r"\d{4}\s*[年/-]\s*\d{1,2}\s*[月/-]\s*\d{1,2}\s*日?\s*(?:星期|周)[一二三四五六日天]")
# A title line with the page's metadata after it: "……情况报告 信息来源: 发布时间:2024-01-02".
_GLUED_META = lazy(rf"\s+(?:{_META_WORDS})\s*[:：].*$")
# Pinyin a converting mirror put after characters: "內(nèi)蒙古".
_PINYIN = lazy(r"(?<=[\u4e00-\u9fff])\([a-zA-Zàáǎāèéěēìíǐīòóǒōùúǔūǖǘǚǜüńňǹḿ]{1,7}\)")
_DOMAIN = lazy(r"(?i)(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org)(?:\.cn)?")


def is_website_line(text: str) -> bool:
    """A website's own line (navigation, date/source/hits, print/share links) rather than the report's."""
    text = simplified(text.strip(BLANKS).lstrip(_BULLET).strip(BLANKS))
    if len(text) > 100 or not text:
        return False
    if _META.search(text) or _NAVIGATION.search(text):
        return True
    if _PAGE_DATE.search(text) and len(text) <= 40:
        return True
    # a row of metadata fields: "栏目:政策文件 发布时间:2023-01-12", "点击数:人次"
    return bool(re.search(rf"(?:^|\s)(?:{_META_WORDS})\s*[:：]", text)) and "。" not in text


def split_glued_metadata(text: str) -> tuple[str, str | None]:
    """A title line with metadata after it → (the title, the metadata) when the rest is the title's."""
    match = _GLUED_META.search(text)
    if match and match.start() >= 6 and "。" not in text[: match.start()]:
        return text[: match.start()], text[match.start():]
    return text, None


def remove_pinyin(text: str) -> tuple[str, list[str]]:
    found = _PINYIN.findall(text)
    return (_PINYIN.sub("", text), found) if found else (text, [])


def watermarks(text: str) -> list[str]:
    """Text a site repeats inside the report: the same words ending in a domain, twice or more."""
    ends: dict[str, list[int]] = {}
    for match in _DOMAIN.finditer(text):
        ends.setdefault(match.group(0), []).append(match.start())
    found = []
    for domain, starts in ends.items():
        if len(starts) < 2:
            continue
        before = [text[max(0, s - 24): s] for s in starts]
        common = ""
        for k in range(1, min(map(len, before)) + 1):
            if len({b[-k:] for b in before}) != 1 or not re.match(r"[\u4e00-\u9fff—\-·|｜]", before[0][-k]):
                break
            common = before[0][-k:]
        found.append(common + domain)
    return found


def flattened(text: str) -> list[str]:
    """A whole report copied as one line → its paragraphs, split before 一、 （一） after a sentence's end."""
    if len(text) < 400:
        return [text]
    text = re.sub(r"(?<=[。；：:！？”])(?=(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]))", "\n", text)
    # the title in front of the first sentence: "……情况的报告2023年，省政府……"
    text = re.sub(r"^(.{8,60}?报告)(?=\d{4}年)", "\\1\n", text)
    return text.split("\n")
