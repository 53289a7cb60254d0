"""Content never becomes a path unmade safe: hostile titles and section titles in build, next, publish, import."""

import json

import pytest
from conftest import MINIMAL, SEED, run, snapshot, write

from drafter.files import STEM_BYTES


def _hostile(tmp_path):
    return ["../victim", "../../victim", str(tmp_path / "victim"), "a/b\\c", "CON", "长" * 300, "..", "报告<1>:|?*"]


def _report(folder, title):
    quoted = json.dumps(title, ensure_ascii=False)  # a YAML double-quoted scalar
    return write(folder / "report.yaml", MINIMAL.replace("year: 2023", f"year: 2023\ntitle: {quoted}"))


@pytest.fixture
def world(tmp_path):
    """A victim file beside and above where drafter may write: it must never change."""
    work = tmp_path / "work"
    work.mkdir()
    write(tmp_path / "victim.docx", "the user's own file")
    write(tmp_path / "victim", "another file")
    return work


@pytest.mark.parametrize("index", range(8))
def test_build_without_output_writes_one_safe_name_in_the_current_folder(world, tmp_path, monkeypatch, index):
    title = _hostile(tmp_path)[index]
    source = _report(tmp_path / "src", title)
    monkeypatch.chdir(world)
    before = snapshot(tmp_path)
    result = run("build", source.parent)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    [written] = list(world.iterdir())
    assert len(written.stem.encode("utf-8")) <= STEM_BYTES and "/" not in written.name and "\\" not in written.name
    assert f"已生成：{written.name}" in result.output
    after = snapshot(tmp_path)
    assert {k: v for k, v in after.items() if not k.startswith("work/")} == before  # nothing else changed


@pytest.mark.parametrize("index", range(8))
def test_publish_writes_only_inside_its_folder(world, tmp_path, index):
    title = _hostile(tmp_path)[index]
    source = _report(tmp_path / "src", title)
    dest = world / "发布"
    before = snapshot(tmp_path)
    result = run("publish", source.parent, "-o", dest, "--no-pdf")
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in dest.iterdir()) == [".docx", ".html", ".txt"]
    after = snapshot(tmp_path)
    assert {k: v for k, v in after.items() if not k.startswith("work/发布/")} == before


def test_publish_refuses_a_folder_with_files_and_replaces_nothing(world, tmp_path):
    source = _report(tmp_path / "src", "../victim")
    dest = world / "发布"
    write(dest / "victim.docx", "already published")
    result = run("publish", source.parent, "-o", dest, "--no-pdf")
    assert result.exit_code == 2 and "不是空的" in result.output
    assert (dest / "victim.docx").read_text(encoding="utf-8") == "already published"
    assert sorted(p.name for p in dest.iterdir()) == ["victim.docx"]


@pytest.mark.parametrize("index", [0, 2, 3, 5])
def test_next_writes_its_draft_inside_the_new_folder(world, tmp_path, index):
    title = _hostile(tmp_path)[index]
    source = _report(tmp_path / "src", title)
    before = snapshot(tmp_path)
    result = run("next", source.parent, "-o", world / "2024")
    assert result.exit_code == 0, result.output
    drafts = list((world / "2024").glob("*（草稿）.docx"))
    assert len(drafts) == 1 and len(drafts[0].name.encode("utf-8")) <= 255
    after = snapshot(tmp_path)
    assert {k: v for k, v in after.items() if not k.startswith("work/2024/")} == before


def test_import_names_section_files_safely(world, tmp_path):
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("(一)深入贯彻落实习近平法治思想", "(一)../../../victim/CON<>:深入贯彻落实习近平法治思想", 1)
    published = write(tmp_path / "src" / "报告.txt", text)
    before = snapshot(tmp_path)
    result = run("import", published, "-o", world / "资料")
    assert result.exit_code == 0, result.output
    after = snapshot(tmp_path)
    assert {k: v for k, v in after.items() if not k.startswith("work/资料/")} == before
    names = [p.name for p in (world / "资料" / "sections").iterdir()]
    assert all(set(name) - set('<>:"/\\|?*') == set(name) for name in names)
    assert run("check", world / "资料").exit_code in (0, 1)  # the imported sources load back
