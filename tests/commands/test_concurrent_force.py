"""Ten `drafter build --force` runs at once over a reviewer's edited file: the edits are never lost."""

import subprocess
import sys
import time

import docx
from conftest import EXAMPLE

from drafter.commands.build import build
from drafter.writers.docx import fingerprint

# Each run imports drafter, says it is ready, and waits for the start signal: all ten then race.
_RACER = """
import pathlib, sys, time
from drafter.cli import main
sync = pathlib.Path(sys.argv[1])
(sync / f"ready-{sys.argv[2]}").touch()
while not (sync / "go").exists():
    time.sleep(0.002)
sys.argv = ["drafter", *sys.argv[3:]]
main()
"""


def test_ten_concurrent_forced_builds_keep_the_reviewers_file(tmp_path):
    out, sync = tmp_path / "out", tmp_path / "sync"
    out.mkdir()
    sync.mkdir()
    target = build(EXAMPLE, out / "报告.docx")
    document = docx.Document(str(target))
    document.paragraphs[2].add_run("领导批示：此处需补充。")
    document.save(str(target))
    edited = target.read_bytes()
    (out / "旁边的文件.txt").write_text("untouched", encoding="utf-8")
    runs = [
        subprocess.Popen([sys.executable, "-c", _RACER, str(sync), str(n), "build", str(EXAMPLE), "-o", str(target), "--force"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for n in range(10)
    ]
    deadline = time.monotonic() + 60
    while len(list(sync.glob("ready-*"))) < 10 and time.monotonic() < deadline:
        time.sleep(0.01)
    (sync / "go").touch()
    streams = [run.communicate(timeout=120) for run in runs]
    results = [(run.returncode, o.decode("utf-8"), e.decode("utf-8")) for run, (o, e) in zip(runs, streams)]
    for code, stdout, stderr in results:
        assert code == 0 and "Traceback" not in stderr, stderr
        assert "已生成" in stdout
    backups = [p for p in out.iterdir() if "修改稿备份" in p.name]
    assert [p.read_bytes() == edited for p in backups] == [True], [p.name for p in backups]  # kept once, byte for byte
    assert sum("原文件已另存为" in stdout for _, stdout, _ in results) >= 1
    assert fingerprint.state(target) is fingerprint.State.UNEDITED
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(["报告.docx", backups[0].name, "旁边的文件.txt"])  # no temporary file left behind
    assert (out / "旁边的文件.txt").read_text(encoding="utf-8") == "untouched"
