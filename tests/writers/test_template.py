"""The built-in template: exactly what the builder makes, and Word-clean."""

import zipfile
from xml.dom import minidom

import pytest
from conftest import TEMPLATES as SHIPPED

from drafter.ooxml.package import zip_parts
from drafter.writers.docx.builtin import TEMPLATES, builtin_template
from drafter.writers.docx.template import template_parts


@pytest.mark.parametrize(("file_name", "fonts"), TEMPLATES.items())
def test_shipped_template_is_what_the_builder_makes(file_name, fonts):
    parts = template_parts(fonts)
    shipped = (SHIPPED / file_name).read_bytes()
    assert shipped == zip_parts(parts), "run: python scripts/build_templates.py"


def test_every_part_is_well_formed_xml_and_declared():
    with zipfile.ZipFile(builtin_template()) as package:
        names = package.namelist()
        for name in names:
            minidom.parseString(package.read(name))
        content_types = package.read("[Content_Types].xml").decode("utf-8")
    for name in names:
        if name.startswith("word/") and name.endswith(".xml") and "_rels" not in name:
            assert f'PartName="/{name}"' in content_types


def test_every_style_names_its_east_asian_font_or_inherits_one():
    styles = template_parts()["word/styles.xml"].decode("utf-8")
    assert "Theme" not in styles
    for fragment in styles.split("<w:rFonts")[1:]:
        attributes = fragment.split("/>")[0]
        if "w:ascii" in attributes:
            assert "w:eastAsia=" in attributes


def test_python_docx_leftovers_are_absent():
    parts = template_parts()
    styles = parts["word/styles.xml"].decode("utf-8")
    assert 'w:eastAsia="en-US"' not in styles
    assert 'w:after="200"' not in styles and 'w:line="276"' not in styles
    assert '<w:sz w:val="22"/>' not in styles
    assert 'w:val="14"' not in parts["word/settings.xml"].decode("utf-8")
