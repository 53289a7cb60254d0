"""Change sets written into a report folder: verified, recorded, undone; CSV cells in place, XLSX reported."""

import os
import shutil

import pytest
from conftest import EXAMPLE, ROOT, at_terminal, run

from drafter.errors import DrafterError
from drafter.readers.sheets import read_figures
from drafter.writers import changeset, history
from drafter.writers.changes import (
    DeleteItem,
    InsertItem,
    MoveItem,
    RemoveKey,
    SetKey,
    SetValue,
)
from drafter.writers.csvedit import SetCell
from drafter.writers.edit import EditError

SECTION = "sections/02-制度体系.yaml"


@pytest.fixture
def report(tmp_path):
    folder = tmp_path / "2021"
    shutil.copytree(EXAMPLE, folder)
    return folder


def snapshot(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file() and ".drafter" not in path.parts}


KINDS = {
    "set": [SetValue(("points", 0, "title"), "突出地方立法特色: 新")],
    "insert": [InsertItem(("points",), 1, {"title": "新要点", "text": "【待填写】"})],
    "delete": [DeleteItem(("points", 1))],
    "move": [MoveItem(("points", 2), 0)],
    "add key": [SetKey(("figures", 0, "last_year"), 180, before="unit")],
    "remove key": [RemoveKey(("figures", 0, "unit"))],
}


@pytest.mark.parametrize("kind", KINDS)
def test_undo_after_each_kind_of_change_restores_the_bytes(report, kind):
    before = snapshot(report)
    done = changeset.apply(report, {SECTION: KINDS[kind]}, "merge")
    assert [f.path for f in done.files] == [SECTION] and snapshot(report) != before
    assert run("check", report).exit_code == 0  # what was written is a valid source
    result = run("undo", report)
    assert result.exit_code == 0 and "merge（审核稿的修改）" in result.output and SECTION in result.output
    assert snapshot(report) == before


def test_fix_in_a_gbk_crlf_file_is_undone_to_the_byte(report):
    path = report / "sections" / "01-党的领导.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").replace("局主要负责同志在", "局主要负责同志,在")
                     .replace("\n", "\r\n").encode("gbk"))
    before = snapshot(report)
    assert run("check", report, "--fix").exit_code == 0
    fixed = path.read_bytes()
    assert "局主要负责同志，在".encode("gbk") in fixed and fixed.count(b"\r\n") == before[
        "sections/01-党的领导.yaml"].count(b"\r\n")
    listed = run("history", report)
    assert "check --fix（自动改正）" in listed.output and "sections/01-党的领导.yaml" in listed.output
    assert run("undo", report).exit_code == 0
    after = snapshot(report)
    assert after["sections/01-党的领导.yaml"] == before["sections/01-党的领导.yaml"]
    assert "（已撤销）" in run("history", report).output


def test_undo_refuses_naming_the_file_changed_since(report):
    changeset.apply(report, {SECTION: KINDS["set"]}, "merge")
    path = report / SECTION
    path.write_bytes(path.read_bytes() + "# 科室后来加的注释\n".encode())
    edited = snapshot(report)
    result = run("undo", report)
    assert result.exit_code == 2 and "sections/02-制度体系.yaml”在这次修改（merge）之后又被改过" in result.output
    assert snapshot(report) == edited


def test_undo_takes_back_change_sets_one_by_one_and_then_says_there_is_none(report):
    original = snapshot(report)
    changeset.apply(report, {SECTION: KINDS["set"]}, "merge")
    middle = snapshot(report)
    changeset.apply(report, {SECTION: KINDS["delete"], "report.yaml": [SetValue(("date",), "2022-02-08")]}, "form")
    assert [e.command for e in history.entries(report)] == ["merge", "form"]
    assert run("undo", report).exit_code == 0 and snapshot(report) == middle
    assert run("undo", report).exit_code == 0 and snapshot(report) == original
    result = run("undo", report)
    assert result.exit_code == 2 and "没有可以撤销的修改" in result.output


