"""Raw YAML data → model objects, with every mistake found at once.

msgspec converts a value to its declared type and checks its constraints,
but stops at the first mistake.  Departments must see all their mistakes in
one run, so this walker goes through the data field by field, guided by the
model's type hints, and lets msgspec judge one scalar at a time.  Each
mistake is kept with the path of the value at fault; the loader turns paths
into file, line and column.

The model marks what the YAML accepts beyond the type with `Before` (reshape
the raw value, e.g. 是 → true) and `After` (check or clean the converted
value, raising `Invalid` with a Chinese message).
"""

from __future__ import annotations

import datetime
import functools
import math
import types
import typing
from typing import Any, Callable, Literal, Union

import msgspec

from .invisible import named, visible
from .placeholders import TODO_MARK


class Invalid(ValueError):
    """A value the model refuses, with the message and hint shown to the user."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


class Before(msgspec.Struct, frozen=True):
    """Type marker: reshape the raw value before its type is checked."""

    func: Callable[[Any], Any]


class After(msgspec.Struct, frozen=True):
    """Type marker: check or clean the converted value (may raise `Invalid`)."""

    func: Callable[[Any], Any]


class Problem(msgspec.Struct):
    """One mistake: where (a path of keys and indexes), what and how to fix it."""

    path: tuple
    message: str
    hint: str
    at_key: bool = False  # the key itself is wrong, not its value
    absent: bool = False  # a required key is not there, or its value is empty


# Chinese names of the keys, used in messages: “year”（年度）.
FIELD_NAMES = {
    "organization": "单位名称", "year": "年度", "title": "标题", "date": "成文日期",
    "signature": "落款单位", "layout": "版式", "point_style": "要点编号样式",
    "preamble": "开头段落", "closing": "结束语", "parts": "各部分", "paragraphs": "段落", "sections": "小节",
    "department": "负责科室", "text": "正文", "points": "要点", "items": "分项", "fonts": "字体方案",
    "for": "所属小节", "last_year": "去年的数值或写法", "plan": "去年的计划", "continuous_numbering": "跨小节连续编号",
    "figures": "数据", "figures_from": "数据表", "name": "名称", "value": "数值", "unit": "单位", "rate": "比率",
    "decimals": "小数位数", "note": "说明", "statistics_attachment": "附数据统计表",
    "unassigned": "待分配的去年计划",
    "seal": "加盖印章", "addressee": "主送机关", "masthead": "版头", "organ": "发文机关标志", "number": "发文字号",
    "signer": "签发人", "imprint": "版记", "copy_to": "抄送机关", "printed_by": "印发机关", "printed_on": "印发日期",
}

# Key names typed in Chinese, and the key each means (“标题” → title).
CHINESE_KEYS = {chinese: key for key, chinese in FIELD_NAMES.items()} | {
    "科室": "department", "部门": "department", "内容": "text", "文字": "text", "分项内容": "items",
    "小标题": "title", "今年数值": "value", "去年数值": "last_year", "单位名称": "organization",
}

_INTEGER_HINT = "只写阿拉伯数字，如 2021，不要写“年”或汉字数字"
_NUMBER_HINT = "只写阿拉伯数字，如 178 或 21.5，不加逗号分隔和单位"
_BOOLEAN_HINT = "写 是 或 否（也可写 true 或 false）"
_DATE_HINT = "日期写成 2022-02-07 或 2022年2月7日"
_TEXT = ("{label}应为一段文字", "直接写文字；若文字以数字开头或含有冒号，请用英文双引号括起来")
# Per kind: the message for a text or number that is not one, and for anything else.
_WRONG = {
    int: (("{label}应为整数，{shown}不是", _INTEGER_HINT), ("{label}应为整数", _INTEGER_HINT)),
    float: (("{label}应为数字，{shown}不是", _NUMBER_HINT), ("{label}应为数字", _NUMBER_HINT)),
    bool: (("{label}应为“是”或“否”，{shown}不是", _BOOLEAN_HINT), ("{label}应为“是”或“否”", _BOOLEAN_HINT)),
    datetime.date: (("{label}的日期{shown}无法识别", _DATE_HINT), ("{label}应为日期", _DATE_HINT)),
    str: (_TEXT, _TEXT),
}
_MAPPING = ("{label}应为“键: 值”形式的设置", "参照示例的缩进和写法")
_LIST = ("{label}应为列表", "列表的每一项另起一行，以“- ”开头")

# Meta attributes that constrain a value (the others describe it for the JSON Schema).
_CONSTRAINTS = ("gt", "ge", "lt", "le", "multiple_of", "pattern", "min_length", "max_length")
Checker = Callable[[Any, tuple, list[Problem]], Any]
_BAD = object()  # what a checker returns for a value with a mistake


def validate(data: Any, model: type[msgspec.Struct]) -> tuple[Any, list[Problem]]:
    """The model object built from `data`, or None with every problem found."""
    problems: list[Problem] = []
    result = _checker(model)(data, (), problems)
    return (None if problems else result), problems


def _field_label(name: str) -> str:
    return f"“{name}”（{FIELD_NAMES[name]}）" if name in FIELD_NAMES else f"“{name}”"


def _problem(path: tuple, template: tuple[str, str], value: Any = None, **extra: str) -> Problem:
    field = next((x for x in reversed(path) if isinstance(x, str)), "")
    if isinstance(value, bool):
        shown = "“true”" if value else "“false”"  # as YAML writes it
    else:
        shown = f"“{value}”" if isinstance(value, (str, int, float)) else "该值"
    message, hint = template
    return Problem(path, message.format(label=_field_label(field), shown=shown, **extra), hint.format(**extra))


def _empty(path: tuple) -> Problem:
    field = next((x for x in reversed(path) if isinstance(x, str)), "")
    if isinstance(path[-1], int):
        return Problem(path, f"{FIELD_NAMES.get(field, field)}是空的（“{field}”的第 {path[-1] + 1} 项）",
                       "在“-”后写上内容，或删除这一行", absent=True)
    return Problem(path, f"{_field_label(field)}不能为空", "在冒号后填写内容，或删除这一行", absent=True)


@functools.cache
def _checker(tp: Any) -> Checker:
    """A function that checks a raw value against the type `tp` and returns the converted value."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        return _annotated(args[0], args[1:])
    if origin in (Union, types.UnionType):
        return _optional(tp, args, ())
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        return _struct(tp)
    return _annotated(tp, ())


