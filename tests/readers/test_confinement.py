"""Every file read for a report resolves, links followed, inside the report folder."""

import os

import pytest
from conftest import FOLDER_REPORT, run, snapshot, write

from drafter.checks.check import check

REPORT = FOLDER_REPORT
SECTION = """
department: 办公室
title: 加强党的领导
points:
  - text: 组织学习10次。
"""
SECRET = "root:$6$Zk3v8NQ$hashofthepassword:19000:0:99999:7:::\n"


@pytest.fixture
def world(tmp_path):
    """A report folder, and beside it (outside) a secret the report must never read."""
    root = tmp_path / "r"
    write(root / "report.yaml", REPORT)
    write(root / "sections" / "01-党的领导.yaml", SECTION)
    secret = write(tmp_path / "outside" / "shadow", SECRET)
    write(tmp_path / "outside" / "02-外面.yaml", SECTION.replace("加强党的领导", "外面的小节"))
    return root, secret


def _refused(result, link_name):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "指向报告文件夹之外" in result.output and link_name in result.output
    assert "hash" not in result.output and "root:" not in result.output and "外面的小节" not in result.output


def test_a_section_linked_to_a_file_outside_is_refused_without_quoting_it(world, tmp_path):
    root, secret = world
    (root / "sections" / "02-口令.yaml").symlink_to(secret)
    before = snapshot(tmp_path)
    _refused(run("check", root), "02-口令.yaml")
    out = tmp_path / "out.docx"
    _refused(run("build", root, "-o", out), "02-口令.yaml")
    assert not out.exists() and snapshot(tmp_path) == before


def test_a_sections_folder_that_is_a_link_outside_is_refused_once(world, tmp_path):
    root, _ = world
    os.rename(root / "sections", tmp_path / "moved")
    (root / "sections").symlink_to(tmp_path / "outside")
    result = run("check", root)
    _refused(result, "sections")
    assert result.output.count("指向报告文件夹之外") == 1  # the link is named once, not once per file


def test_a_sheet_linked_outside_is_refused(world, tmp_path):
    root, _ = world
    write(tmp_path / "outside" / "数据.csv", "名称,数值\n秘密,1\n")
    (root / "数据.csv").symlink_to(tmp_path / "outside" / "数据.csv")
    write(root / "report.yaml", REPORT + "figures_from: 数据.csv\n")
    _refused(run("check", root), "数据.csv")


def test_report_yaml_linked_outside_is_refused(world, tmp_path):
    root, _ = world
    write(tmp_path / "outside" / "report.yaml", REPORT)
    (root / "report.yaml").unlink()
    (root / "report.yaml").symlink_to(tmp_path / "outside" / "report.yaml")
    _refused(run("check", root), "report.yaml")


def test_links_inside_the_folder_are_followed_but_a_file_reached_twice_is_an_error(world):
    root, _ = world
    write(root / "共用" / "03-共用.yaml", SECTION.replace("加强党的领导", "共用的小节"))
    (root / "sections" / "03-链接.yaml").symlink_to(root / "共用" / "03-共用.yaml")
    result = check(root)
    assert not result.errors
    assert [s.title for s in result.sources.report.parts[0].sections] == ["加强党的领导", "共用的小节"]
    # the same file a second time, through another link: it would print twice
    (root / "sections" / "04-又一个链接.yaml").symlink_to(root / "sections" / "01-党的领导.yaml")
    result = run("check", root)
    assert result.exit_code == 2 and "是同一个文件（经由链接）" in result.output
    assert "04-又一个链接.yaml" in result.output and "01-党的领导.yaml" in result.output


def test_a_file_named_by_two_patterns_is_an_error(world):
    root, _ = world
    write(root / "report.yaml", REPORT.replace("sections: sections/*.yaml",
                                               "sections: [sections/01-党的领导.yaml, sections/*.yaml]"))
    result = run("check", root)
    assert result.exit_code == 2 and "被引用了两次" in result.output


def test_drafters_own_folder_is_never_read_nor_warned_about(world):
    root, _ = world
    write(root / ".drafter" / "history" / "01-党的领导.yaml", SECTION.replace("加强党的领导", "旧的版本"))
    write(root / ".drafter" / "backups" / "sections" / "01-党的领导.yaml.20240101-000000.bak", SECTION)
    write(root / "report.yaml", REPORT.replace("sections/*.yaml", "\"**/*.yaml\""))
    result = check(root)
    assert not result.errors and not result.warnings, [str(p) for p in result.problems]
    assert [s.title for s in result.sources.report.parts[0].sections] == ["加强党的领导"]
    write(root / "report.yaml", REPORT.replace("sections/*.yaml", ".drafter/history/01-党的领导.yaml"))
    result = run("check", root)
    assert result.exit_code == 2 and "drafter 自己的文件夹" in result.output
