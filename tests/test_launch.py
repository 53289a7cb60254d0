"""The command's entry: a plain build or check runs without click, and prints exactly what the
click application prints, at a terminal (colours) and into a pipe (plain); everything else is click's."""

import os
import pty
import select
import shutil
import subprocess
import sys

import pytest
from conftest import EXAMPLE, ROOT

from drafter.launch import plain_arguments

_ENV = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
_CLICK = "import sys; sys.argv[0] = 'drafter'; from drafter.cli import main; main(prog_name='drafter')"
_LAUNCH = "import sys; sys.argv[0] = 'drafter'; from drafter.launch import main; main()"
_MODULES = "import atexit, sys; atexit.register(lambda: print('click' in sys.modules, file=sys.__stderr__)); "


def _at_terminal(code: str, args: list[str], cwd) -> tuple[int, bytes]:
    """Exit code and everything shown, stdout and stderr both on one pseudo-terminal."""
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-c", code, *args], stdin=follower, stdout=follower, stderr=follower,
                               env=_ENV, cwd=cwd)
    os.close(follower)
    shown = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process is gone
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return process.wait(30), shown


def _in_pipe(code: str, args: list[str], cwd) -> tuple[int, bytes, bytes]:
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, env=_ENV, cwd=cwd)
    return result.returncode, result.stdout, result.stderr


@pytest.fixture
def folder(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "r")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "report.yaml").write_text("organization: 某局\nyear: 二〇二一\nparts: []\n", encoding="utf-8")
    return tmp_path


CASES = [
    ["check", "r"],
    ["check", "r", "--strict"],
    ["check", "bad"],
    ["build", "r", "-o", "报告.docx"],
    ["build", "--output=x.docx", "r", "--force"],
    ["build", "r", "-o", "报告.txt"],
    ["build", "bad", "-o", "坏.docx"],
]


@pytest.mark.parametrize("args", CASES, ids=" ".join)
def test_plain_commands_print_what_click_prints_at_a_terminal_and_in_a_pipe(folder, args):
    assert plain_arguments(args) is not None
    terminal = _at_terminal(_LAUNCH, args, folder)
    for path in folder.glob("*.docx"):
        path.unlink()
    assert terminal == _at_terminal(_CLICK, args, folder)
    assert terminal[1].strip()
    if b"\xe8\xad\xa6\xe5\x91\x8a" in terminal[1]:  # 警告: a warning is shown in colour at a terminal
        assert b"\x1b[33m" in terminal[1]
    piped = _in_pipe(_LAUNCH, args, folder)
    for path in folder.glob("*.docx"):
        path.unlink()
    assert piped == _in_pipe(_CLICK, args, folder)
    assert b"\x1b[" not in piped[1] + piped[2]


def test_a_plain_build_or_check_does_not_load_click(folder):
    for args in (["check", "r"], ["build", "r", "-o", "x.docx"], ["check", "bad"]):
        code, _, err = _in_pipe(_MODULES + _LAUNCH, args, folder)
        assert err.decode().splitlines()[-1] == "False", args
    code, out, err = _in_pipe(_MODULES + _LAUNCH, ["build", "--help"], folder)
    assert err.decode().splitlines()[-1] == "True"


@pytest.mark.parametrize("args", [
    ["build", "--help"], ["check", "-h"], ["build"], ["build", "r", "--nope"], ["build", "r", "-o"],
    ["check", "r", "r"], ["build", "r", "-o", "a.docx", "-o", "b.docx"], ["--version"], ["check", "r*"],
    ["build", "r", "--pdf"], ["build", "r", "--template", "t.docx"], ["check", "--", "r"],
])
def test_help_usage_errors_and_the_rest_go_to_click(folder, args):
    assert plain_arguments(args) is None
    assert _in_pipe(_LAUNCH, args, folder) == _in_pipe(_CLICK, args, folder)


def test_help_from_the_entry_is_clicks_chinese_help(folder):
    code, out, _ = _in_pipe(_LAUNCH, ["build", "--help"], folder)
    assert code == 0 and out.decode().startswith("用法：drafter build [选项] 资料文件夹...")
    code, _, err = _in_pipe(_LAUNCH, ["build", "r", "--zzz"], folder)
    assert code == 2 and "错误：没有这个选项：--zzz" in err.decode()


_KEEPS_HANDLER = ("import signal, sys; sys.argv[0] = 'drafter'\n"
                  "def mine(signum, frame): pass\n"
                  "signal.signal(signal.SIGTERM, mine)\n"
                  "try:\n    {}\nexcept SystemExit:\n    pass\n"
                  "print(signal.getsignal(signal.SIGTERM) is mine, file=sys.__stderr__)")


@pytest.mark.parametrize("entry", ["from drafter.launch import main; main()",
                                   "from drafter.cli import main; main(prog_name='drafter')"], ids=["plain", "click"])
def test_a_program_calling_drafter_gets_its_sigterm_handler_back(folder, entry):
    """SIGTERM unwinds a run like Ctrl-C; afterwards the handler the caller had is in place again."""
    for args in (["check", "r"], ["build", "r", "-o", "x.docx"], ["check", "bad"]):
        code, _, err = _in_pipe(_KEEPS_HANDLER.format(entry), args, folder)
        assert err.decode().splitlines()[-1] == "True", (args, err.decode())
