"""Text-level merge: a reviewer's paragraph back onto the fields it was generated from.

Pure functions, no files.  Paragraphs are paired by text (difflib); inside a
paired paragraph a character diff gives edits, each edit is given to the
field whose stretch of text it falls in, and a field's new printed text is
turned back into source text: literal text changes in place, a placeholder
the reviewer did not touch stays a placeholder, a figure's printed number
that changed becomes the figure's new value.
"""

from __future__ import annotations

import difflib

from msgspec import Struct, field

from ..model import placeholders
from ..patterns import lazy
from ..readers.reviewed import MapField

# Pairs below this similarity are a deleted and an added paragraph, not an edit.
SIMILAR = 0.5
NEARBY = 12  # how many added paragraphs ahead an edited one is looked for
_NUMBER = lazy(r"-?\d+(?:\.\d+)?")


class Edit(Struct, frozen=True):
    """Characters start to end of the generated text replaced by `text` (start == end: an insertion)."""

    start: int
    end: int
    text: str


def pair_paragraphs(old: list[str], new: list[str]) -> list[tuple[int | None, int | None]]:
    """Every old and new paragraph, paired where one is the other edited, in document order:
    (old, new), (old, None) for a deleted paragraph, (None, new) for an added one."""
    pairs: list[tuple[int | None, int | None]] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += [(i1 + k, j1 + k) for k in range(i2 - i1)]
            continue
        j = j1
        for i in range(i1, i2):
            # The edited paragraph is among the next few: a reviewer adds a handful at a time, not hundreds.
            if j < j2 and _ratio(old[i], new[j]) >= SIMILAR:  # the usual case: the next one
                best = j
            else:
                best = max(range(j, min(j2, j + NEARBY)), key=lambda k: _ratio(old[i], new[k]), default=None)
            if best is None or _ratio(old[i], new[best]) < SIMILAR:
                pairs.append((i, None))
                continue
            pairs += [(None, k) for k in range(j, best)]
            pairs.append((i, best))
            j = best + 1
        pairs += [(None, k) for k in range(j, j2)]
    return pairs


def _ratio(a: str, b: str) -> float:
    if not a or not b:
        return 1.0 if a == b else 0.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.ratio() if matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR else 0.0


def edits(old: str, new: str, spans: list[tuple[int, int]] = ()) -> list[Edit]:
    """The edits that turn `old` into `new`.  A deletion or insertion that could sit a few
    characters either way (deleting "。二是…。" or "二是…。。") is moved to cover whole
    `spans` (the fields' stretches of text) when it can, so a deleted point is one whole point."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    found = [Edit(i1, i2, new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]
    return [_onto_spans(old, edit, spans) for edit in found]


def _fit(edit: Edit, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """How well an edit sits on the spans: whole spans it covers less spans it cuts; then edges on a span's end."""
    whole = sum(edit.start <= s and e <= edit.end for s, e in spans)
    cut = sum(s < edit.end and e > edit.start and not (edit.start <= s and e <= edit.end) for s, e in spans)
    if edit.start == edit.end:  # an insertion: best right after a span, else right before one
        return (any(e == edit.start for _, e in spans) * 2 + any(s == edit.start for s, _ in spans), 0)
    return (whole - cut, any(e == edit.end for _, e in spans) + any(e == edit.start for _, e in spans))


def _onto_spans(old: str, edit: Edit, spans: list[tuple[int, int]]) -> Edit:
    if not spans:
        return edit
    best, fit = edit, _fit(edit, spans)
    for shift in range(-12, 13):
        moved = _shifted(old, edit, shift)
        if moved is not None and _fit(moved, spans) > fit:
            best, fit = moved, _fit(moved, spans)
    return best


def _shifted(old: str, edit: Edit, shift: int) -> Edit | None:
    """The same deletion or insertion `shift` characters along, if it gives the same text; else None."""
    start, end = edit.start + shift, edit.end + shift
    if start < 0 or end > len(old) or (edit.text and edit.start != edit.end):
        return None
    result = old[: edit.start] + edit.text + old[edit.end:]
    n = len(edit.text) or 1
    for k in range(n):  # an insertion moved along carries the same characters, rotated
        text = edit.text[k:] + edit.text[:k]
        if old[:start] + text + old[end:] == result:
            return Edit(start, end, text)
    return None


class FieldText(Struct):
    """A field's new source text, and what the reviewer did to the placeholders in it."""

    source: str
    figures: list[tuple[str, str, str, str]] = field(default_factory=list)  # (name, modifier, old, new printed)
    replaced: list[str] = field(default_factory=list)  # placeholders the reviewer's words replaced


