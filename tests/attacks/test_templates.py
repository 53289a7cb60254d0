"""Hostile or runaway custom templates: stopped by the budget, named by template check."""

from __future__ import annotations

import pytest
from conftest import EXAMPLE, run
from helpers import assert_refused, snapshot

from drafter.layout.blocks import paragraphs
from drafter.ooxml.package import read_parts, zip_parts
from drafter.readers.sources import load_report
from drafter.writers.docx import budget
from drafter.writers.docx.builtin import builtin_template
from drafter.writers.docx.render import load_template

HOSTILE = {
    "repetition": ("{{ 'x' * 3000000000 }}", "超过"),
    "nested range": ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}", "range"),
    "filter width": ("{{ 'x'|center(3000000000) }}", "参数"),
    "method width": ("{{ 'x'.ljust(3000000000) }}", "参数"),
    "format width": ("{{ '%3000000000s' % 'x' }}", "宽度"),
    "doubling": (("{% set ns = namespace(s='xxxxxxxxxx') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}"
                  "{% endfor %}{{ ns.s|length }}"), "超过"),
    "exponential macro": ("{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(40) }}", "步数"),
    "recursion": ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "层次太深"),
    "buffer": (("{% set x %}{% for p in paragraphs %}{% for q in paragraphs %}{{ 'y' * 1000000 }}{% endfor %}"
                "{% endfor %}{% endset %}{{ x|length }}"), "累计"),
    "ssti": ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "不允许访问“__class__”"),
    "include": ("{% include 'x' %}", "模板运行出错"),
}


def _template(path, tag: str):
    parts = read_parts(builtin_template())
    document = parts["word/document.xml"].decode("utf-8")
    at = document.index("<w:body>") + len("<w:body>")
    parts["word/document.xml"] = (document[:at] + f"<w:p><w:r><w:t>{tag}</w:t></w:r></w:p>" + document[at:]).encode("utf-8")
    path.write_bytes(zip_parts(parts))
    return path


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_template_is_an_error_in_check_and_in_build(tmp_path, name):
    tag, message = HOSTILE[name]
    template = _template(tmp_path / "模板.docx", tag.replace("<", "&lt;"))
    before = snapshot(tmp_path)
    checked = run("template", "check", template)
    assert_refused(checked, "模板.docx", message)
    assert "可以使用" not in checked.output
    built = run("build", EXAMPLE, "-o", tmp_path / "报告.docx", "--template", template)
    assert_refused(built, "模板.docx")
    assert snapshot(tmp_path) == before  # no report written


def test_an_exported_template_passes_check_and_builds_as_the_builtin(tmp_path):
    template = tmp_path / "模板.docx"
    assert run("template", "export", template).exit_code == 0
    assert "模板可以使用" in run("template", "check", template).output
    assert run("build", EXAMPLE, "-o", tmp_path / "a.docx", "--template", template).exit_code == 0
    assert run("build", EXAMPLE, "-o", tmp_path / "b.docx").exit_code == 0
    mine, builtin = read_parts(tmp_path / "a.docx"), read_parts(tmp_path / "b.docx")
    assert mine["word/document.xml"] == builtin["word/document.xml"]


def test_the_budget_is_at_least_twenty_times_the_builtin_output_plus_10_mb():
    for source in (EXAMPLE, budget.__file__.replace("budget.py", "sample.yaml")):
        blocks = paragraphs(load_report(source))
        written = len("".join(load_template(builtin_template()).document(paragraphs=blocks)))
        allowed = budget.for_blocks(blocks)
        assert allowed.output >= 20 * written + 10 * 1024 * 1024
        assert allowed.steps < 1_000_000  # a runaway template stops within seconds
