"""The built-in templates render through Python generated from their Jinja source: the same bytes as Jinja."""

import functools

import pytest
from conftest import TEMPLATES as SHIPPED
from conftest import VARIANTS, report_variant
from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.layout.blocks import Block, Run, paragraphs
from drafter.layout.gbt9704 import TABLE_COLUMNS_MM
from drafter.ooxml.package import read_package
from drafter.readers.sources import load_report
from drafter.writers.docx.builtin import TEMPLATES
from drafter.writers.docx.codegen import python_source
from drafter.writers.docx.contract import PARAGRAPH_STYLES, RUN_KINDS
from drafter.writers.docx.jinja import environment
from drafter.writers.docx.render import for_template, jinja_source, load_template
from drafter.writers.docx.template import template_parts


@functools.cache
def _jinja(file_name):
    fonts = TEMPLATES[file_name]
    return environment().from_string(jinja_source(template_parts(fonts)["word/document.xml"].decode("utf-8")))


@pytest.mark.parametrize("file_name", TEMPLATES)
def test_shipped_python_is_what_the_generator_makes_of_the_template(file_name):
    parts = template_parts(TEMPLATES[file_name])
    source = jinja_source(parts["word/document.xml"].decode("utf-8"))
    shipped = (SHIPPED / f"{file_name}.py").read_text(encoding="utf-8")
    assert shipped == python_source(source, f"{file_name}'s document part", parts), "run: python scripts/build_templates.py"
    # What a build takes from the module is what the .docx beside it holds, part by part, in order.
    assert list(load_template(SHIPPED / file_name).parts.items()) == list(read_package(SHIPPED / file_name).items())


@pytest.mark.parametrize("file_name", TEMPLATES)
@pytest.mark.parametrize("variant", VARIANTS)
def test_every_report_variant_renders_the_same_both_ways(tmp_path, file_name, variant):
    source, _ = report_variant(tmp_path, variant)
    blocks = for_template(paragraphs(load_report(source)))  # as Template.render gives them
    generated = "".join(load_template(SHIPPED / file_name).document(paragraphs=blocks))
    assert generated == _jinja(file_name).render(paragraphs=blocks)
    assert len(generated) > 10_000  # a whole report, not an empty body


_TEXT = st.text(st.sampled_from("清远<>&'\"\u3000a1 \t。【】{}%#"), max_size=8)
_RUN = st.builds(Run, _TEXT, st.sampled_from([*RUN_KINDS, "text"]))
_COLUMNS = len(TABLE_COLUMNS_MM)
_BLOCK = st.one_of(
    st.builds(Block, st.sampled_from([k or "body" for k in PARAGRAPH_STYLES if k not in ("table", "imprint")]),
              st.lists(_RUN, max_size=4)),
    st.builds(Block, st.just("table"), st.just([]), st.lists(_TEXT, min_size=_COLUMNS, max_size=_COLUMNS),
              st.lists(st.lists(_TEXT, min_size=_COLUMNS, max_size=_COLUMNS), max_size=3),
              st.lists(st.integers(0, 9999), min_size=_COLUMNS, max_size=_COLUMNS)),
    st.builds(Block, st.just("imprint"), st.lists(_RUN, max_size=2), st.lists(_TEXT, min_size=2, max_size=2)),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_BLOCK, max_size=6))
def test_any_paragraphs_with_markup_characters_render_the_same_both_ways(blocks):
    file_name = next(iter(TEMPLATES))
    generated = "".join(load_template(SHIPPED / file_name).document(paragraphs=blocks))
    assert generated == _jinja(file_name).render(paragraphs=blocks)
