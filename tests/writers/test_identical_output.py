"""Speed work must not change a byte: the uncompressed parts of three reports, in order,
hashed against values recorded from the renderer before it changed.

When the output is changed on purpose, run `python tests/writers/test_identical_output.py`
and paste what it prints into RECORDED (the diff then shows which parts changed).
"""

from __future__ import annotations

import hashlib
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from conftest import VARIANTS, report_variant  # noqa: E402

from drafter.commands.build import build  # noqa: E402

def part_hashes(tmp_path: Path, name: str) -> list[tuple[str, str]]:
    source, annotate = report_variant(tmp_path, name)
    output = build(source, tmp_path / f"{name}.docx", annotate=annotate)
    with zipfile.ZipFile(output) as package:
        return [(part, hashlib.sha256(package.read(part)).hexdigest()[:16]) for part in package.namelist()]


RECORDED: dict[str, list[tuple[str, str]]] = {
    'example': [
        ('[Content_Types].xml', 'c54a2003b1ca9190'),
        ('_rels/.rels', '093ded992448e67a'),
        ('word/document.xml', '1da7aaa6491b9292'),
        ('word/_rels/document.xml.rels', '9f934380ba4f1a93'),
        ('word/styles.xml', 'b0226ce83b19d492'),
        ('word/settings.xml', '47559b683bf52e26'),
        ('word/fontTable.xml', '3abf2a12f16f424d'),
        ('word/footer1.xml', '194921e8bde5b410'),
        ('word/footer2.xml', '2731fe151dd6c674'),
        ('docProps/core.xml', '2a988bf15a263b8a'),
        ('docProps/app.xml', 'd7e6d70e54968a37'),
        ('docProps/custom.xml', 'eec35b65fe6889b2'),
    ],
    'formal': [
        ('[Content_Types].xml', '9d2203664d7dd1e4'),
        ('_rels/.rels', '093ded992448e67a'),
        ('word/document.xml', '82adc681f56347fc'),
        ('word/_rels/document.xml.rels', '71cb8cb8ad066bf4'),
        ('word/styles.xml', 'b0226ce83b19d492'),
        ('word/settings.xml', '47559b683bf52e26'),
        ('word/fontTable.xml', '3abf2a12f16f424d'),
        ('word/footer1.xml', '194921e8bde5b410'),
        ('word/footer2.xml', '2731fe151dd6c674'),
        ('docProps/core.xml', 'dc5dee645927a8b5'),
        ('docProps/app.xml', 'd7e6d70e54968a37'),
        ('word/footerImprint.xml', '0b01b8f154a9296e'),
        ('docProps/custom.xml', '47723379dd317178'),
    ],
    'every-kind': [
        ('[Content_Types].xml', '1a800bfb082d51ae'),
        ('_rels/.rels', '093ded992448e67a'),
        ('word/document.xml', '62a797e2f438f78b'),
        ('word/_rels/document.xml.rels', 'd714662b20c29020'),
        ('word/styles.xml', '6248971de269d677'),
        ('word/settings.xml', '47559b683bf52e26'),
        ('word/fontTable.xml', '854fa4d89c8b8808'),
        ('word/footer1.xml', '194921e8bde5b410'),
        ('word/footer2.xml', '2731fe151dd6c674'),
        ('docProps/core.xml', '2a988bf15a263b8a'),
        ('docProps/app.xml', 'd7e6d70e54968a37'),
        ('word/comments.xml', 'f4be38943e766c31'),
        ('docProps/custom.xml', '502496817df7e09e'),
    ],
}


@pytest.mark.parametrize("name", VARIANTS)
def test_parts_are_byte_identical_to_the_recorded_ones(tmp_path, name):
    assert part_hashes(tmp_path, name) == RECORDED[name]


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as temp:
        print("RECORDED: dict[str, list[tuple[str, str]]] = {")
        for variant in VARIANTS:
            print(f"    {variant!r}: [")
            for part, digest in part_hashes(Path(temp), variant):
                print(f"        ({part!r}, {digest!r}),")
            print("    ],")
        print("}")