def _annotated(inner: Any, extras: tuple) -> Checker:
    origin = typing.get_origin(inner)
    if origin in (Union, types.UnionType):  # the markers and constraints belong to the X of X | None
        return _optional(inner, typing.get_args(inner), extras)
    befores = [x.func for x in extras if isinstance(x, Before)]
    afters = [x.func for x in extras if isinstance(x, After)]
    metas = tuple(x for x in extras if isinstance(x, msgspec.Meta) and any(
        getattr(x, key) is not None for key in _CONSTRAINTS))
    if origin is list:
        check = _list(_checker(typing.get_args(inner)[0]), metas)
    elif origin is Literal:
        check = _literal(typing.get_args(inner))
    elif origin is None and isinstance(inner, type) and issubclass(inner, msgspec.Struct):
        check = _checker(inner)
    else:
        check = _scalar(inner, metas)

    def annotated(value: Any, path: tuple, problems: list[Problem]) -> Any:
        try:
            for before in befores:
                value = before(value)
            value = check(value, path, problems)
            if value is _BAD or value is None:
                return value
            for after in afters:
                value = after(value)
        except Invalid as exc:
            problems.append(Problem(path, exc.message, exc.hint))
            return _BAD
        return value

    return annotated


def _optional(tp: Any, args: tuple, extras: tuple) -> Checker:
    arms = [arm for arm in args if arm is not type(None)]
    if len(arms) != 1 or len(arms) == len(args):
        raise TypeError(f"the model may only use X | None unions, not {tp}")
    check = _checker(typing.Annotated[(arms[0], *extras)] if extras else arms[0])

    def optional(value: Any, path: tuple, problems: list[Problem]) -> Any:
        return None if value is None else check(value, path, problems)

    return optional


def _not_none(check: Checker) -> Checker:
    def not_none(value: Any, path: tuple, problems: list[Problem]) -> Any:
        if value is None:
            problems.append(_empty(path))
            return _BAD
        return check(value, path, problems)

    return not_none


