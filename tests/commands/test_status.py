"""drafter status: the office sees at a glance which department still owes what."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys

from conftest import FOLDER_REPORT, ROOT, run, write

from drafter.tables import columns

REPORT = FOLDER_REPORT
DONE = """
department: 法治督察科
title: 加强党的领导
points:
  - title: 认真学习
    text: 组织学习10次。
"""
OWES = """
department: 行政复议与应诉科
title: 持续有效化解社会矛盾
figures:
  - name: 复议案件数
    last_year: 191
  - name: 调解案件数
    last_year: 7623
points:
  - title: 推进行政复议体制改革
    text: 【待填写】办理复议案件【复议案件数】宗，调解【调解案件数】宗。
  - title: 加强应诉工作
    text: 【待填写】
"""
BROKEN = 'department: 立法科\ntitle: 完善制度体系\npoints:\n  - title: "认真审核\n    text: 审核文件12件。\n'


def folder(tmp_path, **files):
    write(tmp_path / "report.yaml", REPORT)
    for name, text in files.items():
        write(tmp_path / "sections" / f"{name}.yaml", text)
    return tmp_path


def test_each_department_file_gets_its_line_and_the_total(tmp_path):
    folder(tmp_path, **{"01-党的领导": DONE, "06-化解矛盾": OWES, "02-制度体系": BROKEN})
    result = run("status", tmp_path)
    assert result.exit_code == 1
    lines = {line.split()[1]: line.split() for line in result.output.splitlines()[1:-1]}
    assert lines["sections/01-党的领导.yaml"][:7] == ["法治督察科", "sections/01-党的领导.yaml", "0", "0", "0", "0",
                                                    lines["sections/01-党的领导.yaml"][6]]
    assert lines["sections/06-化解矛盾.yaml"][:6] == ["行政复议与应诉科", "sections/06-化解矛盾.yaml", "2", "2", "0", "0"]
    # A file that cannot be read still shows its department, read from the text, and its error.
    assert lines["sections/02-制度体系.yaml"][:6] == ["立法科", "sections/02-制度体系.yaml", "0", "0", "1", "0"]
    total = result.output.splitlines()[-1].split()
    assert total[:6] == ["合计", "2/4", "个文件已完成", "2", "2", "1"]


def test_all_done_exits_0_and_json_is_for_scripts(tmp_path):
    folder(tmp_path, **{"01-党的领导": DONE})
    assert run("status", tmp_path).exit_code == 0
    result = run("status", tmp_path, "--json")
    data = json.loads(result.output)
    assert result.exit_code == 0 and data["done"] is True
    assert [row["file"] for row in data["files"]] == ["report.yaml", "sections/01-党的领导.yaml"]
    assert data["files"][1]["department"] == "法治督察科" and data["total"]["gaps"] == 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", data["files"][1]["modified"])


def test_json_counts_what_is_owed(tmp_path):
    folder(tmp_path, **{"06-化解矛盾": OWES})
    data = json.loads(run("status", tmp_path, "--json").output)
    row = data["files"][1]
    assert (row["gaps"], row["missing_values"], row["done"]) == (2, 2, False)
    assert data["done"] is False


def test_once_the_form_is_in_use_a_file_is_done_only_when_submitted(tmp_path):
    folder(tmp_path, **{"01-党的领导": DONE, "07-公共法律服务": DONE.replace("法治督察科", "公共法律服务管理科")})
    write(tmp_path / ".drafter" / "submitted.json", '{"sections/01-党的领导.yaml": "2024-01-10T09:30:00+08:00"}')
    result = run("status", tmp_path, "--json")
    data = json.loads(result.output)
    assert result.exit_code == 1
    done = {row["file"]: row["done"] for row in data["files"]}
    assert done == {"report.yaml": True, "sections/01-党的领导.yaml": True, "sections/07-公共法律服务.yaml": False}
    assert "已提交" in run("status", tmp_path).output


def test_not_a_report_folder_is_a_chinese_error(tmp_path):
    result = run("status", tmp_path)
    assert result.exit_code == 2 and "文件夹中没有 report.yaml" in result.output


def _env():
    return {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}


def test_in_a_pipe_the_table_is_plain_text(tmp_path):
    folder(tmp_path, **{"01-党的领导": DONE, "06-化解矛盾": OWES})
    out = subprocess.run([sys.executable, "-m", "drafter", "status", str(tmp_path)], capture_output=True, env=_env())
    assert out.returncode == 1
    assert b"\x1b" not in out.stdout
    assert "行政复议与应诉科" in out.stdout.decode("utf-8")


def test_at_a_terminal_it_is_coloured_and_chinese_columns_line_up(tmp_path):
    folder(tmp_path, **{"01-党的领导": DONE, "06-化解矛盾": OWES, "02-制度体系": BROKEN})
    pid, fd = pty.fork()
    if pid == 0:  # the child: drafter at a terminal
        os.execve(sys.executable, [sys.executable, "-m", "drafter", "status", str(tmp_path)], _env())
    chunks = []
    while True:
        ready, _, _ = select.select([fd], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    _, code = os.waitpid(pid, 0)
    output = b"".join(chunks).decode("utf-8")
    assert os.waitstatus_to_exitcode(code) == 1
    assert "\x1b[3" in output  # coloured
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in output.replace("\r", "").splitlines() if line.strip()]
    header = plain[0]
    where = {name: columns(header[: header.index(name) + len(name)]) for name in ("待填写", "缺数值", "错误", "警告")}
    for line in plain[1:]:
        numbers = list(re.finditer(r"\d+(?=\s|$)", line.split(".yaml", 1)[-1] if ".yaml" in line else line.split("完成", 1)[1]))
        prefix = line[: len(line) - len(line.split(".yaml", 1)[-1])] if ".yaml" in line else line.split("完成", 1)[0] + "完成"
        ends = [columns(prefix + line[len(prefix): len(prefix) + m.end()]) for m in numbers[:4]]
        assert ends == list(where.values()), (line, ends, where)


def test_a_file_saved_as_yaml_txt_shows_as_its_departments_error(tmp_path):
    folder(tmp_path, **{"01-党的领导": DONE})
    write(tmp_path / "sections" / "06-化解矛盾.yaml.txt", OWES)
    data = json.loads(run("status", tmp_path, "--json").output)
    row = next(r for r in data["files"] if r["file"] == "sections/06-化解矛盾.yaml.txt")
    assert (row["department"], row["errors"], row["done"]) == ("行政复议与应诉科", 1, False)
