"""Edits made with python-docx the way Word stores them: text changed inside runs, text deleted
across runs, paragraphs added, tracked changes (w:ins / w:del)."""

import copy

import docx
from docx.oxml.ns import qn
from lxml import etree


def paragraph_with(document, needle):
    return next(p for p in document.paragraphs if needle in p.text)


def _split(run, start, end):
    """The run cut in three at `start` and `end` of its text: (before, middle, after)."""
    pieces = []
    for text in (run.text[:start], run.text[start:end], run.text[end:]):
        element = copy.deepcopy(run._element)
        t = element.find(qn("w:t"))
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        pieces.append(element)
    for element in pieces:
        run._element.addprevious(element)
    run._element.getparent().remove(run._element)
    return pieces


def replace(document, old, new, tracked=False, author="王科长"):
    """Change `old` (inside one run) to `new`; `tracked` as Word's 修订 does."""
    for paragraph in document.paragraphs:
        for piece in paragraph.runs:
            if old not in piece.text:
                continue
            if not tracked:
                piece.text = piece.text.replace(old, new, 1)
                return
            start = piece.text.index(old)
            before, middle, _ = _split(piece, start, start + len(old))
            stamp = {qn("w:author"): author, qn("w:date"): "2022-02-10T00:00:00Z"}
            deletion = etree.Element(qn("w:del"), {qn("w:id"): "901", **stamp})
            middle.addprevious(deletion)
            deletion.append(middle)
            middle.find(qn("w:t")).tag = qn("w:delText")
            if new:
                insertion = etree.Element(qn("w:ins"), {qn("w:id"): "902", **stamp})
                inserted = copy.deepcopy(before)
                inserted.find(qn("w:t")).text = new
                insertion.append(inserted)
                deletion.addnext(insertion)
            return
    raise AssertionError(f"not in the document: {old}")


def cut(document, old):
    """Delete `old`, which may run across several runs (a point's lead and text)."""
    paragraph = paragraph_with(document, old)
    start = paragraph.text.index(old)
    end, at = start + len(old), 0
    for piece in paragraph.runs:
        n = len(piece.text)
        s, e = max(start, at), min(end, at + n)
        if s < e:
            piece.text = piece.text[: s - at] + piece.text[e - at:]
        at += n


def add_paragraph_after(document, needle, text):
    """A new paragraph after the one containing `needle`, formatted like it."""
    element = paragraph_with(document, needle)._element
    new = copy.deepcopy(element)
    first = new.find(qn("w:r"))
    for child in list(new):
        if child.tag != qn("w:pPr") and child is not first:
            new.remove(child)
    first.find(qn("w:t")).text = text
    element.addnext(new)


def insert_text(document, after, text):
    """Type `text` right after `after` (inside one run)."""
    replace(document, after, after + text)


def review(path, edit):
    document = docx.Document(str(path))
    edit(document)
    document.save(str(path))
    return path
