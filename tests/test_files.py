"""files.py: safe names (Windows rules checked with ntpath), the .drafter/ folder, exclusive names."""

import ntpath
from pathlib import Path, PureWindowsPath

import pytest
from conftest import EXAMPLE, SEED, run

from drafter import files
from drafter.errors import DrafterError
from drafter.files import (
    STEM_BYTES,
    STEM_CHARS,
    atomic_write,
    distinct_names,
    drafter_folder,
    inside,
    safe_name,
    too_long_for_windows,
    write_new,
)

HOSTILE = [
    "../x", "../../etc/passwd", "/etc/cron.d/x", "C:\\Windows\\System32\\x", "\\\\server\\share\\x",
    "a/b\\c", "..", ".", "...", " ", "", "CON", "con", "NUL.2021", "COM1", "lpt9", "AUX .x",
    '报告<>:"|?*', "tab\there", "line\nbreak", ".hidden", "trailing. . ", "清远市司法局\x00x",
]


@pytest.mark.parametrize("title", HOSTILE)
def test_a_hostile_title_becomes_one_plain_windows_file_name(title):
    name = safe_name(title)
    file = f"{name}.docx"
    # one component on Windows and POSIX alike: no drive, no separator, no parent
    assert ntpath.split(file) == ("", file) and ntpath.splitdrive(file) == ("", file)
    assert Path(file).name == file and ".." not in Path(file).parts
    assert not PureWindowsPath(file).is_reserved()
    assert not set('<>:"/\\|?*') & set(name) and all(ord(ch) >= 32 for ch in name)
    assert name and name == name.strip() and not name.startswith(".") and not name.endswith(".")
    assert ntpath.join("C:\\输出", file) == "C:\\输出\\" + file


def test_ordinary_titles_are_kept_as_they_are():
    title = "清远市司法局2021年法治政府建设年度报告"
    assert safe_name(title) == title
    assert safe_name("甲局 2021") == "甲局 2021"
    assert safe_name("") == "报告" and safe_name("///", fallback="小节") == "小节"


def test_a_long_title_is_cut_within_60_characters_and_150_bytes_at_punctuation():
    title = "关于" + "进一步加强和改进行政执法工作，" * 10 + "的报告"
    name = safe_name(title)
    assert len(name) <= STEM_CHARS and len(name.encode("utf-8")) <= STEM_BYTES
    assert name.endswith("改进行政执法工作")  # at a clause, not inside a word
    assert title.startswith(name)
    # every derived name, the longest backup included, fits a 255-byte file name
    backup = f"{name}（修改稿备份 2026-12-01 07-40-00 10）.docx"
    assert len(backup.encode("utf-8")) <= 255
    fix_backup = f"{safe_name(name + '.yaml')}.20261201-074000-10.bak"
    assert len(fix_backup.encode("utf-8")) <= 255


def test_a_cut_never_parts_a_letter_from_its_accent_or_splits_a_character():
    name = safe_name("e\u0301" * 100)  # decomposed é that NFC composes
    assert len(name) <= STEM_CHARS and name.encode("utf-8").decode("utf-8") == name
    name = safe_name("a" + "\u0301\u0302" * 80)  # no composed form: accents stay with their letter
    assert len(name.encode("utf-8")) <= STEM_BYTES


def test_windows_long_paths_are_flagged_at_260_characters():
    folder = "C:\\Users\\张三\\Documents\\"
    assert not too_long_for_windows(folder + "报告.docx")
    assert too_long_for_windows(folder + "长" * (260 - len(folder)))
    assert not too_long_for_windows(folder + "长" * (259 - len(folder)))


def test_colliding_batch_names_take_their_folder():
    assert distinct_names(["2021", "2021", "2022"], ["甲局-2021", "乙局-2021", "丙局-2022"]) == [
        "甲局-2021", "乙局-2021", "2022"]
    assert distinct_names(["Report", "report"], ["a-Report", "b-report"]) == ["a-Report", "b-report"]  # Windows folds case


def test_drafter_folder_is_made_on_demand_and_refuses_a_link(tmp_path):
    folder = drafter_folder(tmp_path)
    assert folder == tmp_path / ".drafter" and folder.is_dir()
    assert drafter_folder(tmp_path) == folder  # again: the same folder
    other = tmp_path / "other"
    (other / "r").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (other / "r" / ".drafter").symlink_to(outside)
    with pytest.raises(DrafterError, match="不是报告文件夹中的普通文件夹"):
        drafter_folder(other / "r")
    assert not any(outside.iterdir())


def test_inside_names_the_link_and_not_its_target(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("root:$6$hash\n", encoding="utf-8")
    root = tmp_path / "r"
    (root / "sections").mkdir(parents=True)
    (root / "sections" / "a.yaml").symlink_to(secret)
    with pytest.raises(DrafterError) as caught:
        inside(root, root / "sections" / "a.yaml")
    assert "a.yaml" in caught.value.message and "hash" not in str(caught.value) and "secret" not in str(caught.value)
    assert caught.value.position.line is None  # no line of the target is ever quoted


def test_write_new_never_replaces_and_reuses_an_identical_copy(tmp_path):
    taken = tmp_path / "a.bak"
    taken.write_bytes(b"someone else's")
    names = [tmp_path / "a.bak", tmp_path / "a-2.bak", tmp_path / "a-3.bak"]
    assert write_new(b"mine", names) == tmp_path / "a-2.bak"
    assert taken.read_bytes() == b"someone else's"
    assert write_new(b"mine", names) == tmp_path / "a-2.bak"  # the same bytes: one backup, not two
    assert write_new(b"other", names) == tmp_path / "a-3.bak"
    with pytest.raises(FileExistsError):
        atomic_write(taken, b"x", replace=False)
    assert taken.read_bytes() == b"someone else's"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-2.bak", "a-3.bak", "a.bak"]  # no temporary left


def test_build_next_and_import_into_a_long_windows_path_are_warned_about(tmp_path, monkeypatch):
    folder = tmp_path.joinpath(*["很长的文件夹名称" * 6] * 5)
    folder.mkdir(parents=True)
    output = folder / "报告.docx"
    monkeypatch.setattr(files, "ON_WINDOWS", True)  # the rule is Windows'; the check is plain string length
    result = run("build", EXAMPLE, "-o", output)
    assert result.exit_code == 0 and output.is_file()
    assert f"路径长达 {len(str(output))} 个字符" in result.output
    for command in (["next", EXAMPLE, "-o", folder / "2022"], ["import", SEED, "-o", folder / "资料"]):
        result = run(*command)
        assert result.exit_code == 0 and "路径长达" in result.output, result.output
    monkeypatch.setattr(files, "ON_WINDOWS", False)
    assert "路径长达" not in run("build", EXAMPLE, "-o", output).output
