"""The README's set-up commands are the ones CI and the example use."""

from conftest import ROOT


def test_readme_gives_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "\npip install . && drafter build examples/qingyuan-2021 -o 报告.docx\n" in readme
    assert '\npip install ".[test]" && python -X warn_default_encoding -m pytest\n' in readme


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "grep -m1 '^pip install \"\\.\\[test\\]\" && ' README.md" in ci
    assert 'eval "$test_command"' in ci
