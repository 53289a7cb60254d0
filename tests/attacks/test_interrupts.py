"""Ctrl-C and SIGTERM: LibreOffice ended with its whole tree, temporary folders removed, exit 130;
and the last resort for bugs: an internal-error report with exit 3, never a traceback."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pytest
from conftest import EXAMPLE, ROOT, run

from drafter.writers import pdf


def _soffice_with_profile_under(folder) -> list[int]:
    found = subprocess.run(["pgrep", "-f", f"UserInstallation=file://{folder}"], capture_output=True, text=True, encoding="utf-8",
                           check=False)
    return [int(pid) for pid in found.stdout.split()]


def _profiles_in_use(folder) -> set[str]:
    """The profiles of the LibreOffice processes running under `folder`: one per worker."""
    found = subprocess.run(["pgrep", "-af", f"UserInstallation=file://{folder}"], capture_output=True, text=True,
                           encoding="utf-8", check=False)
    return set(re.findall(r"UserInstallation=(\S+)", found.stdout))


class Terminal:
    """drafter at a pseudo-terminal, as a person runs it: Ctrl-C is the terminal's, sent to the whole
    foreground process group (drafter, its workers) but not to LibreOffice's own session."""

    def __init__(self, *args, env: dict):
        import pty

        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: drafter, with the pty as its terminal
            os.execve(sys.executable, [sys.executable, "-m", "drafter", *map(str, args)], env)

    def running(self) -> bool:
        return os.waitpid(self.pid, os.WNOHANG) == (0, 0)

    def ctrl_c(self) -> None:
        os.write(self.fd, b"\x03")

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        deadline, status = time.monotonic() + timeout, None
        while status is None and time.monotonic() < deadline:
            pid, code = os.waitpid(self.pid, os.WNOHANG)
            status = os.waitstatus_to_exitcode(code) if pid else None
            time.sleep(0.05)
        output = b""
        try:
            while chunk := os.read(self.fd, 65536):
                output += chunk
        except OSError:  # EIO: the terminal's other side is closed
            pass
        os.close(self.fd)
        assert status is not None, "drafter did not end"
        return status, output.decode("utf-8", "replace")


@pytest.mark.skipif(pdf.find_soffice() is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize(("how", "files"), [("Ctrl-C", 1), ("SIGTERM", 1), ("Ctrl-C", 3)])
def test_an_interrupted_pdf_conversion_ends_libreoffice_and_removes_its_folder(tmp_path, example_docx, how, files):
    """With several files, two LibreOffice run at once (-j 2): the interrupt ends both."""
    temp = tmp_path / "temp"
    temp.mkdir()
    documents = [tmp_path / f"报告{n}.docx" for n in range(files)]
    for document in documents:
        document.write_bytes(example_docx.read_bytes())
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(temp)}
    terminal = Terminal("pdf", *documents, "-j", "2", env=env)
    deadline = time.monotonic() + 60
    while len(_profiles_in_use(temp)) < min(files, 2):
        assert terminal.running() and time.monotonic() < deadline, "LibreOffice never started"
        time.sleep(0.05)
    if how == "Ctrl-C":
        terminal.ctrl_c()
    else:
        os.kill(terminal.pid, signal.SIGTERM)
    code, output = terminal.finish()
    assert code == 130, output
    assert "已中断" in output and "Traceback" not in output
    assert _soffice_with_profile_under(temp) == []
    assert list(temp.iterdir()) == []  # the temporary folders with LibreOffice's profiles are gone
    assert not list(tmp_path.glob("*.pdf"))


def test_on_windows_the_whole_tree_is_ended_with_taskkill(monkeypatch):
    calls = []

    class Launcher:
        pid = 4242
        returncode = None

        def poll(self):
            return self.returncode

        def kill(self):
            calls.append("kill")

        def wait(self):
            self.returncode = 1
            return 1

    monkeypatch.setattr(pdf.sys, "platform", "win32")
    monkeypatch.setattr(pdf.subprocess, "run", lambda command, **kwargs: calls.append(command))
    pdf.kill_tree(Launcher())
    assert calls[0] == ["taskkill", "/F", "/T", "/PID", "4242"]


def test_a_time_out_ends_the_process_group(monkeypatch, tmp_path):
    """On POSIX LibreOffice's launcher and soffice.bin share a group: both end."""
    grandchild = "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])"
    child = subprocess.Popen([sys.executable, "-c", f"import subprocess, sys, time; {grandchild}; time.sleep(60)"],
                             start_new_session=True)
    time.sleep(0.5)
    pdf.kill_tree(child)
    with pytest.raises(ProcessLookupError):
        os.killpg(child.pid, 0)


def test_an_unexpected_exception_is_an_internal_error_report(monkeypatch):
    import drafter.commands.build

    def bug(*args, **kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(drafter.commands.build, "check", bug)
    result = run("build", EXAMPLE, "-o", "x.docx")
    assert result.exit_code == 3
    assert "内部错误" in result.output and "ZeroDivisionError: a bug" in result.output
    assert "Traceback" not in result.output


def test_ctrl_c_at_a_terminal_stops_a_batch_without_a_traceback_from_any_worker(tmp_path):
    """Ctrl-C reaches the whole foreground group: drafter and its workers alike."""
    import shutil

    for n in range(60):
        shutil.copytree(EXAMPLE, tmp_path / "reports" / f"单位{n:02d}")
    (tmp_path / "out").mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    terminal = Terminal("build", tmp_path / "reports" / "*", "-o", tmp_path / "out", env=env)
    deadline = time.monotonic() + 60
    while not list((tmp_path / "out").glob("*.docx")):
        assert terminal.running() and time.monotonic() < deadline, "the batch never started writing"
        time.sleep(0.02)
    terminal.ctrl_c()
    code, output = terminal.finish()
    assert code == 130, output
    assert "已中断" in output and "Traceback" not in output and "KeyboardInterrupt" not in output
    assert len(list((tmp_path / "out").glob("*.docx"))) < 60  # it stopped
    assert not list((tmp_path / "out").glob(".~drafter-*"))  # and left no half-written file