def _scalar(kind: type, metas: tuple) -> Checker:
    if kind not in _WRONG:
        raise TypeError(f"the model may only use {', '.join(t.__name__ for t in _WRONG)} as plain values, not {kind}")
    target = typing.Annotated[(kind, *metas)] if metas else kind
    bounds = {key: getattr(meta, key) for meta in metas for key in ("ge", "le") if getattr(meta, key) is not None}

    @_not_none
    def scalar(value: Any, path: tuple, problems: list[Problem]) -> Any:
        if kind is float and isinstance(value, float) and not math.isfinite(value):
            problems.append(_problem(path, _WRONG[float][0], value))
            return _BAD
        if type(value) is kind and not metas:
            return value
        try:
            return msgspec.convert(value, target, strict=False)
        except msgspec.ValidationError:
            pass
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if number and "ge" in bounds and value < bounds["ge"]:
            problems.append(_problem(path, ("{label}的值{shown}太小", "检查数字是否写对"), value))
        elif number and "le" in bounds and value > bounds["le"]:
            problems.append(_problem(path, ("{label}的值{shown}太大", "检查数字是否写对"), value))
        elif isinstance(value, str) and TODO_MARK.fullmatch(value.strip()):  # a gap an import left
            problems.append(_problem(path, ("{label}还没有填写（{shown}）", _WRONG[kind][0][1]), value))
        else:
            problems.append(_problem(path, _WRONG[kind][0 if isinstance(value, (str, int, float)) else 1], value))
        return _BAD

    return scalar


def _literal(choices: tuple) -> Checker:
    @_not_none
    def literal(value: Any, path: tuple, problems: list[Problem]) -> Any:
        if value in choices and type(value) is str:
            return value
        problems.append(_problem(path, ("{label}的值{shown}不在可选范围内", "可选的值：{choices}"), value,
                                 choices="、".join(choices)))
        return _BAD

    return literal


def _list(item: Checker, metas: tuple) -> Checker:
    least = max((meta.min_length for meta in metas if meta.min_length is not None), default=0)
    most = min((meta.max_length for meta in metas if meta.max_length is not None), default=None)

    @_not_none
    def items(value: Any, path: tuple, problems: list[Problem]) -> Any:
        if not isinstance(value, list):
            problems.append(_problem(path, _LIST, value))
            return _BAD
        if len(value) < least:
            problems.append(_problem(path, ("{label}不能为空", "至少写一项") if least == 1
                                     else ("{label}至少要写 {n} 项", "按说明补全"), value, n=str(least)))
            return _BAD
        if most is not None and len(value) > most:
            problems.append(_problem(path, ("{label}只能写 {n} 项", "删去多写的项"), value, n=str(most)))
            return _BAD
        converted = [item(element, path + (i,), problems) for i, element in enumerate(value)]
        return _BAD if _BAD in converted else converted

    return items


def _like(word: str, candidates: list[str], n: int = 3) -> list[str]:
    """The candidates that look like `word`, the likest first (difflib: loaded when a mistake needs it)."""
    import difflib

    return difflib.get_close_matches(word, candidates, n=n, cutoff=0.5)


def _struct(model: type[msgspec.Struct]) -> Checker:
    fields = msgspec.structs.fields(model)
    hints = {f.name: f.type for f in fields}  # resolved, Annotated extras kept
    names = [f.encode_name for f in fields]
    plan = [(f.name, f.encode_name, f.required) for f in fields]
    checkers: dict[str, Checker] = {}  # each field's, made when first needed (a model may contain itself)

    @_not_none
    def struct(value: Any, path: tuple, problems: list[Problem]) -> Any:
        if not isinstance(value, dict):
            problems.append(_problem(path, _MAPPING, value))
            return _BAD
        unknown = [str(key) for key in value if key not in names]
        before = len(problems)
        kwargs = {}
        for name, key, required in plan:
            if key in value:
                check = checkers.get(name) or checkers.setdefault(name, _checker(hints[name]))
                kwargs[name] = check(value[key], path + (key,), problems)
            elif required and not any(_like(other, [key]) for other in unknown):
                problems.append(Problem(path + (key,), f"缺少必填项 {_field_label(key)}", f"在这一层加上一行“{key}: …”",
                                        absent=True))
        for key in unknown:
            hidden = named(f"键“{visible(key)}”", key)
            if hidden:
                problems.append(Problem(path + (key,), hidden, "这种字符常见于从网页、微信或 Word 复制的文字："
                                        "把这个键删掉，用键盘重新输入", at_key=True))
                continue
            guess = [CHINESE_KEYS[key]] if CHINESE_KEYS.get(key) in names else _like(key, names, n=1)
            problems.append(Problem(
                path + (key,), f"不认识的键“{key}”",
                (f"是不是想写“{guess[0]}”？" if guess else "") + f"这里可以写的键有：{'、'.join(names)}",
                at_key=True,
            ))
        if len(problems) > before:
            return _BAD
        try:
            return model(**kwargs)
        except Invalid as exc:
            problems.append(Problem(path, exc.message, exc.hint))
            return _BAD

    return struct