def test_a_text_that_does_not_read_back_as_intended_is_never_written(report, monkeypatch):
    before = snapshot(report)
    monkeypatch.setattr(changeset, "edit_text", lambda text, changes: text.replace("立法科", "执法科"))
    with pytest.raises(EditError, match="读出来与预期的内容不同"):
        changeset.apply(report, {SECTION: KINDS["set"]}, "merge")
    assert snapshot(report) == before and history.entries(report) == []


def test_a_file_outside_the_report_folder_is_refused(report, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("title: 甲\n", encoding="utf-8")
    with pytest.raises(DrafterError, match="不在报告文件夹中"):
        changeset.apply(report, {"../outside.yaml": [SetValue(("title",), "乙")]}, "merge")
    assert outside.read_text(encoding="utf-8") == "title: 甲\n"


def test_csv_cells_are_written_in_place_and_undone(report):
    sheet = report / "数据.csv"
    text = '名称,数值,单位\r\n"审核意见数",191,份\r\n报备数,20,"份"\r\n'
    sheet.write_bytes(text.encode("gbk"))
    before = sheet.read_bytes()
    changeset.apply(report, {"数据.csv": [SetCell(2, 2, "200"), SetCell(3, 3, "件"), SetCell(3, 1, "报备,数")]}, "form")
    assert sheet.read_bytes() == '名称,数值,单位\r\n"审核意见数",200,份\r\n"报备,数",20,"件"\r\n'.encode("gbk")
    assert [fields for fields, _, _ in read_figures(sheet)] == [
        {"name": "审核意见数", "value": 200, "unit": "份"}, {"name": "报备,数", "value": 20, "unit": "件"}]
    assert run("undo", report).exit_code == 0 and sheet.read_bytes() == before


def test_a_workbook_is_never_written_its_cells_are_reported(report):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "数据"
    book.active.append(["名称", "数值"])
    book.active.append(["审核意见数", 191])
    book.save(report / "数据.xlsx")
    before = (report / "数据.xlsx").read_bytes()
    done = changeset.apply(report, {"数据.xlsx": [SetCell(2, 2, "200", sheet="数据")]}, "merge")
    assert (report / "数据.xlsx").read_bytes() == before and done.files == []
    assert done.manual == ["数据.xlsx 工作表“数据” 第 2 行第 2 列：改为“200”"]


def test_undo_at_a_real_terminal(report):
    changeset.apply(report, {SECTION: KINDS["move"]}, "merge")
    code, shown = at_terminal(["undo", str(report)], {**os.environ, "PYTHONPATH": str(ROOT)})
    assert code == 0
    assert "已撤销" in shown and "Traceback" not in shown
    assert (report / SECTION).read_bytes() == (EXAMPLE / SECTION).read_bytes()


def test_a_change_set_half_written_is_still_undone(report, monkeypatch):
    """The history is recorded before any file is replaced: if writing stops after the first file, undo restores it."""
    before = snapshot(report)
    real = changeset.atomic_write
    calls = []

    def failing(path, data, **kwargs):
        calls.append(path)
        if len(calls) == 2:
            raise OSError("disk full")
        real(path, data, **kwargs)

    monkeypatch.setattr(changeset, "atomic_write", failing)
    with pytest.raises(OSError):
        changeset.apply(report, {SECTION: KINDS["set"], "report.yaml": [SetValue(("date",), "2022-02-08")]}, "form")
    monkeypatch.undo()
    assert snapshot(report) != before
    assert run("undo", report).exit_code == 0 and snapshot(report) == before


def test_a_history_entry_appears_whole_or_not_at_all(report, monkeypatch):
    real = history.atomic_write

    def failing(path, data, **kwargs):
        if path.name == "change.json":
            raise OSError("disk full")
        real(path, data, **kwargs)

    monkeypatch.setattr(history, "atomic_write", failing)
    before = snapshot(report)
    with pytest.raises(OSError):
        changeset.apply(report, {SECTION: KINDS["set"]}, "merge")
    assert snapshot(report) == before and history.entries(report) == []
    assert list((report / ".drafter" / "history").iterdir()) == []
