"""Every .docx drafter writes is valid against the OOXML schemas, as Word reads them.

Word is reported to drop run properties written out of schema order without a
word (dropping the −5 condensing would leave 27 characters a line), so beyond
the validator a walk checks every rPr and pPr against its sequence.  A new kind
of file drafter learns to write joins `written` below.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DOWNWARD, EXAMPLE, IMPRINT_ONLY, UPWARD, formal, run
from lxml import etree

from drafter.commands.build import build
from drafter.commands.next_year import next_year
from drafter.commands.publish import publish
from drafter.ooxml.ns import W_TAG
from drafter.ooxml.package import read_parts

openxml_audit = pytest.importorskip("openxml_audit")

# ECMA-376 Part 1 (transitional), EG_RPrBase within CT_RPr / CT_ParaRPr, and CT_PPrBase + CT_PPr.
RPR = ("ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss "
       "imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr "
       "shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath rPrChange").split()
PPR = ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
       "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd "
       "snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
       "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange").split()
SEQUENCES = {"rPr": RPR, "pPr": PPR}


def _statistics(tmp: Path) -> Path:
    return formal(tmp, "statistics", "statistics_attachment: true\n")


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    """One of every kind of .docx drafter writes."""
    tmp = tmp_path_factory.mktemp("schema")
    files = {
        "build": build(EXAMPLE, tmp / "build.docx"),
        "build --annotate": build(EXAMPLE, tmp / "annotated.docx", annotate=True),
        "upward, sealed, 版记": build(formal(tmp, "upward", UPWARD), tmp / "upward.docx"),
        "downward, joint, 版记": build(formal(tmp, "downward", DOWNWARD), tmp / "downward.docx"),
        "版记 without 抄送": build(formal(tmp, "imprint", IMPRINT_ONLY), tmp / "imprint.docx"),
        # after a statistics table the 版记 gets an even page of its own, unnumbered (layout/pages.py)
        "版记 after a blank page": build(formal(tmp, "blank", IMPRINT_ONLY + "statistics_attachment: true\n"),
                                     tmp / "blank.docx"),
        "statistics attachment": build(_statistics(tmp), tmp / "statistics.docx", annotate=True),
        "windows fonts": build(
            formal(tmp, "windows", "fonts: windows\n"), tmp / "windows.docx"),
        "next draft": next_year(EXAMPLE, tmp / "2022").draft,
    }
    # A department's file of next year's draft: gaps highlighted, a comment on every point.
    assert run("build", tmp / "2022", "--by-department", "-o", tmp / "各科室").exit_code == 0
    files["build --by-department"] = tmp / "各科室" / "立法科.docx"
    for fonts in ("gov", "windows"):
        target = tmp / f"template-{fonts}.docx"
        assert run("template", "export", target, "--fonts", fonts).exit_code == 0
        files[f"template export --fonts {fonts}"] = target
    published = publish(EXAMPLE, tmp / "发布", pdf=False)
    files["publish"] = next(path for path in published.files if path.suffix == ".docx")
    return files


KINDS = ["build", "build --annotate", "upward, sealed, 版记", "downward, joint, 版记", "版记 without 抄送", "版记 after a blank page",
         "statistics attachment", "windows fonts", "next draft", "build --by-department",
         "template export --fonts gov", "template export --fonts windows", "publish"]


def test_every_kind_is_covered(written):
    assert sorted(written) == sorted(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_validates_against_office_2016_with_no_errors(written, kind):
    validator = openxml_audit.OpenXmlValidator(file_format=openxml_audit.FileFormat.OFFICE_2016)
    result = validator.validate(written[kind])
    assert [(e.description, e.part_uri, e.path) for e in result.errors] == []


@pytest.mark.parametrize("kind", KINDS)
def test_run_and_paragraph_properties_in_schema_order(written, kind):
    checked = 0
    for name, data in read_parts(written[kind].read_bytes()).items():
        if not re.fullmatch(r"word/[^/]+\.xml", name):
            continue
        for element in etree.fromstring(data).iter(*(W_TAG + tag for tag in SEQUENCES)):
            order = SEQUENCES[etree.QName(element).localname]
            children = [etree.QName(child).localname for child in element if isinstance(child.tag, str)]
            assert all(child in order for child in children), f"{name}: unknown child in {children}"
            positions = [order.index(child) for child in children]
            assert positions == sorted(positions) and len(set(positions)) == len(positions), (
                f"{name}: {etree.QName(element).localname} children out of order: {children}")
            checked += 1
    assert checked > 20


@pytest.mark.parametrize("kind", KINDS)
def test_every_style_referenced_is_defined_and_a_theme_is_present(written, kind):
    parts = read_parts(written[kind].read_bytes())
    defined = set(re.findall(r'w:styleId="([^"]+)"', parts["word/styles.xml"].decode("utf-8")))
    for name, data in parts.items():
        if re.fullmatch(r"word/[^/]+\.xml", name):
            used = set(re.findall(r'<w:(?:pStyle|rStyle|tblStyle|basedOn|next) w:val="([^"]+)"', data.decode("utf-8")))
            assert used <= defined, f"{name} names undefined styles {used - defined}"
    assert "word/theme/theme1.xml" in parts
    assert "theme/theme1.xml" in parts["word/_rels/document.xml.rels"].decode("utf-8")

