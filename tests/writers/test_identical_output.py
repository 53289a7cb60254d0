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
        ('[Content_Types].xml', '810be2d148c95a52'),
        ('_rels/.rels', '093ded992448e67a'),
        ('word/document.xml', '19dd387ea31ea344'),
        ('word/_rels/document.xml.rels', '106c560c49597146'),
        ('word/styles.xml', 'e4033ab5e5a526c3'),
        ('word/settings.xml', '47559b683bf52e26'),
        ('word/fontTable.xml', '3abf2a12f16f424d'),
        ('word/theme/theme1.xml', 'c6c0aaa4439c0dff'),
        ('word/footer1.xml', '194921e8bde5b410'),
        ('word/footer2.xml', '2731fe151dd6c674'),
        ('docProps/core.xml', '2a988bf15a263b8a'),
        ('docProps/app.xml', 'd7e6d70e54968a37'),
        ('customXml/_rels/item1.xml.rels', '17f9862707a90963'),
        ('customXml/item1.xml', '05e64dd4664b4fab'),
        ('customXml/itemProps1.xml', 'ceefd43bf409eabb'),
        ('docProps/custom.xml', 'fc20044339f18dc4'),
    ],
    'formal': [
        ('[Content_Types].xml', '810be2d148c95a52'),
        ('_rels/.rels', '093ded992448e67a'),
        ('word/document.xml', '780be82e3a5db161'),
        ('word/_rels/document.xml.rels', '106c560c49597146'),
        ('word/styles.xml', 'e4033ab5e5a526c3'),
        ('word/settings.xml', '47559b683bf52e26'),
        ('word/fontTable.xml', '3abf2a12f16f424d'),
        ('word/theme/theme1.xml', 'c6c0aaa4439c0dff'),
        ('word/footer1.xml', '194921e8bde5b410'),
        ('word/footer2.xml', '2731fe151dd6c674'),
        ('docProps/core.xml', 'dc5dee645927a8b5'),
        ('docProps/app.xml', 'd7e6d70e54968a37'),
        ('customXml/_rels/item1.xml.rels', '17f9862707a90963'),
        ('customXml/item1.xml', 'e4d09a2087ae8c2b'),
        ('customXml/itemProps1.xml', 'ceefd43bf409eabb'),
        ('docProps/custom.xml', 'd6db10ffdd467c52'),
    ],
    'every-kind': [
        ('[Content_Types].xml', 'ce93e5018f921036'),
        ('_rels/.rels', '093ded992448e67a'),
        ('word/document.xml', '7fb3bb771ea216af'),
        ('word/_rels/document.xml.rels', '02a428d5c502f14f'),
        ('word/styles.xml', 'ed1b59463f240222'),
        ('word/settings.xml', '47559b683bf52e26'),
        ('word/fontTable.xml', '854fa4d89c8b8808'),
        ('word/theme/theme1.xml', '5af96d64ae6b3deb'),
        ('word/footer1.xml', '194921e8bde5b410'),
        ('word/footer2.xml', '2731fe151dd6c674'),
        ('docProps/core.xml', '2a988bf15a263b8a'),
        ('docProps/app.xml', 'd7e6d70e54968a37'),
        ('word/comments.xml', 'f4be38943e766c31'),
        ('customXml/_rels/item1.xml.rels', '17f9862707a90963'),
        ('customXml/item1.xml', 'e0b93b96e335b77f'),
        ('customXml/itemProps1.xml', 'ceefd43bf409eabb'),
        ('docProps/custom.xml', '2e6eb63919f9b843'),
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
