"""The merge map pairs each paragraph of the built document with the block it came from: a
paragraph paired with the wrong block would carry a reviewer's edit into the wrong field."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drafter.layout.blocks import Block, Run
from drafter.writers.docx.sourcemap import _matched, _one_for_one

# A few texts, so that paragraphs repeat (as a big report's do); a table's text is its cells'.
_PARAGRAPH = st.sampled_from(["一是……", "二是……", "（一）标题。", ""]).map(lambda text: ("body", text))
_TABLE = st.sampled_from(["项目\t数量\t\n", "一是……"]).map(lambda text: ("table", text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PARAGRAPH, _TABLE), max_size=12))
def test_paragraphs_rendered_one_for_one_are_paired_as_difflib_pairs_them(rendered):
    blocks = [Block(style, [Run(text)] if style == "body" else []) for style, text in rendered]
    texts = [text for _, text in rendered]
    own = _one_for_one(blocks, iter(texts))
    if own is not None:  # else _paired matches them by difflib itself
        assert [block.text if text is None else text for block, text in zip(blocks, own)] == texts
        assert [(id(block), text) for block, text in _matched(blocks, texts)] == [(id(b), t) for b, t in zip(blocks, texts)]
