"""The README's set-up commands are the ones CI and the example use."""

from conftest import FOLDER_REPORT, ROOT


def test_readme_gives_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "\npip install . && drafter build examples/qingyuan-2021 -o 报告.docx\n" in readme
    assert '\npip install ".[test]" && python -X warn_default_encoding -m pytest\n' in readme


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "grep -m1 '^pip install \"\\.\\[test\\]\" && ' README.md" in ci
    assert 'eval "$test_command"' in ci


def _department_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme[readme.index("## 各科室填写说明"):readme.index("## 报告资料的写法")]


def test_the_departments_filled_example_checks_clean(tmp_path):
    from conftest import run, write

    section = _department_section()
    example = section[section.index("```yaml\n") + 8:section.index("```\n", section.index("```yaml\n"))]
    write(tmp_path / "report.yaml", FOLDER_REPORT)
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "06-化解矛盾.yaml").write_text(example.replace("……", "。"), encoding="utf-8")
    result = run("check", tmp_path, "--strict")
    assert result.exit_code == 0, result.output


def test_the_five_mistakes_get_the_messages_the_readme_shows(tmp_path):
    import re

    from conftest import run, write

    rows = re.findall(r"^\| ([^|]+?) \| `错误：(.+?)` / `提示：(.+?)` \|$", _department_section(), re.MULTILINE)
    assert len(rows) == 5
    write(tmp_path / "report.yaml", "organization: 某局\nyear: 2023\nparts:\n  - title: 举措\n    sections: sections/*.yaml\n")
    write(tmp_path / "sections" / "06-化解矛盾.yaml", "\n".join([
        "title: 持续有效化解社会矛盾", "points:", "  - title：推进行政复议体制改革",
        "    text: 办理行政复议案件【复议案件数】宗，", "纠错【纠错案件数】宗。", "  - 标题: 加强应诉工作",
        "\ttext: 行政机关负责人出庭应诉率达100%。", "figures:", "  - name: 复议案件数", "    value: 190宗",
        "  - name: 纠错案件数", "    value: 31", ""]))
    output = run("check", tmp_path).output
    for _, message, hint in rows:
        assert f"错误：{message}" in output, message
        assert f"提示：{hint.rstrip('…')}" in output, hint
