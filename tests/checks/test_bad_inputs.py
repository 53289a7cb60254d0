"""The corpus of bad input under tests/bad/: one case a folder.

Each folder holds the sources and an `expected.txt`:

    source: 报告.yaml          (optional: what to check, relative to the folder; default the folder)
    args: --strict             (optional: more arguments for `drafter check`)
    exit: 2
    at: report.yaml:3:7        (each place that must be named: file relative to the folder, line[, column])
    message: 不认识的键“titel”  (each text that must appear)
"""

from pathlib import Path

import pytest
from conftest import ROOT, run

CASES = sorted(path for path in (ROOT / "tests" / "bad").iterdir() if path.is_dir())


def _expectations(case: Path) -> dict[str, list[str]]:
    spec: dict[str, list[str]] = {}
    for line in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            key, _, value = line.partition(":")
            spec.setdefault(key.strip(), []).append(value.strip())
    return spec


def test_the_corpus_is_large():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.name)
def test_bad_input_is_reported_with_file_line_and_message(case):
    spec = _expectations(case)
    source = case / spec.get("source", [""])[0]
    result = run("check", source, *spec.get("args", [""])[0].split())
    output = result.output
    assert "Traceback" not in output
    assert result.exit_code == int(spec["exit"][0]), output
    for place in spec.get("at", []):
        file, _, where = place.partition(":")
        assert f"{case / file}:{where}" in output, output
    for message in spec.get("message", []):
        assert message in output, output
    if result.exit_code:
        assert "提示：" in output
