"""Budgets for an office's own template: bounded output, sizes and steps, without signals.

Jinja's sandbox keeps a template from reaching Python's internals, but not from
asking for `'x' * 3000000000` or looping for hours.  Here every way a template
makes something big or does something many times is counted inside the
sandbox: string and list repetition, `%`, `+` and `~`, filter and method calls
(an integer argument larger than the whole budget is refused before the
call), `range`, every loop iteration, every attribute look-up, every joined
buffer ({% set %} blocks, macros) and the output itself.  No signal or timer
is involved, so the same limits hold on Windows.

The budget scales with the report: the output may be 20 times what the
built-in template makes of the same report plus 10 MB, and the steps are a
fixed allowance plus a number per paragraph and run of the report.
"""

from __future__ import annotations

import contextvars
import functools
import math
from collections.abc import Iterable, Iterator

from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.sandbox import SandboxedEnvironment
from msgspec import Struct

from ...patterns import lazy

OUTPUT_FACTOR = 20
OUTPUT_ALLOWANCE = 10 * 1024 * 1024  # characters
MADE_FACTOR = 4  # everything a template makes along the way, against what it may output
STEPS_ALLOWANCE = 20_000
STEPS_PER_ITEM = 50  # per paragraph, run and table cell (the built-in template takes about 8)
# More than the built-in template writes per paragraph and per character of text (the
# example: 18 paragraphs and 4031 characters give 11320 characters of document.xml).
_BUILTIN_PER_BLOCK = 1_000
_BUILTIN_PER_CHAR = 4
_BUILTIN_FIXED = 20_000
_MAX_POWER_BITS = 4096


class OverBudget(Exception):
    """The template asked for more than its budget; `what` names the limit in Chinese."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


class Budget(Struct):
    output: int  # characters the document may have
    steps: int  # loop iterations, calls and look-ups left
    made: int = 0  # characters of every string and item made so far


    def spend(self, count: int = 1) -> None:
        self.steps -= count
        if self.steps < 0:
            raise OverBudget("运行步数（循环次数、调用次数）超出了上限")

    def size(self, length: int) -> None:
        """Refuse, before it is made, one thing longer than the whole output may be."""
        if length > self.output:
            raise OverBudget(f"生成的文字超过 {self.output} 个字符的上限")

    def make(self, length: int) -> None:
        """Count what was made: a loop making big strings runs out even when nothing is output."""
        self.made += length
        if self.made > MADE_FACTOR * self.output:
            raise OverBudget(f"运行中生成的文字累计超过 {MADE_FACTOR * self.output} 个字符的上限")


def for_blocks(blocks: list) -> Budget:
    """The budget for a report laid out as `blocks` (layout.blocks.Block)."""
    items = sum(1 + len(b.runs) + len(b.head) + sum(len(row) for row in b.rows) for b in blocks)
    chars = sum(len(r.text) for b in blocks for r in b.runs) + sum(len(c) for b in blocks for row in b.rows for c in row)
    builtin = _BUILTIN_FIXED + _BUILTIN_PER_BLOCK * len(blocks) + _BUILTIN_PER_CHAR * chars
    return Budget(output=OUTPUT_FACTOR * builtin + OUTPUT_ALLOWANCE, steps=STEPS_ALLOWANCE + STEPS_PER_ITEM * items)


_ACTIVE: contextvars.ContextVar[Budget] = contextvars.ContextVar("drafter_template_budget")


def _budget() -> Budget:
    return _ACTIVE.get()


def _measured(value):
    """`value`, counted, and refused when it is larger than the whole output may be."""
    if isinstance(value, (str, bytes, list, tuple, dict, set)):
        budget = _budget()
        budget.size(len(value))
        budget.make(len(value))
    return value


# Widths and precisions in "%5.2f" and "{:>5}": '%3000000000s' % x would allocate 3 GB.
_WIDTHS = lazy(r"%[#0\- +]*(\d+)?(?:\.(\d+))?|\{[^{}]*:[^{}\d]*(\d+)?(?:\.(\d+))?")


def _check_format(text: str) -> None:
    limit = _budget().output
    if any(int(n) > limit for match in _WIDTHS.findall(text) for n in match if n):
        raise OverBudget("格式中的宽度超过了上限")


def _check_arguments(args: Iterable, kwargs: dict) -> None:
    budget = _budget()
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > budget.output:
            raise OverBudget(f"参数 {value} 超过了上限")


def _bounded_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > _budget().steps:
        raise OverBudget(f"range 的长度 {len(numbers)} 超出了上限")
    return numbers


def _iterate(value) -> Iterator:
    """A loop's items, each one a step."""
    budget = _budget()
    for item in value:
        budget.spend()
        yield item


