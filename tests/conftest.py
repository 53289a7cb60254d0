from __future__ import annotations

import os
import select
import shutil
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


# A report.yaml whose sections are the files in sections/.
FOLDER_REPORT = """
organization: 测试县司法局
year: 2023
date: 2024-01-15
parts:
  - title: 主要举措和成效
    sections: sections/*.yaml
"""


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


_FORMAL = """date: 2022-02-07
addressee: 市委、市政府
seal: true
signature: [中共清远市委全面依法治市委员会办公室, 清远市司法局]
masthead:
  organ: 清远市司法局文件
  number: 清司〔2022〕3号
  signer: 张三
imprint:
  copy_to: [市委依法治市办, 省司法厅]
  printed_by: 清远市司法局办公室
  printed_on: 2022-02-08
"""

_EVERY_KIND = """date: 2022-02-07
fonts: windows
statistics_attachment: true
"""
VARIANTS = ("example", "formal", "every-kind")


def report_variant(folder: Path, name: str) -> tuple[Path, bool]:
    """A copy of the example as one of VARIANTS, and whether to build it annotated: as it is;
    formal (主送机关, seal, joint signature, 红头, 版记); every other kind of paragraph and run
    (windows fonts, own-line headings, "1." points, a gap to fill, the statistics table, comments)."""
    source = shutil.copytree(EXAMPLE, folder / name)
    report = source / "report.yaml"
    text = report.read_text(encoding="utf-8")
    if name == "formal":
        text = text.replace("date: 2022-02-07\n", _FORMAL)
    elif name == "every-kind":
        text = text.replace("date: 2022-02-07\n", _EVERY_KIND).replace("layout: run-in", "layout: paragraph")
        text = text.replace("point_style: 一是", 'point_style: "1."').replace("【年度】年以来，", "【待填写：开头】【年度】年以来，", 1)
    report.write_text(text, encoding="utf-8")
    return source, name == "every-kind"


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


def formal(tmp: Path, name: str, settings: str) -> Path:
    """The example as a formal document: the settings go into report.yaml after its date."""
    source = shutil.copytree(EXAMPLE, tmp / name)
    report = source / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("date: 2022-02-07\n", f"date: 2022-02-07\n{settings}", 1),
                      encoding="utf-8")
    return source


COPY_TO_LONG = ["市委依法治市办", "市人大常委会办公室", "市政协办公室", "市中级人民法院", "市人民检察院", "省司法厅"]
UPWARD = ("addressee: 市委、市政府\nseal: true\nmasthead:\n  organ: 清远市司法局文件\n  number: 清司〔2022〕3号\n  signer: 张三\n"
          "imprint:\n  copy_to: [市委依法治市办, 省司法厅]\n  printed_by: 清远市司法局办公室\n  printed_on: 2022-02-08\n")
DOWNWARD = ("masthead:\n  organ: 中共清远市委全面依法治市委员会办公室\n  number: 清法办〔2022〕12号\n"
            "signature: [中共清远市委全面依法治市委员会办公室, 清远市司法局]\n"
            f"imprint:\n  copy_to: [{', '.join(COPY_TO_LONG)}]\n  printed_by: 中共清远市委全面依法治市委员会办公室\n"
            "  printed_on: 2022-02-10\n")
IMPRINT_ONLY = "imprint:\n  printed_by: 清远市司法局办公室\n  printed_on: 2022-02-08\n"  # no 抄送
