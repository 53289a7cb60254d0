"""The report model: the one structure between readers and writers.

msgspec Structs typed with what the YAML accepts; `validation` builds them
from raw data and lists every mistake at once.  The docstring under each
field is the Chinese help shown to people writing the YAML, in the JSON
Schema (schema.py reads it from this file: a build or a check makes no
annotation objects for it); its lines join without a space, as Chinese text
does.  The loader notes where each object starts in the sources
(`Node.position`).

Annotations are real objects here (no `from __future__ import annotations`):
the validator reads them on every run, and resolving strings costs start-up.
"""

import datetime
import re
from typing import Annotated, Any, Literal

from msgspec import Meta, Struct, field, structs

from ..errors import Position
from ..patterns import lazy
from .numbering import POINT_STYLES
from .validation import After, Before, Invalid

# Characters XML 1.0 cannot hold: Word could not open a document containing them (all of
# them unprintable: looked for when a text has an unprintable character, a line break say).
_XML_INVALID = lazy("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Leading and trailing blanks, including the ideographic space of pasted web text.
_EDGE_BLANKS = " \t\r\n\u3000\u00a0"


def _clean_text(value: str) -> str:
    bad = None if value.isprintable() else _XML_INVALID.search(value)
    if bad:
        raise Invalid(
            f"含有 Word 文档无法容纳的控制字符 U+{ord(bad.group(0)):04X}（第 {bad.start() + 1} 个字符处）",
            "删除该字符；它常来自从网页或其他软件复制的文字",
        )
    # A YAML block (`|`) keeps line breaks: Chinese lines join without spaces.
    lines = [line.strip(_EDGE_BLANKS) for line in value.splitlines()]
    return "".join(lines)


def _split_paragraphs(value: Any) -> Any:
    """A text block is accepted where a list of paragraphs is: one paragraph a line."""
    if isinstance(value, str):
        return [line for line in value.splitlines() if line.strip(_EDGE_BLANKS)]
    return value


def _title_lines(value: Any) -> Any:
    """Line breaks in a title are kept: they say where a long title breaks."""
    if isinstance(value, str):
        return "\n".join(_clean_text(line) for line in value.strip(_EDGE_BLANKS).splitlines())
    return value


def _chinese_date(value: Any) -> Any:
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*", value)
        if match:
            try:
                return datetime.date(*map(int, match.groups()))
            except ValueError:
                raise Invalid(f"日期“{value.strip()}”不存在", "检查月份和日子，如 2022年2月7日") from None
    return value


def date_text(date: datetime.date) -> str:
    """A date as the report writes it (GB/T 9704 §7.3.5.4): Arabic numerals, the full year, no leading zeros."""
    return f"{date.year}年{date.month}月{date.day}日"


def _as_list(value: Any) -> Any:
    """One organ may be written as a plain text where a list is accepted."""
    return [value] if isinstance(value, str) else ([] if value is None else value)


def _yes_no(value: Any) -> Any:
    """是/否 are how people answer a yes-or-no setting in Chinese."""
    return {"是": True, "否": False}.get(value.strip(), value) if isinstance(value, str) else value


Flag = Annotated[bool, Before(_yes_no)]


def _point_style(value: Any) -> Any:
    # `point_style: 1.` unquoted reads as the number 1.0 in YAML.
    return "1." if value == 1 and not isinstance(value, bool) else value


Text = Annotated[str, After(_clean_text)]


def _whole(value: float) -> float | int:
    return int(value) if value.is_integer() else value


# A count or an amount: 178 stays 178, 326.5 stays 326.5.
Number = Annotated[float, After(_whole)]


class Node(Struct, forbid_unknown_fields=True, omit_defaults=True, dict=True):
    """A model object; the loader notes where it starts in the sources.

    Subclasses take keyword arguments only (`kw_only=True`), so required and
    optional fields can be listed in the order people read them.
    """

    @property
    def position(self) -> Position | None:
        """Where this object starts in the sources (set by the loader)."""
        return self.__dict__.get("_position")

    @position.setter
    def position(self, value: Position | None) -> None:
        self.__dict__["_position"] = value

    def __deepcopy__(self, memo: dict) -> "Node":
        """A deep copy that keeps the positions (msgspec's own copy drops `__dict__`)."""
        import copy  # loaded by the first deep copy: reading and building make none

        new = structs.replace(self, **{name: copy.deepcopy(getattr(self, name), memo) for name in self.__struct_fields__})
        new.__dict__.update(self.__dict__)  # positions are immutable: shared, not copied
        return new


def _text_only(value: Any) -> Any:
    """A plain text stands for an item with only its text."""
    return {"text": value} if isinstance(value, str) else value


class Paragraph(Node, kw_only=True):
    """一段文字（开头段落或某一部分中的段落）。"""

    text: Text
    """段落文字"""
    for_: str | None = field(default=None, name="for")
    """（用于“下一步工作计划”）这项计划属于哪个小节：写小节文件名（如 02-制度体系）或小节标题；
    drafter next 据此把它放进明年该小节，提醒科室汇报落实情况"""
    last_year: str | None = None
    """去年的写法，仅供参考，不会印在报告里（drafter next 生成）"""


Paragraphs = Annotated[list[Annotated[Paragraph, Before(_text_only)]], Before(_split_paragraphs)]


class LastYear(Node, kw_only=True):
    """去年这一要点的写法（drafter next 生成），仅供参考，不会印在报告里。"""

    title: str | None = None
    """去年的要点标题；与今年的 title 相同时，检查会提示确认是否沿用"""
    text: str | None = None
    """去年的正文，数据照原样写成【名称】"""
    items: list[str] = field(default_factory=list)
    """去年的分项"""


class Point(Node, kw_only=True):
    """一是、二是……（或 1. 2. ……）：小节中的一个要点。"""

    title: Text | None = None
    """要点的开头一句，如“突出地方立法特色”；不写编号和句号"""
    department: Text | None = None
    """负责该要点的科室（与小节不同时填写）"""
    text: Text | None = None
    """要点的正文"""
    items: list[Text] = field(default_factory=list)
    """要点下的分项，编号为（1）（2）……"""
    last_year: Annotated[LastYear | None, Before(_text_only)] = None
    """去年这一要点的标题和正文，仅供参考，不会印在报告里（drafter next 生成）；填好今年的内容后可以删除"""
    plan: str | None = None
    """去年计划中要求今年落实的事项，仅供参考，不会印在报告里（drafter next 生成）"""

    def __post_init__(self) -> None:
        if not (self.title or self.text or self.items):
            raise Invalid("要点是空的", "至少写上 title（开头一句）或 text（正文），或删除这个要点")


class Figure(Node, kw_only=True):
    """一个数据：数一次，写进文字时用【名称】引用；比率和同比由程序计算。"""

    name: Text
    """数据名称，如“复议案件数”；文字中写【复议案件数】引用"""
    value: Number | None = None
    """今年的数值，只写阿拉伯数字；不写表示待填写"""
    unit: Text | None = None
    """单位，如“宗”“件”“%”（只用于统计表，文字中的单位照常写在正文里）"""
    last_year: Number | None = None
    """去年的数值（drafter next 自动带入），用于【名称:同比】"""
    year: Annotated[int, Meta(ge=1949, le=2200)] | None = None
    """数值所属的固定年份（如逐年的考评名次“2018年第20名”）：
    统计表中按这一年列出，不与去年比较；drafter next 原样保留，不再要求填写"""
    rate: Annotated[list[str], Meta(min_length=2, max_length=2)] | None = None
    """由两个数据计算的百分比：[分子名称, 分母名称]，如 [直接纠正案件数, 作出处理决定案件数]"""
    decimals: Annotated[int, Meta(ge=0, le=6)] | None = None
    """保留几位小数（四舍五入）；比率默认 2 位"""
    note: str | None = None
    """说明，仅供参考，不会印在报告里"""

    def __post_init__(self) -> None:
        if self.rate is not None and self.value is not None:
            raise Invalid(f"数据“{self.name}”同时写了 value 和 rate",
                          "比率由 rate 计算，不要再写 value；或删除 rate 直接写数值")
        if self.year is not None and self.last_year is not None:
            raise Invalid(f"数据“{self.name}”写了固定年份 year，又写了去年数值 last_year",
                          "固定年份的数据不与去年比较：删除 last_year，或删除 year")


class Section(Node, kw_only=True):
    """（一）（二）……：第一部分中的一个小节，通常由一个科室负责。"""

    title: Text
    """小节标题，如“持续完善依法行政制度体系”；不写编号和句号"""
    department: Text | None = None
    """负责本小节的科室"""
    text: Text | None = None
    """小节标题后、要点前的导语（可选）"""
    points: list[Point] = field(default_factory=list)
    """要点列表，编号自动生成"""
    figures: list[Figure] = field(default_factory=list)
    """本小节用到的数据（数值、单位、去年数值）"""
    figures_from: str | None = None
    """从表格读取数据：CSV 或 XLSX 文件，列为 名称、数值、单位、去年数值"""


class Part(Node, kw_only=True):
    """一、二、三……：报告的一个部分。"""

    title: Text
    """部分标题，如“存在问题”；不写编号"""
    paragraphs: Paragraphs = field(default_factory=list)
    """本部分的段落（每项一段）"""
    sections: list[Section] = field(default_factory=list)
    """本部分的小节"""
    points: list[Point] = field(default_factory=list)
    """本部分直接列出的要点（没有（一）（二）小节时，如“一是……”紧接在部分标题下），编号自动生成"""


class Masthead(Node, kw_only=True):
    """版头（红头）：发文机关标志、发文字号、签发人（GB/T 9704 第 7.2 条）。"""

    organ: Text
    """发文机关标志，如“清远市司法局文件”或“清远市司法局”；红色小标宋居中"""
    number: Text | None = None
    """发文字号，如“清司〔2022〕3号”：年份用六角括号〔〕，序号不编虚位、不加“第”"""
    signer: Text | None = None
    """签发人姓名（上报的公文即上行文填写），与发文字号排在同一行"""


Organs = Annotated[list[Text], Before(_as_list)]
Date = Annotated[datetime.date, Before(_chinese_date)]


class Imprint(Node, kw_only=True):
    """版记：抄送机关、印发机关和印发日期，排在最后一个偶数页的底部（GB/T 9704 第 7.4 条）。"""

    copy_to: Organs = field(default_factory=list)
    """抄送机关，如 [市委依法治市办, 省司法厅]；按机关的性质和级别依次排列"""
    printed_by: Text
    """印发机关，一般是发文机关的办公厅（室），如“清远市司法局办公室”"""
    printed_on: Date
    """印发日期，如 2022-02-08，一般在成文日期当天或之后"""


class Report(Node, kw_only=True):
    """一份法治政府建设年度报告。"""

    organization: Text
    """报告单位名称，如“清远市司法局”"""
    year: Annotated[int, Meta(ge=1949, le=2200)]
    """报告年度，写数字，如 2021"""
    title: Annotated[str | None, Before(_title_lines)] = None
    """报告标题；不写则为“【单位】【年度】年法治政府建设年度报告”；换行处即标题的断行处"""
    date: Date | None = None
    """成文日期，如 2022-02-07"""
    signature: Organs = field(default_factory=list)
    """落款单位；不写则与 organization 相同。联合行文写成列表，主办机关在前，如 [中共某市委员会, 某市人民政府]"""
    seal: Flag = False
    """true：加盖印章（成文日期右空四字，署名以成文日期为准居中，GB/T 9704 第 7.3.5.1 条）"""
    masthead: Masthead | None = None
    """作为正式公文报送时的红头（版头）"""
    imprint: Imprint | None = None
    """作为正式公文印发时的版记（抄送、印发机关和印发日期）"""
    addressee: Text | None = None
    """主送机关，如“市委、市政府”；标题下空一行顶格编排，末尾自动加全角冒号"""
    layout: Literal["run-in", "paragraph"] = "run-in"
    """run-in：小节标题与要点接排在一段；paragraph：标题、要点各占一段"""
    fonts: Literal["gov", "windows"] = "gov"
    """字体方案：gov（仿宋_GB2312、楷体_GB2312、黑体、方正小标宋简体，
    机关电脑常用）；windows（仿宋、楷体、黑体、宋体加粗标题，Windows 自带）"""
    point_style: Annotated[Literal[POINT_STYLES], Before(_point_style)] = "一是"  # type: ignore[valid-type]
    """要点编号样式：一是（一是、二是……）或 1.（1. 2. 3.）"""
    continuous_numbering: Flag = False
    """true：要点编号跨小节连续（第二节接着第一节往下编）；默认每个小节从头编号"""
    preamble: Paragraphs = field(default_factory=list)
    """标题后、第一部分前的开头段落"""
    parts: Annotated[list[Part], Meta(min_length=1)]
    """报告的各部分，按顺序排列"""
    closing: Paragraphs = field(default_factory=list)
    """最后一部分之后、落款之前的结束语，如“特此报告。”"""
    figures: list[Figure] = field(default_factory=list)
    """开头段落等处用到的数据"""
    figures_from: str | None = None
    """从表格读取数据：CSV 或 XLSX 文件，列为 名称、数值、单位、去年数值"""
    statistics_attachment: Flag = False
    """true：在报告后附“附件1 主要数据统计表”（今年与去年对比）"""
    unassigned: list[str] = field(default_factory=list)
    """去年计划中没有指明所属小节的事项（drafter next 生成），
    不会印在报告里：请把每一项作为 plan 移到负责的小节的要点中，然后从这里删除"""

    @property
    def signers(self) -> list[str]:
        """The organs that sign, the lead one first."""
        return self.signature or [self.organization]

    @property
    def signer(self) -> str:
        return "、".join(self.signers)