class _Token(Struct):
    start: int  # in the paragraph
    end: int
    source: str  # as the sources hold it: literal text, or 【名称】
    printed: str
    placeholder: bool
    edits: list[Edit] = field(default_factory=list)
    after: str = ""  # inserted right after a placeholder, before the next placeholder


def _tokens(item: MapField) -> list[_Token] | None:
    """The field's source text in pieces, each placed in the paragraph; None if the map's
    placeholders do not line up with the source text (then the field is taken whole)."""
    matches = list(placeholders.PLACEHOLDER.finditer(item.source))
    if not matches or [m.group(1) for m in matches] != [r.name for r in item.refs]:
        return None
    literals = [item.source[:matches[0].start()]]
    literals += [item.source[m.end(): n.start()] for m, n in zip(matches, matches[1:])]
    literals.append(item.source[matches[-1].end():])
    first = item.refs[0].start - len(literals[0])
    tokens = [_Token(first, item.refs[0].start, literals[0], literals[0], False)]
    for match, ref, literal in zip(matches, item.refs, literals[1:]):
        tokens.append(_Token(ref.start, ref.end, match.group(0), ref.text, True))
        tokens.append(_Token(ref.end, ref.end + len(literal), literal, literal, False))
    return [token for token in tokens if token.placeholder or token.source]


def new_source(item: MapField, changes: list[Edit], generated: str) -> FieldText:
    """The field's source text after `changes` (edits inside its stretch of `generated`)."""
    if not changes:
        return FieldText(item.source)
    tokens = _tokens(item)
    if tokens is None:
        if placeholders.PLACEHOLDER.search(item.source):
            # Placeholders without a map of where they print: the field's new text replaces it whole.
            text = generated[item.start:item.end]
            for edit in sorted(changes, key=lambda e: e.start, reverse=True):
                text = text[: edit.start - item.start] + edit.text + text[edit.end - item.start:]
            return FieldText(text, replaced=placeholders.names(item.source))
        offset = item.source.find(generated[item.start:item.end])
        tokens = [_Token(item.start - max(offset, 0), item.start - max(offset, 0) + len(item.source),
                         item.source, item.source, False)]
    result = FieldText("")
    for edit in changes:
        _place(edit, tokens, result)
    out = []
    for token in tokens:
        if token.placeholder and token.edits:
            out.append(_placeholder_text(token, result))
        elif token.placeholder:
            out.append(token.source)
        else:
            text = token.source
            for edit in sorted(token.edits, key=lambda e: e.start, reverse=True):
                text = text[: edit.start - token.start] + edit.text + text[edit.end - token.start:]
            out.append(text)
        out.append(token.after)
    result.source = "".join(out)
    return result


def _place(edit: Edit, tokens: list[_Token], result: FieldText) -> None:
    if edit.start == edit.end:
        inside = [t for t in tokens if t.start < edit.start < t.end]
        if inside:
            inside[0].edits.append(edit)
            return
        left = [t for t in tokens if t.end == edit.start]
        right = [t for t in tokens if t.start == edit.start]
        literal = [t for t in left + right if not t.placeholder]
        if literal:
            literal[0].edits.append(edit)
        elif left:
            left[0].after += edit.text
        elif right:
            right[0].edits.append(edit)
        return
    touched = [t for t in tokens if t.start < edit.end and t.end > edit.start]
    if len(touched) == 1:
        touched[0].edits.append(edit)
        return
    # An edit across several pieces: the placeholders in it become the reviewer's words.
    first = True
    for token in touched:
        if token.placeholder:
            result.replaced.append(placeholders.names(token.source)[0])
            token.placeholder, token.source = False, token.printed
        start, end = max(edit.start, token.start), min(edit.end, token.end)
        token.edits.append(Edit(start, end, edit.text if first else ""))
        first = False


def _placeholder_text(token: _Token, result: FieldText) -> str:
    """A placeholder whose printed text the reviewer changed: a new figure value (the
    placeholder stays), or, where the new text is no number, the reviewer's words."""
    printed = token.printed
    for edit in sorted(token.edits, key=lambda e: e.start, reverse=True):
        printed = printed[: edit.start - token.start] + edit.text + printed[edit.end - token.start:]
    match = placeholders.PLACEHOLDER.fullmatch(token.source)
    name, modifier = match.group(1), match.group(2) or ""
    if name not in placeholders.KNOWN and (modifier == "同比" or _NUMBER.fullmatch(printed.removesuffix("%"))):
        result.figures.append((name, modifier, token.printed, printed))
        return token.source
    result.replaced.append(name)
    return printed
