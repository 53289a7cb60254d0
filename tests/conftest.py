from __future__ import annotations

import os
import select
import subprocess
import sys
import textwrap
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from drafter.cli import main
from drafter.commands.build import build

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "qingyuan-2021"
TEMPLATES = ROOT / "drafter" / "writers" / "docx" / "templates"
SEED = ROOT / "tests" / "data" / "qingyuan-2021.txt"  # the published report, as scraped (shared/seed)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def run(*args: str):
    """Run the CLI in-process; returns click's Result (exit_code, output, stderr)."""
    return CliRunner().invoke(main, [str(a) for a in args])


def build_doc(source: Path, tmp_path: Path, name: str = "out.docx") -> docx.document.Document:
    return docx.Document(str(build(source, tmp_path / name)))


def at_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run drafter with stdin, stdout and stderr on a pseudo-terminal; its exit code and all it showed."""
    master, slave = os.openpty()
    process = subprocess.Popen([sys.executable, "-m", "drafter", *args], stdin=slave, stdout=slave, stderr=slave,
                               env=env, close_fds=True)
    os.close(slave)
    shown = bytearray()
    while True:
        ready, _, _ = select.select([master], [], [], 120)
        if not ready:
            process.kill()
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return process.wait(timeout=60), shown.decode("utf-8", "replace")


def body_texts(document) -> list[str]:
    """Non-empty paragraph texts, in order."""
    return [p.text for p in document.paragraphs if p.text.strip()]


MINIMAL = """
organization: 测试县司法局
year: 2023
date: 2024-01-15
parts:
  - title: 主要举措和成效
    sections:
      - title: 加强党的领导
        points:
          - title: 认真学习
            text: 组织学习10次。
"""


@pytest.fixture(scope="session")
def example_docx(tmp_path_factory) -> Path:
    return build(EXAMPLE, tmp_path_factory.mktemp("example") / "report.docx")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` (links not followed) with its content: compare two to see what changed."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            found[path.relative_to(root).as_posix()] = b"-> " + str(path.readlink()).encode()
        elif path.is_file():
            found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found
