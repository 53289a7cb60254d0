"""Outputs that are not regular files, and every fault in writing: exit 2, the file named, nothing lost."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT, run
from helpers import assert_refused, snapshot

import drafter.files


def _drafter(*args, cwd: Path) -> subprocess.CompletedProcess:
    """A real process: an output that hangs would hang it, and the timeout would say so."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "drafter", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=60, check=False)


@pytest.mark.parametrize("kind", ["fifo", "symlink to /dev/zero", "device"])
def test_an_output_that_is_not_a_regular_file_is_refused_before_any_work(tmp_path, kind):
    output = tmp_path / "报告.docx"
    if kind == "fifo":
        os.mkfifo(output)
    elif kind == "device":
        os.mknod(output, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # /dev/null under the output's name
    else:
        output.symlink_to("/dev/zero")
    done = _drafter("build", EXAMPLE, "-o", output, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "不是普通文件" in done.stderr and "Traceback" not in done.stderr
    assert not list(tmp_path.glob(".~drafter-*"))


def test_a_pdf_target_that_is_a_folder_is_refused_before_libreoffice(tmp_path, example_docx):
    document = tmp_path / "报告.docx"
    document.write_bytes(example_docx.read_bytes())
    (tmp_path / "报告.pdf").mkdir()
    result = run("pdf", document)
    assert_refused(result, "报告.pdf", "输出位置是一个文件夹")


def test_a_name_too_long_for_the_file_system(tmp_path):
    result = run("build", EXAMPLE, "-o", tmp_path / ("长" * 100 + ".docx"))
    assert_refused(result, "文件名或路径太长")


FAULTS = [
    (errno.ENOSPC, "磁盘空间不足"),
    (errno.EROFS, "只读"),
    (errno.EBUSY, "正被其他程序占用"),
    (errno.EACCES, "正在其他程序"),  # a PDF or .docx held open by a viewer on Windows
    (errno.ENAMETOOLONG, "太长"),
    (errno.EISDIR, "是一个文件夹"),
]


@pytest.fixture
def previous(tmp_path, example_docx):
    """An earlier build the user has: it must come through every fault unchanged."""
    output = tmp_path / "out" / "报告.docx"
    output.parent.mkdir()
    output.write_bytes(example_docx.read_bytes())
    return output


@pytest.mark.parametrize("code, message", FAULTS, ids=[errno.errorcode[c] for c, _ in FAULTS])
def test_a_failed_replace_keeps_the_previous_output(tmp_path, previous, monkeypatch, code, message):
    (EXAMPLE / "report.yaml").read_text(encoding="utf-8")  # the example must be readable, untouched
    before = snapshot(previous.parent)

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code), str(previous))

    monkeypatch.setattr(drafter.files.os, "replace", refuse)
    result = run("build", EXAMPLE, "-o", previous)
    assert_refused(result, str(previous), message)
    assert snapshot(previous.parent) == before  # no temporary file left either


def test_a_full_disk_while_writing_keeps_the_previous_output(previous, monkeypatch):
    before = snapshot(previous.parent)

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(drafter.files.os, "fsync", full)
    assert_refused(run("build", EXAMPLE, "-o", previous), "磁盘空间不足")
    assert snapshot(previous.parent) == before


def _small_tmpfs(folder: Path) -> bool:
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", str(folder)], capture_output=True, check=False)
    return done.returncode == 0


def test_a_really_full_disk(tmp_path):
    disk = tmp_path / "disk"
    try:
        if not _small_tmpfs(disk):
            pytest.skip("mounting a tmpfs is not permitted here (the monkeypatched variants still ran)")
    except FileNotFoundError:
        pytest.skip("no mount command")
    try:
        result = run("build", EXAMPLE, "-o", disk / "报告.docx")
        assert_refused(result, "磁盘空间不足")
        assert list(disk.iterdir()) == []
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_check_fix_on_a_read_only_folder_changes_nothing(tmp_path, monkeypatch):
    import shutil

    source = shutil.copytree(EXAMPLE, tmp_path / "资料")
    (source / "sections" / "01-党的领导.yaml").write_text(
        (source / "sections" / "01-党的领导.yaml").read_text(encoding="utf-8").replace("精神。通过", "精神,通过"), encoding="utf-8")
    before = snapshot(source)

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(drafter.files.tempfile, "mkstemp", read_only)
    assert "半角" in run("check", source).output
    result = run("check", source, "--fix")
    assert_refused(result, "只读")
    assert snapshot(source) == before
