"""drafter pdf / build --pdf: LibreOffice conversion and its failures."""

import threading

import pytest
from conftest import EXAMPLE, run

from drafter.commands.build import build
from drafter.writers import pdf


def test_missing_libreoffice_says_what_to_install(tmp_path, monkeypatch):
    document = build(EXAMPLE, tmp_path / "a.docx")
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    result = run("pdf", document)
    assert result.exit_code == 2
    assert "未找到 LibreOffice" in result.output and "libreoffice-writer-nogui" in result.output
    assert not (tmp_path / "a.pdf").exists()


def test_missing_input_is_named(tmp_path):
    result = run("pdf", tmp_path / "没有.docx")
    assert result.exit_code == 2 and "没有.docx" in result.output and "找不到要转换的文件" in result.output


def test_file_that_is_not_a_docx(tmp_path):
    fake = tmp_path / "假的.docx"
    fake.write_text("不是 Word 文件", encoding="utf-8")
    result = run("pdf", fake)
    assert result.exit_code == 2 and "不是有效的 .docx 文件" in result.output


def test_libreoffice_reads_overflow_punctuation_inverted():
    from drafter.ooxml.package import read_parts, zip_parts

    original = zip_parts({"word/styles.xml": b'<w:overflowPunct w:val="0"/>', "word/document.xml": b"<x/>"})
    assert read_parts(pdf._for_libreoffice(original))["word/styles.xml"] == b'<w:overflowPunct w:val="1"/>'


needs_libreoffice = pytest.mark.skipif(pdf.find_soffice() is None, reason="LibreOffice is not installed")


@needs_libreoffice
def test_build_with_pdf_and_two_conversions_at_once(tmp_path):
    result = run("build", EXAMPLE, "-o", tmp_path / "报告.docx", "--pdf")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "报告.pdf").read_bytes().startswith(b"%PDF")
    copies = []
    for name in ("甲", "乙"):
        (tmp_path / name).mkdir()
        copies.append(build(EXAMPLE, tmp_path / name / "r.docx"))
    failures = []

    def convert(document):
        try:
            pdf.convert([document])
        except Exception as exc:  # collected for the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=convert, args=(c,)) for c in copies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert all(c.with_suffix(".pdf").is_file() for c in copies)


def _recording_conversions(monkeypatch) -> list[list[str]]:
    """`pdf.convert` replaced by a recorder: each LibreOffice start's documents, PDFs named as the real one names them."""
    starts = []

    def convert(documents, out_dir=None, archive=False):
        starts.append([d.name for d in documents])
        return [(out_dir or d.parent) / f"{d.stem}.pdf" for d in documents]

    monkeypatch.setattr(pdf, "convert", convert)
    return starts


def test_many_files_are_shared_among_one_libreoffice_per_core(tmp_path, monkeypatch):
    import os

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    starts = _recording_conversions(monkeypatch)
    names = [f"报告{n}.docx" for n in range(5)]
    result = run("pdf", *(tmp_path / name for name in names))
    assert result.exit_code == 0, result.output
    assert sorted(starts) == [["报告0.docx", "报告2.docx", "报告4.docx"], ["报告1.docx", "报告3.docx"]]
    # the PDFs are listed in the order the files were given, whichever LibreOffice finished first
    assert [line.split("：")[1] for line in result.output.splitlines()] == [str(tmp_path / f"报告{n}.pdf") for n in range(5)]


@pytest.mark.parametrize(("cores", "jobs", "expected"), [(8, None, 3), (8, "1", 1), (1, None, 1), (2, "8", 3)])
def test_the_number_of_libreoffice_processes(tmp_path, monkeypatch, cores, jobs, expected):
    import os

    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    starts = _recording_conversions(monkeypatch)
    result = run("pdf", *(tmp_path / f"{n}.docx" for n in range(3)), *(["-j", jobs] if jobs else []))
    assert result.exit_code == 0, result.output
    assert len(starts) == expected and sum(map(len, starts)) == 3  # never more starts than files


def test_a_zero_job_count_is_a_usage_error(tmp_path):
    result = run("pdf", tmp_path / "a.docx", "-j", "0")
    assert result.exit_code == 2 and "-j" in result.output


@pytest.mark.parametrize("pdf_bytes", [b"", b"%PDF-1.7\n1 0 obj <</Type /Pages /Kids [9 0 R]>> endobj", b"%PDF-1.7\nnot a pdf at all"])
def test_a_pdf_it_cannot_read_keeps_the_first_passes_placement(pdf_bytes):
    """The 版记's place is read from LibreOffice's own PDF; one written otherwise (a later
    LibreOffice, object streams) leaves the 版记 where the first pass put it, never an internal error."""
    from drafter.layout.pages import AFTER_BLANK, NEXT_PAGE

    for placement in (NEXT_PAGE, AFTER_BLANK):
        assert pdf.measured_placement(pdf_bytes, placement) == placement


@needs_libreoffice
def test_libreoffice_skips_its_first_start_self_tests(tmp_path, example_docx):
    """Each run's profile is new, and LibreOffice takes a new profile for an upgraded one: unless it
    says otherwise, every start first draws LibreOffice's graphics self-tests (a second of each start),
    leaving their log in the profile."""
    document = tmp_path / "0.docx"
    document.write_bytes(example_docx.read_bytes())
    pdf._run_libreoffice(pdf.find_soffice(), tmp_path, [document])
    assert (tmp_path / "out" / "0.pdf").stat().st_size > 10_000
    assert (tmp_path / "profile" / "user").is_dir()
    assert not list((tmp_path / "profile").rglob("GraphicsRenderTests.log"))