def _counted(pieces) -> Iterator[str]:
    """A buffer's pieces as they are joined, stopping once they add up to more than the output may be."""
    budget, total = _budget(), 0
    for piece in pieces:
        total += len(piece)
        budget.size(total)
        yield piece


def _guarded_filter(function):
    @functools.wraps(function)  # keeps jinja's pass_context/pass_environment marks
    def guarded(*args, **kwargs):
        _budget().spend()
        _check_arguments(args, kwargs)
        return _measured(function(*args, **kwargs))

    return guarded


class _Generator(CodeGenerator):
    """Compiles loops to count their iterations and `~` to measure what it joins."""

    def visit_Template(self, node, frame=None):
        for loop in node.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, "drafter_iterate", [], [], None, None, lineno=loop.iter.lineno)
        super().visit_Template(node, frame)

    def visit_Concat(self, node, frame):
        self.write("environment.drafter_measured(")
        super().visit_Concat(node, frame)
        self.write(")")


class BudgetedEnvironment(SandboxedEnvironment):
    """A sandbox that renders only inside `within(budget)` and stops at the budget's limits."""

    code_generator_class = _Generator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options):
        super().__init__(finalize=self._finalize, **options)
        self.globals["range"] = _bounded_range
        self.filters = {name: _guarded_filter(f) for name, f in self.filters.items()}
        self.tests = {name: _guarded_filter(f) for name, f in self.tests.items()}
        self.filters["drafter_iterate"] = _iterate
        self.drafter_measured = _measured

    @staticmethod
    def _finalize(value):
        _budget().spend()
        return _measured(value)

    def concat(self, pieces) -> str:  # {% set %} blocks, macros and filter blocks join their output here
        return _measured("".join(_counted(pieces)))

    def call_binop(self, context, operator, left, right):
        budget = _budget()
        budget.spend()
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(times, int):
                    budget.size(len(sequence) * max(0, times))
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1:
            if right * math.log2(abs(left)) > _MAX_POWER_BITS:
                raise OverBudget("乘方的结果过大")
        elif operator == "%" and isinstance(left, str):
            _check_format(left)
            _check_arguments(right if isinstance(right, tuple) else (right,), right if isinstance(right, dict) else {})
        elif operator == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
            budget.size(len(left) + len(right))
        return _measured(super().call_binop(context, operator, left, right))

    def call(self, context, obj, /, *args, **kwargs):
        _budget().spend()
        _check_arguments(args, kwargs)
        if isinstance(getattr(obj, "__self__", None), str) and getattr(obj, "__name__", "") in ("format", "format_map"):
            _check_format(obj.__self__)
        return _measured(super().call(context, obj, *args, **kwargs))

    def getattr(self, obj, attribute):
        _budget().spend()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        _budget().spend()
        return super().getitem(obj, argument)


def render(template, budget: Budget, **context) -> str:
    """`template` rendered under `budget`, its output counted as it is generated."""
    token = _ACTIVE.set(budget)
    try:
        pieces, written = [], 0
        for piece in template.generate(**context):
            written += len(piece)
            budget.size(written)
            pieces.append(piece)
        return "".join(pieces)
    except RecursionError:
        raise OverBudget("宏或循环嵌套的层次太深") from None
    finally:
        _ACTIVE.reset(token)
