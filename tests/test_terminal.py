"""Batch runs as people run them: at a real terminal (a pseudo-terminal), and into a pipe.

CI is removed from the child's environment at the terminal: drafter hides the
bar under CI, which is how a crash in the bar once went unseen.
"""

import os
import re
import shutil
import subprocess
import sys

import pytest
from conftest import EXAMPLE, SEED
from conftest import at_terminal as _at_terminal

pty = pytest.importorskip("pty")  # POSIX only; Windows consoles are not driven here

BAR = {"build": "生成", "check": "检查", "import": "导入"}


def _bar(label: str, total: int) -> re.Pattern:
    """click's bar as drafter draws it: 生成  [####----]  1/2."""
    return re.compile(rf"{label}\s+\[[#\- ]*\]\s+\d+/{total}")


@pytest.fixture
def batch(tmp_path):
    reports = tmp_path / "reports"
    for name in ("甲局", "乙局"):
        shutil.copytree(EXAMPLE, reports / name)
        (tmp_path / "published" / name).mkdir(parents=True)
        shutil.copy(SEED, tmp_path / "published" / name / "报告.txt")
    (tmp_path / "out").mkdir()
    return {
        "build": ["build", str(reports / "*"), "-o", str(tmp_path / "out")],
        "check": ["check", str(reports / "*")],
        "import": ["import", str(tmp_path / "published" / "*" / "报告.txt"), "-o", str(tmp_path / "资料")],
    }


def _env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(TERM="xterm", COLUMNS="100", **extra)
    return env


@pytest.mark.parametrize("command", ["build", "check", "import"])
def test_a_batch_at_a_terminal_shows_a_progress_bar_and_succeeds(batch, command):
    code, shown = _at_terminal(batch[command], _env())
    assert "Traceback" not in shown and "ModuleNotFoundError" not in shown, shown
    assert code == 0, shown
    assert _bar(BAR[command], 2).search(shown), shown
    assert {"build": "已生成 2 份报告", "check": "已检查 2 份报告资料", "import": "已导入 2 份报告"}[command] in shown


def test_under_ci_the_terminal_gets_no_bar(batch):
    code, shown = _at_terminal(batch["build"], _env(CI="true"))
    assert code == 0 and not _bar(BAR["build"], 2).search(shown), shown


@pytest.mark.parametrize("command", ["build", "check", "import"])
def test_a_pipe_gets_no_bar(batch, command):
    result = subprocess.run([sys.executable, "-m", "drafter", *batch[command]], capture_output=True, check=False,
                            encoding="utf-8", env=_env())
    assert result.returncode == 0, result.stderr
    for stream in (result.stdout, result.stderr):
        assert not _bar(BAR[command], 2).search(stream) and "\r" not in stream
        assert not re.search(rf"^{BAR[command]}\s*$", stream, re.MULTILINE)  # not even the bar's label
