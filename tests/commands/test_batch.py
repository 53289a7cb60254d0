"""Many reports in one call, and commands that load only what they use."""

import re
import shutil
import subprocess
import sys

from conftest import EXAMPLE, SEED, run


def _reports(tmp_path, good=3):
    reports = tmp_path / "reports"
    for n in range(good):
        shutil.copytree(EXAMPLE, reports / f"单位{n}")
    (reports / "坏的").mkdir()
    (reports / "坏的" / "report.yaml").write_text("organization: 某局\nyear: 二〇二一\nparts: []\n", encoding="utf-8")
    return reports


def test_batch_build_carries_on_past_a_bad_unit_and_lists_it(tmp_path):
    reports = _reports(tmp_path)
    (tmp_path / "out").mkdir()
    result = run("build", str(reports / "*"), "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["单位0.docx", "单位1.docx", "单位2.docx"]
    assert "坏的/report.yaml:2:7:" in result.output and "以下 1 份未能生成" in result.output
    assert "已生成 3 份报告" in result.output


def test_batch_check_and_patterns_expanded_by_drafter(tmp_path):
    reports = _reports(tmp_path, good=2)
    result = run("check", str(reports / "单位*"))
    assert result.exit_code == 0 and "已检查 2 份报告资料" in result.output
    assert run("check", str(reports / "*")).exit_code == 2
    assert "没有找到任何文件" in run("check", str(tmp_path / "没有*")).output


def test_batch_output_must_be_a_folder(tmp_path):
    reports = _reports(tmp_path, good=2)
    result = run("build", str(reports / "单位*"), "-o", tmp_path / "x.docx")
    assert result.exit_code == 2 and "已存在的文件夹" in result.output


def _modules_after(*args: str) -> set[str]:
    code = ("import sys, runpy; sys.argv = ['drafter', *sys.argv[1:]]\n"
            "try:\n    runpy.run_module('drafter', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "print(' '.join(sorted(sys.modules)), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, encoding="utf-8")
    return set(result.stderr.strip().splitlines()[-1].split())


def test_check_loads_no_docx_machinery():
    modules = _modules_after("check", str(EXAMPLE))
    assert "drafter.readers.sources" in modules
    assert not {"docx", "docxtpl", "lxml", "jinja2", "flask", "waitress", "drafter.web"} & modules
    # Nor what start-up can do without: typing_extensions (and the inspect it loads), read by msgspec
    # only when present; the explanations of syntax errors, which a sound file never needs; the
    # readers of figure sheets, which the example has none of; copy, which no check copies with;
    # signal's enums (the handler for SIGTERM is set through its C half).
    assert not {"typing_extensions", "inspect", "drafter.readers.yamlsyntax", "csv", "drafter.readers.sheets",
                "copy", "signal"} & modules


def test_build_with_the_builtin_template_loads_no_docxtpl_nor_jinja(tmp_path):
    modules = _modules_after("build", str(EXAMPLE), "-o", str(tmp_path / "x.docx"))
    assert (tmp_path / "x.docx").is_file()
    assert not {"docx", "docxtpl", "lxml", "jinja2", "flask", "waitress", "drafter.web"} & modules
    # One report needs no worker processes, and validation no heavyweight model library; a small
    # report's hashes need no OpenSSL, and the built-in template's paragraphs pair without difflib;
    # the map's JSON is msgspec's (json is for reading a reviewed file back).
    assert not {"concurrent.futures.process", "multiprocessing", "pydantic", "_hashlib", "difflib", "json",
                "signal"} & modules


def test_no_module_compiles_a_pattern_when_loaded():
    """Compiling is start-up time every command pays (0.1–1 ms a pattern with Chinese in it): a
    module's patterns are `lazy`, compiled by the run that first uses one."""
    code = ("import pkgutil, re, sys, importlib, drafter\n"
            "compiled = []\n"
            "def spy(pattern, flags=0):\n"
            "    frame = sys._getframe(1)\n"
            "    while frame.f_globals.get('__name__', '').split('.')[0] == 're': frame = frame.f_back\n"
            "    compiled.append(frame.f_globals.get('__name__', '') + ' ' + repr(pattern)[:40])\n"
            "    return original(pattern, flags)\n"
            "original, re._compile = re._compile, spy\n"
            "for module in pkgutil.walk_packages(drafter.__path__, 'drafter.'):\n"
            "    if module.name != 'drafter.__main__':  # runs the command\n"
            "        importlib.import_module(module.name)\n"
            "print(len(sys.modules), *[c for c in compiled if c.startswith('drafter')], sep='\\n')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, encoding="utf-8", check=True)
    loaded, *compiled = result.stdout.splitlines()
    assert int(loaded) > 100 and compiled == []


def test_a_lazy_pattern_works_as_the_compiled_one():
    from drafter.patterns import lazy

    pattern = lazy(r"(\d+)年", re.ASCII)
    assert pattern.search("二〇二一即2021年").group(1) == "2021"
    assert pattern.sub(r"\1", "2021年") == "2021" and pattern.findall("1年2年") == ["1", "2"]
    assert pattern.pattern == r"(\d+)年" and pattern.flags & re.ASCII and pattern.groups == 1


def test_batch_import(tmp_path):
    from conftest import ROOT, SEED

    samples = tmp_path / "samples"
    samples.mkdir()
    for file in [SEED, *sorted((ROOT / "tests" / "data" / "samples").glob("*.txt"))[:2]]:
        shutil.copy(file, samples / file.name)
    result = run("import", str(samples / "*.txt"), "-o", tmp_path / "imported")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "imported").iterdir()) == sorted(p.stem for p in samples.iterdir())
    assert run("check", str(tmp_path / "imported" / "*")).exit_code == 0


def test_batch_pdf_runs_one_libreoffice_per_core(tmp_path, monkeypatch):
    import os

    import pytest

    from drafter.writers import pdf

    if pdf.find_soffice() is None:
        pytest.skip("LibreOffice is not installed")
    reports = _reports(tmp_path, good=3)
    (tmp_path / "out").mkdir()
    calls = []
    real = pdf.convert

    def recording(documents, out_dir=None, archive=False):
        calls.append(len(documents))
        return real(documents, out_dir, archive)

    monkeypatch.setattr(pdf, "convert", recording)
    result = run("build", str(reports / "单位*"), "-o", tmp_path / "out", "--pdf")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == ["单位0.pdf", "单位1.pdf", "单位2.pdf"]
    assert len(calls) == min(os.cpu_count() or 1, 3) and sum(calls) == 3  # one LibreOffice per worker, not per file


def test_batch_outputs_that_would_collide_take_their_folders_name(tmp_path):
    for office in ("甲局", "乙局"):
        shutil.copytree(EXAMPLE, tmp_path / office / "2021")
    shutil.copytree(EXAMPLE, tmp_path / "丙局" / "2022")
    out = tmp_path / "out"
    out.mkdir()
    result = run("build", str(tmp_path / "*" / "2021"), str(tmp_path / "丙局" / "2022"), "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["2022.docx", "乙局-2021.docx", "甲局-2021.docx"]
    assert "已生成 3 份报告" in result.output  # the count printed is the count written


def test_a_batch_whose_names_still_collide_writes_nothing(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "甲局" / "2021")
    shutil.copytree(EXAMPLE, tmp_path / "x" / "甲局" / "2021")
    out = tmp_path / "out"
    out.mkdir()
    (out / "甲局-2021.docx").write_bytes(b"an earlier output")
    result = run("build", str(tmp_path / "甲局" / "2021"), str(tmp_path / "x" / "甲局" / "2021"), "-o", out)
    assert result.exit_code == 2 and "输出文件名相同" in result.output and "没有生成任何文件" in result.output
    assert [p.name for p in out.iterdir()] == ["甲局-2021.docx"]
    assert (out / "甲局-2021.docx").read_bytes() == b"an earlier output"


def test_batch_import_of_two_files_with_one_name_keeps_both(tmp_path):
    for office in ("甲局", "乙局"):
        (tmp_path / office).mkdir()
        shutil.copy(SEED, tmp_path / office / "2021.txt")
    result = run("import", str(tmp_path / "*" / "2021.txt"), "-o", tmp_path / "资料")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "资料").iterdir()) == ["乙局-2021", "甲局-2021"]
    assert "已导入 2 份报告" in result.output


def test_a_batch_runs_a_worker_per_core_forked_with_the_templates_loaded(tmp_path, monkeypatch):
    import concurrent.futures
    import os

    from drafter.writers.docx import render

    seen = {}
    real = concurrent.futures.ProcessPoolExecutor

    class Recording(real):
        def __init__(self, max_workers=None, **kwargs):
            seen.update(workers=max_workers, templates=render.load_template.cache_info().currsize)
            super().__init__(max_workers=max_workers, **kwargs)

    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Recording)
    render.load_template.cache_clear()
    reports = _reports(tmp_path, good=10)
    (tmp_path / "out").mkdir()
    result = run("build", str(reports / "单位*"), "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "out").glob("*.docx"))) == 10
    assert seen == {"workers": 8, "templates": 2}  # both built-in templates, loaded before the fork
