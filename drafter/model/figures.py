"""Figures as data: counted once, referred to as 【名称】, rates and changes computed.

Rounding is 四舍五入 (half up), as Chinese statistics round; a number is
written without thousands separators (211652件), as reports write them.
Rates are percentages of two figures, two decimals unless set; year-on-year
changes read "同比增长12.4%" for counts and "上升3.1个百分点" for rates, one
decimal unless set.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from msgspec import Struct

from .placeholders import GAP
from .report import Figure, Report

RATE_DECIMALS = 2
CHANGE_DECIMALS = 1


def round_half_up(value: float, decimals: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(value: float, decimals: int | None = None) -> str:
    """178 → "178"; 326.5 → "326.5"; with decimals=2, 21.0144 → "21.01"."""
    if decimals is None:
        if float(value).is_integer():
            return str(int(value))
        return format(Decimal(repr(value)).normalize(), "f")
    return format(round_half_up(value, decimals), "f")


class Value(Struct):
    """A figure as the text shows it: this year, last year, whether it is a rate."""

    figure: Figure
    this_year: float | None
    last_year: float | None
    percent: bool

    @property
    def decimals(self) -> int | None:
        return self.figure.decimals if self.figure.decimals is not None else (RATE_DECIMALS if self.percent else None)

    def text(self, value: float | None) -> str:
        if value is None:
            return GAP
        return format_number(value, self.decimals) + ("%" if self.percent else "")

    def signed_change(self) -> str:
        """The change as a table shows it: "+8.9%", "-1.2个百分点", "0"."""
        if self.this_year is None or self.last_year is None:
            return "—"
        decimals = self.figure.decimals if self.figure.decimals is not None else CHANGE_DECIMALS
        if self.percent:
            delta, unit = round_half_up(self.this_year - self.last_year, decimals), "个百分点"
        elif self.last_year == 0:
            return "—"
        else:
            delta, unit = round_half_up((self.this_year - self.last_year) / abs(self.last_year) * 100, decimals), "%"
        return "0" if delta == 0 else f"{'+' if delta > 0 else '-'}{format(abs(delta), 'f')}{unit}"

    def change(self) -> str:
        if self.this_year is None or self.last_year is None:
            return GAP
        decimals = self.figure.decimals if self.figure.decimals is not None else CHANGE_DECIMALS
        if self.percent:
            points = round_half_up(self.this_year - self.last_year, decimals)
            if points == 0:
                return "与上年持平"
            return f"{'上升' if points > 0 else '下降'}{format(abs(points), 'f')}个百分点"
        if self.last_year == 0:
            return "上年为0" if self.this_year else "与上年持平"
        percent = round_half_up((self.this_year - self.last_year) / abs(self.last_year) * 100, decimals)
        if percent == 0:
            return "与上年持平"
        return f"同比{'增长' if percent > 0 else '下降'}{format(abs(percent), 'f')}%"


def all_figures(report: Report) -> list[Figure]:
    return list(report.figures) + [f for part in report.parts for s in part.sections for f in s.figures]


def values(report: Report) -> dict[str, Value]:
    """Every figure's value, rates computed from the figures they name (names are checked at load:
    a rate naming a figure that is not declared, which `check` reports, has no value)."""
    figures = {figure.name: figure for figure in all_figures(report)}
    result: dict[str, Value] = {}
    for name, figure in figures.items():
        if figure.rate is None:
            result[name] = Value(figure, figure.value, figure.last_year, figure.unit == "%")
            continue
        if not all(n in figures for n in figure.rate):
            result[name] = Value(figure, None, None, True)
            continue
        top, bottom = (figures[n] for n in figure.rate)

        def ratio(a: float | None, b: float | None) -> float | None:
            return None if a is None or not b else a / b * 100

        result[name] = Value(figure, ratio(top.value, bottom.value), ratio(top.last_year, bottom.last_year), True)
    return result


def strings(report: Report) -> dict[str, str]:
    """What each 【名称】, 【名称:同比】 and 【名称:上年】 stands for."""
    out = {}
    for name, value in values(report).items():
        out[name] = value.text(value.this_year)
        out[f"{name}:上年"] = value.text(value.last_year)
        out[f"{name}:同比"] = value.change()
    return out
