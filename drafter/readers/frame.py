"""What a report says about itself: its title, organisation and year, where it starts and ends.

A report is recognised by what it is, not by one site's page: a title line
names a 报告 or 情况 of 法治/依法行政 work; without one, the report starts at
its addressee ("县委、县政府："), its first sentence or its first "一、"; it
ends with 特此报告, a signature and a date.  A cover letter (主送, letter
text, signature, date, then 附件 and the report's title) is not report text.
The organisation comes from the title, the signature or the first sentence's
subject ("2021年，司法部坚持……"); the year from the title, the text or the
date — never from the clock.
"""

from __future__ import annotations

import datetime
import re

from ..patterns import lazy

DATE = lazy(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
CLOSING = lazy(r"^(?:特此报告|专此报告|以上报告|妥否|现予报告)")
PART = lazy(r"^([一二三四五六七八九十]+)、\s*(.+)$")
_CJK = "\u4e00-\u9fff"
# Simplified forms of the traditional characters titles and names use (a converting mirror's text).
_TRADITIONAL = str.maketrans(
    "內區關報設況會議縣鎮鄉於務門衛獲廳總機構頭與專業開發產點華廣東蘇遼寧陝貴雲龍灣廈門齊爾烏濟陽嶺鄭漢長廠學"
    "黨堅國貫徹實際歷屆執變號動環境態經濟財稅資審計監督組織規劃這個區為並來時後說應當發佈眾體術語記錄類們從",
    "内区关报设况会议县镇乡于务门卫获厅总机构头与专业开发产点华广东苏辽宁陕贵云龙湾厦门齐尔乌济阳岭郑汉长厂学"
    "党坚国贯彻实际历届执变号动环境态经济财税资审计监督组织规划这个区为并来时后说应当发布众体术语记录类们从",
)
_ABOUT = "法治|依法行政|依法治"
_TITLE_WORDS = lazy(rf"(?:{_ABOUT}).*(?:报告|情况)$|^关于.*(?:报告|情况)$|(?:{_ABOUT}).*(?:年度报告|工作报告|情况报告)")
# The end of an organisation's name.
_ORG_END = (r"(?:人民政府|政府|委员会|办公室|办公厅|办事处|街道|分局|总局|局|厅|部|委|办|署|院|会|中心|所|队|"
            r"省|自治区|市|区|县|旗|镇|乡)")
# A name of an organisation: built into other patterns, and matched whole.
_ORG = rf"[{_CJK}（）()]{{2,24}}?{_ORG_END}"
_WHOLE_ORG = lazy(_ORG)
# A subject that stands for a name: the sentence says who by the place's level only ("省卫生健康委", "县人民政府").
_LEVELS = ("省", "市", "县", "区", "州", "镇", "乡", "自治区", "部", "委")
# A verb or preposition that follows the subject of the first sentence.
_AFTER_SUBJECT = (r"(?:坚持|深入|始终|认真|以|全面|紧紧|积极|切实|扎实|围绕|把|高度|按照|聚焦|持续|不断|在|严格|牢固|"
                  r"着力|进一步|大力|立足|强化|贯彻|主动|统筹|锚定|紧扣|坚决|继续|全力|深化|加快|推进|对照|结合|落实)")
_SHORT_FORMS = (("市场监管局", "市场监督管理局"), ("卫健委", "卫生健康委员会"), ("卫生健康委", "卫生健康委员会"))


def simplified(text: str) -> str:
    return text.translate(_TRADITIONAL)


def is_title(text: str) -> bool:
    """A report's title line: it names a 报告 of 法治 work, has no sentence in it and is not too long."""
    plain = simplified(text)
    return (len(plain) <= 70 and not re.search("[。；！？]", plain) and not plain.endswith(("：", ":"))
            and not PART.match(plain) and bool(_TITLE_WORDS.search(plain)))


# The statutory parts' headings (《法治政府建设与责任落实督察工作规定》), as offices word them.
_STATUTORY = lazy(
    r"法治政府建设(?:的|工作)?(?:主要举措和成效|主要举措与成效|存在的不足和原因|存在的问题和不足|主要安排|工作安排)"
    r"|履行推进法治建设第一责任人职责|^其他需要报告的情况")


def is_statutory_heading(text: str) -> bool:
    """A statutory part's heading on its own line: short, no sentence in it."""
    return len(text) <= 60 and not re.search("[。；，,]", text.rstrip("。")) and bool(_STATUTORY.search(simplified(text)))


def is_addressee(text: str) -> bool:
    """"县委、县政府：" — organs and a colon, alone on their line."""
    return len(text) <= 40 and text.endswith(("：", ":")) and not re.search("[。，；]", text) and not PART.match(text)


def is_signature(text: str) -> bool:
    return 2 <= len(text) <= 30 and not re.search("[。，；：:、]", text) and bool(re.search(f"{_ORG_END}$", text))


def parse_date(text: str) -> datetime.date | None:
    match = DATE.match(text)
    if match:
        try:
            return datetime.date(*map(int, match.groups()))
        except ValueError:
            return None
    return None


def full_name(name: str) -> str:
    """A place alone names its government ("静海区" → "静海区人民政府"); official short forms written out."""
    for short, full in _SHORT_FORMS:
        if name.endswith(short):
            name = name[: -len(short)] + full
    if re.search("街道$", name):
        return name + "办事处"
    if re.search("(?:省|自治区|市|区|县|旗|镇|乡)$", name):
        return name + "人民政府"
    return name


def title_organisation(title: str) -> str | None:
    """The organisation a title names: before 关于 or the year, or between the year and the subject."""
    plain = simplified(title).replace("\n", "")
    match = re.match(rf"^(?P<org>[{_CJK}（）()]+?)(?:关于)?(?:\d{{4}}|[（(]\d{{4}})", plain)
    if match and match.group("org") not in ("关于",):
        org = match.group("org").removesuffix("关于")
        return full_name(org) if _WHOLE_ORG.fullmatch(org) else None
    match = re.match(rf"^(?:关于)?\d{{4}}\s*年度?(?P<org>[{_CJK}]{{2,20}}?)(?:推进|法治|依法|关于)", plain)
    if match and _WHOLE_ORG.fullmatch(match.group("org")):
        return full_name(match.group("org"))
    match = re.match(rf"^(?P<org>[{_CJK}]{{2,24}}?{_ORG_END})(?:关于|法治|依法)", plain)
    return full_name(match.group("org")) if match else None


def subject_organisation(sentence: str) -> str | None:
    """The subject of a report's first sentence: "2021年，司法部坚持……" → 司法部."""
    plain = simplified(sentence)
    starts = [0] + [m.end() for m in re.finditer(r"(?:^|(?<=[，,。；]))(?:\d{4}\s*年(?:度|以来)?|今年以来|一年来)[，,]?", plain)]
    for start in starts:
        rest = re.sub(r"^在[^，,。]{2,60}?下[，,]", "", plain[start:])
        match = re.match(rf"^(?P<org>[{_CJK}（）()]{{2,24}}?{_ORG_END}){_AFTER_SUBJECT}", rest)
        if match and not match.group("org").startswith(("我", "本", "根据", "按照", "为")):
            return full_name(match.group("org"))
    return None


def named_in_text(relative: str, text: str) -> str | None:
    """"县人民政府" said in the first sentence, "岳阳县人民政府" written elsewhere: the name in full."""
    core = relative.removesuffix("人民政府").removesuffix("政府") if relative.endswith("政府") else relative
    for match in re.finditer(rf"(?<![{_CJK}])([{_CJK}]{{2,5}}){re.escape(relative)}", simplified(text)):
        if not re.search("[的在和与及对为是把了将我本各全]", match.group(1)):
            return match.group(1) + relative
    return core if core != relative and _WHOLE_ORG.fullmatch(core) and not is_relative(core) else None


def own_organisation(text: str, kind: str) -> str | None:
    """"我局" in the first sentence and "盐城市交通运输局" starting a later one: that name."""
    for match in re.finditer(rf"(?:^|[。；！？])([{_CJK}]{{2,16}}?{kind})(?=[被在以坚始深认全积切扎荣获先])", simplified(text)):
        name = match.group(1)
        if not name.startswith(("我", "本", "全", "各")) and not is_relative(name):
            return full_name(name)
    return None


def is_relative(name: str) -> bool:
    """A name that starts with a level ("省", "县"), not a body of it ("市委")."""
    return any(name.startswith(level) and name[len(level):len(level) + 1] != "委" for level in _LEVELS)


def year_in(text: str) -> int | None:
    """The first year a text names that is not inside a book title or a span ("（2021—2025年）")."""
    plain = re.sub(r"《[^《》]*》", "", simplified(text))
    for match in re.finditer(r"(?<![\d\-—–~至])(\d{4})\s*年(?!\s*[\-—–~至])", plain):
        value = int(match.group(1))
        if 1990 <= value <= 2200:
            return value
    return None
