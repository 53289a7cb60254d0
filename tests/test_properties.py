"""Properties over random input: junk never gives a traceback, and every
report that loads builds into a document that holds exactly the model's text."""

from pathlib import Path

import docx
import yaml
from conftest import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.checks.check import check
from drafter.commands.build import build
from drafter.readers.sources import KEYS, load_report

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Any character a person could paste, but not the surrogates and controls YAML itself refuses
# and not 【 (a placeholder mark: 【name】 must name a known placeholder).
TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="【"), min_size=1, max_size=60
).filter(lambda s: s.strip(" \t\r\n\u3000\u00a0\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85"))


def _write(tmp_path: Path, data) -> Path:
    path = tmp_path / "report.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@SETTINGS
@given(junk=st.one_of(st.binary(max_size=3000), st.text(max_size=3000).map(lambda s: s.encode("utf-8"))))
def test_junk_never_raises(tmp_path, junk):
    path = tmp_path / "report.yaml"
    path.write_bytes(junk)
    result = check(path)
    assert result.errors or result.sources is not None


YAMLISH = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXT, st.dates()),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(sorted(KEYS)), TEXT), children, max_size=5),
    ),
    max_leaves=25,
)


@SETTINGS
@given(data=st.dictionaries(st.sampled_from(sorted(KEYS)), YAMLISH, max_size=8))
def test_wrong_shapes_are_messages_not_tracebacks(tmp_path, data):
    result = run("check", _write(tmp_path, data))
    assert result.exit_code in (0, 1, 2)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


POINT = st.fixed_dictionaries({"title": TEXT, "text": TEXT}, optional={"items": st.lists(TEXT, max_size=2)})
SECTION = st.fixed_dictionaries({"title": TEXT, "points": st.lists(POINT, min_size=1, max_size=3)})
PART = st.one_of(
    st.fixed_dictionaries({"title": TEXT, "sections": st.lists(SECTION, min_size=1, max_size=3)}),
    st.fixed_dictionaries({"title": TEXT, "paragraphs": st.lists(TEXT, min_size=1, max_size=3)}),
)
REPORT = st.fixed_dictionaries(
    {"organization": TEXT, "year": st.integers(1949, 2200), "parts": st.lists(PART, min_size=1, max_size=3)},
    optional={"layout": st.sampled_from(["run-in", "paragraph"]), "point_style": st.sampled_from(["一是", "1."]),
              "preamble": st.lists(TEXT, max_size=2), "date": st.dates()},
)


@SETTINGS
@given(data=REPORT)
def test_every_report_that_loads_builds_and_keeps_its_text(tmp_path, data):
    source = _write(tmp_path, data)
    report = load_report(source)
    document = docx.Document(str(build(source, tmp_path / "out.docx")))
    everything = "".join(p.text for p in document.paragraphs)
    for part in report.parts:
        for paragraph in part.paragraphs:
            assert paragraph.text in everything
        for section in part.sections:
            for point in section.points:
                assert point.text in everything
