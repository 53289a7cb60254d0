"""Every message click or Jinja gives through drafter is in Chinese.

The suite runs with whatever click is installed; to try the lowest allowed click too:

    python -m venv --system-site-packages /tmp/click81 && /tmp/click81/bin/pip install "click==8.1.*"
    /tmp/click81/bin/python -X warn_default_encoding -m pytest -q tests/test_cli_messages.py
"""

from __future__ import annotations

import io
import os
import re
import zipfile

import pytest
from click.testing import CliRunner
from conftest import MINIMAL, ROOT, TEMPLATES, at_terminal, write

from drafter.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="drafter")

# ASCII words of three letters or more, outside option names, paths and values the user typed.
_ENGLISH = re.compile(r"(?<![-\w./'])[A-Za-z]{3,}(?![\w.])")
_ALLOWED = {"drafter", "YAML", "CPU", "help", "Word", "LibreOffice", "Schema", "JSON", "VS", "Code", "HTML", "PDF", "GB", "docx",
            "gov", "windows", "true", "false", "WPS", "XLSX", "CSV", "UTF", "GBK", "run", "paragraph", "export",
            "reports", "yaml", "sections", "Excel", "zip"} | set(main.commands)  # command names are what people type


def english_words(text: str) -> set[str]:
    """English left in `text`, template tags and names quoted from the user's files aside."""
    text = re.sub(r"\{%.*?(%\}|$)|\{\{.*?(\}\}|$)|“[^”]*”", "", text, flags=re.MULTILINE)
    return {w for w in _ENGLISH.findall(text) if w not in _ALLOWED}


@pytest.mark.parametrize("args, expected", [
    (["build", "--pfd", "x"], "没有这个选项：--pfd。是不是想写 --pdf？"),
    (["biuld", "x"], "没有这个命令“biuld”"),
    (["build"], "缺少参数：报告资料文件夹"),
    (["next", "x"], "缺少选项 --output"),
    (["next", "x", "-o"], "选项 -o 后面要写一个值"),
    (["check", "--strict=1", "x"], "选项 --strict 后面不写值"),
    (["template", "export", "--fonts", "song", "a.docx"], "--fonts 的值不可用，只能写：gov、windows"),
    (["template", "check"], "缺少参数：文件"),
    (["pdf", "a.docx", "b.docx", "--outdir"], "选项 --outdir 后面要写一个值"),
    (["pdf", "a.docx", "--outdir", str(ROOT / "README.md")], "--outdir 后面要写一个文件夹，不是文件"),
])
def test_usage_errors_are_in_chinese_with_exit_2(args, expected):
    result = run(*args)
    assert result.exit_code == 2
    assert expected in result.output
    assert "--help 查看用法" in result.output
    assert not english_words(result.output), result.output


@pytest.mark.parametrize("args", [[], ["--help"], ["template"], ["build", "-h"], ["check", "--help"], ["next", "-h"],
                                  ["template", "export", "--help"]])
def test_help_is_in_chinese(args):
    result = run(*args)
    assert result.exit_code == 0
    assert result.output.startswith("用法：")
    assert "选项：" in result.output
    assert not english_words(result.output), english_words(result.output)


def _template_with(tmp_path, old: str, new: str):
    data = (TEMPLATES / "gbt9704.docx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "word/document.xml":
                assert old.encode() in content
                content = content.replace(old.encode(), new.encode())
            target.writestr(item, content)
    path = tmp_path / "本单位模板.docx"
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("old, new, expected", [
    ("{%r endfor %}", "{%r endfr %}", "不认识的标签“endfr”"),
    ("{{ r.text }}", "{{ r.text }", "模板中的标签"),
    ("{{ r.text }}", "{{ r.text ~ chapters }}", "模板运行出错：用到了 drafter 不提供的名称“chapters”"),
])
def test_template_errors_are_in_chinese(tmp_path, old, new, expected):
    template = _template_with(tmp_path, old, new)
    source = write(tmp_path / "报告.yaml", MINIMAL)
    result = run("build", source, "-o", tmp_path / "out.docx", "--template", template)
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "Traceback" not in result.output
    assert not english_words(result.output.replace(str(tmp_path), "")), result.output
    assert not (tmp_path / "out.docx").exists()


def test_a_template_that_is_no_docx_says_so_in_chinese(tmp_path):
    bad = tmp_path / "模板.docx"
    bad.write_text("不是 Word 文件", encoding="utf-8")
    result = run("template", "check", bad)
    assert result.exit_code == 2
    assert "不是有效的 .docx 文件" in result.output
    assert not english_words(result.output.replace(str(tmp_path), "")), result.output


def _help_pages():
    from drafter.cli import main

    yield []
    for name, command in main.commands.items():
        yield [name]
        for sub in getattr(command, "commands", {}):
            yield [name, sub]


def _explanation_columns(shown: str) -> set[int]:
    """The terminal column where each option's explanation, and each of its continued lines, starts."""
    from drafter.tables import columns

    lines = shown.splitlines()
    options = lines[lines.index("选项：") + 1:]
    options = options[:options.index("")] if "" in options else options
    starts = set()
    for line in options:
        named = re.match(r"^  -\S.*?\s{2,}(?=\S)", line)
        starts.add(columns(named.group(0)) if named else len(line) - len(line.lstrip()))
    return starts


@pytest.mark.parametrize("args", list(_help_pages()), ids=" ".join)
def test_help_lines_up_and_fits_an_80_column_terminal(args):
    """A Chinese character takes two columns: help measured by characters ran past the edge and
    left the options' explanations out of line."""
    from click.testing import CliRunner

    from drafter.cli import main
    from drafter.tables import columns

    result = CliRunner().invoke(main, [*args, "--help"], prog_name="drafter", terminal_width=80)
    assert result.exit_code == 0, result.output
    assert max(columns(line) for line in result.output.splitlines()) <= 80, result.output
    assert not english_words(result.output), english_words(result.output)
    assert len(_explanation_columns(result.output)) == 1, result.output


def test_help_at_a_real_terminal_lines_up():
    code, shown = at_terminal(["build", "--help"], {**os.environ, "PYTHONPATH": str(ROOT)})
    assert code == 0 and "--annotate" in shown
    assert len(_explanation_columns(shown.replace("\r\n", "\n"))) == 1, shown
