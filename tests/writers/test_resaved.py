"""A .docx re-saved by LibreOffice: drafter tells the user what that did to the layout."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLE, run

from drafter.commands.build import build
from drafter.ooxml.package import read_parts
from drafter.writers.docx.builtin import builtin_template
from drafter.writers.docx.resaved import layout_changes
from drafter.writers.pdf import find_soffice

needs_libreoffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")


def _resave(document: Path, folder: Path) -> Path:
    """`document` opened and saved as .docx by LibreOffice, as a reviewer would."""
    folder.mkdir()
    subprocess.run([find_soffice(), "--headless", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder), str(document)],
                   check=True, capture_output=True, timeout=120)
    return folder / document.name


def test_drafters_own_files_raise_no_alarm(example_docx):
    assert layout_changes(read_parts(example_docx.read_bytes())) == []
    assert layout_changes(read_parts(builtin_template().read_bytes())) == []


@needs_libreoffice
def test_pdf_of_a_resaved_report_says_what_word_will_show(tmp_path):
    resaved = _resave(build(EXAMPLE, tmp_path / "报告.docx"), tmp_path / "另存")
    parts = read_parts(resaved.read_bytes())
    assert b'<w:autoSpaceDN w:val="0"/>' not in parts["word/styles.xml"]  # what LibreOffice did
    result = run("pdf", resaved)
    assert result.exit_code == 0, result.output
    assert "曾在 LibreOffice 中保存" in result.output
    assert "行末标点可以伸出版心" in result.output and "数字、英文与汉字之间自动加宽" in result.output
    assert "PDF 仍按公文版式转换" in result.output and "不要在 LibreOffice 中保存" in result.output
    assert resaved.with_suffix(".pdf").read_bytes().startswith(b"%PDF")


@needs_libreoffice
def test_template_check_of_a_resaved_template_says_so_first(tmp_path):
    exported = tmp_path / "模板.docx"
    assert run("template", "export", exported).exit_code == 0
    result = run("template", "check", _resave(exported, tmp_path / "另存"))
    assert result.exit_code == 2
    first = next(line for line in result.output.splitlines() if not line.startswith("【"))  # under the file's heading
    assert "警告：这个文件曾在 LibreOffice 中保存" in first and "行末标点可以伸出版心" in first
    assert "用 drafter template export 重新导出模板" in result.output
