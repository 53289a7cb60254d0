"""Zip input read as a stream under limits: bombs, damage, documents without a body."""

from __future__ import annotations

import io
import zipfile

import pytest
from conftest import EXAMPLE, run
from helpers import assert_refused, snapshot

from drafter.ooxml import package
from drafter.ooxml.package import PackageError, read_parts, zip_parts


def _docx(path, parts):
    path.write_bytes(zip_parts(parts))
    return path


@pytest.fixture(scope="module")
def parts(example_docx):
    return read_parts(example_docx)


def test_a_zip_bomb_stops_at_the_ratio_limit_without_inflating_it(tmp_path, parts):
    bomb = dict(parts)
    bomb["word/document.xml"] = parts["word/document.xml"][:-20] + b" " * (50 << 20)  # 50 MB of spaces, 50 KB zipped
    source = _docx(tmp_path / "bomb.docx", bomb)
    assert source.stat().st_size < 1 << 20
    result = run("import", source, "-o", tmp_path / "out")
    assert_refused(result, "bomb.docx", "压缩比异常")
    assert not (tmp_path / "out").exists()


def test_a_part_that_declares_a_huge_size_is_refused_before_inflating(tmp_path, parts, monkeypatch):
    monkeypatch.setattr(package, "MAX_PART", 1000)
    with pytest.raises(PackageError, match="解压后超过"):
        read_parts(zip_parts(parts))


def test_the_total_inflated_size_is_bounded(parts, monkeypatch):
    monkeypatch.setattr(package, "MAX_TOTAL", sum(map(len, parts.values())) - 1)
    with pytest.raises(PackageError, match="文件解压后超过"):
        read_parts(zip_parts(parts))


def test_drafters_own_output_for_a_5000_times_report_passes(parts):
    """The benchmark's 5000× report holds 74 MB of document.xml compressed about 105:1
    (its sections repeat within deflate's window); the example's body repeated alike."""
    document = parts["word/document.xml"]
    start, end = document.index(b"<w:body>") + 8, document.rindex(b"<w:sectPr")
    body = document[start:end]
    big = dict(parts)
    big["word/document.xml"] = document[:start] + body * (74_000_000 // len(body)) + document[end:]
    data = zip_parts(big)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    assert info.file_size > 70_000_000 and info.file_size / info.compress_size > 100
    assert read_parts(data)["word/document.xml"] == big["word/document.xml"]


@pytest.mark.parametrize("damage, message", [
    ("deflate", "压缩数据无法解开"),
    ("no zip", "不是有效的 .docx 文件"),
    ("no body", "没有正文"),
    ("no document", "没有可读的 Word 正文"),
])
def test_damaged_docx_import_is_a_chinese_error(tmp_path, parts, example_docx, damage, message):
    source = tmp_path / "坏.docx"
    if damage == "deflate":
        data = bytearray(example_docx.read_bytes())
        at = data.index(b"word/document.xml") + 60
        data[at:at + 200] = bytes(b ^ 0x55 for b in data[at:at + 200])
        source.write_bytes(bytes(data))
    elif damage == "no zip":
        source.write_bytes(b"PK\x03\x04 not really")
    elif damage == "no body":
        _docx(source, {**parts, "word/document.xml": b'<w:document xmlns:w="http://schemas.openxmlformats.org/'
                                                      b'wordprocessingml/2006/main"/>'})
    else:
        _docx(source, {k: v for k, v in parts.items() if k != "word/document.xml"})
    before = snapshot(tmp_path)
    result = run("import", source, "-o", tmp_path / "out")
    assert_refused(result, "坏.docx", message)
    assert snapshot(tmp_path) == before


def test_a_non_numeric_outline_level_counts_as_none(tmp_path, parts):
    damaged = dict(parts)
    damaged["word/document.xml"] = parts["word/document.xml"].replace(b"<w:pPr>", b'<w:pPr><w:outlineLvl w:val="x"/>', 1)
    result = run("import", _docx(tmp_path / "a.docx", damaged), "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


def test_an_existing_output_that_is_a_bomb_is_not_read_whole(tmp_path, parts):
    output = tmp_path / "报告.docx"
    _docx(output, {**parts, "word/document.xml": b" " * (50 << 20)})
    before = snapshot(tmp_path)
    result = run("build", EXAMPLE, "-o", output)
    assert_refused(result, "不是 drafter 生成的")
    assert snapshot(tmp_path) == before
