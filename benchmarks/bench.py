"""drafter's speed, as ratios measured in one run (absolute times vary between machines and runs).

    python benchmarks/bench.py            # everything (a few minutes)
    python benchmarks/bench.py --quick    # fewer repetitions, no 1000× report
    python benchmarks/bench.py --against ../other-checkout   # start-up of this checkout against another's
    python benchmarks/bench.py import     # import only, of pages of about 1, 5 and 20 MB

Figures:
  start-up     `drafter build` of the example, whole process, against `python -c "import docxtpl"`
  check        `drafter check` of the example, whole process, against the same
  scale        build of the example's sections repeated 10×, 100×, 1000×: drafter's load + render + write
               against docxtpl's own load-and-render of the same content; time per section; peak memory
  batch        40 reports in one `drafter build` call against 40 separate calls
  import       `drafter import` of a web page 10×, 100×, 1000× the seed's size (its paragraphs and its
               一是… points repeated, with website lines between), and of a .docx of the example scaled
               the same way: time per character against the 10× page, so import stays linear in its input
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "qingyuan-2021"
PYTHON = sys.executable
DRAFTER = [PYTHON, "-m", "drafter"]
# Bytecode caching on, as for an installed package (pip compiles it); some
# sandboxes set PYTHONDONTWRITEBYTECODE, which would charge drafter, run from
# a source checkout, for compiling itself on every start.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def walls(commands: list[list[str]], repeat: int) -> list[float]:
    """Median wall time of each whole process, in seconds.

    The commands take turns, round after round, so a burst of load from
    elsewhere falls on all of them alike; the first round only warms up.
    """
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(repeat + 1):
        for command, runs in zip(commands, times):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=ENV)
            runs.append(time.perf_counter() - start)
    return [statistics.median(runs[1:]) for runs in times]


def scaled_report(folder: Path, copies: int) -> Path:
    """The example with its sections repeated `copies` times (figures declared once)."""
    import re

    source = shutil.copytree(EXAMPLE, folder / f"x{copies}")
    sections = source / "sections"
    originals = sorted(sections.glob("*.yaml"))
    for copy in range(2, copies + 1):
        for file in originals:
            text = re.split(r"\n(?:#[^\n]*\n)*figures:", file.read_text(encoding="utf-8"))[0]
            (sections / f"{copy:04d}{file.name}").write_text(text + "\n", encoding="utf-8")
    return source


SCALE_PROBE = r"""
import resource, sys, time
from pathlib import Path
source, out, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
if mode == "drafter":
    from drafter.commands.build import build
    start = time.perf_counter()
    build(source, out)
else:
    from docxtpl import DocxTemplate
    from jinja2 import Environment
    from drafter.readers.sources import load_report
    from drafter.writers.docx.render import builtin_template
    from drafter.layout.blocks import paragraphs
    blocks = paragraphs(load_report(source))
    start = time.perf_counter()
    template = DocxTemplate(str(builtin_template()))
    template.render({"paragraphs": blocks}, Environment(autoescape=True))
    template.save(str(out))
elapsed = time.perf_counter() - start
print(elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def scale(folder: Path, copies: int, repeat: int) -> dict[str, float]:
    source = scaled_report(folder, copies)
    result = {}
    for mode in ("drafter", "docxtpl"):
        runs = []
        for _ in range(repeat):
            output = subprocess.run([PYTHON, "-c", SCALE_PROBE, str(source), str(folder / f"{mode}{copies}.docx"), mode],
                                    check=True, capture_output=True, text=True, env=ENV).stdout.split()
            runs.append((float(output[0]), int(output[1])))
        result[mode] = statistics.median(r[0] for r in runs)
        result[f"{mode} memory MB"] = max(r[1] for r in runs) / 1024
    result["chars"] = sum(len(p.read_text(encoding="utf-8")) for p in source.rglob("*.yaml"))
    return result


def against(other: Path, pairs: int) -> None:
    """Start-up of `drafter build` and `drafter check` here and in another checkout (an older
    commit, say), the four commands taking turns for `pairs` rounds."""
    def drafter_in(checkout: Path) -> list[str]:
        code = f"import sys; sys.path.insert(0, {str(checkout)!r}); from drafter.cli import main; main()"
        return [PYTHON, "-c", code]

    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        commands = []
        for checkout in (ROOT, other.resolve()):
            commands.append(drafter_in(checkout) + ["build", str(EXAMPLE), "-o", str(work / f"{len(commands)}.docx")])
            commands.append(drafter_in(checkout) + ["check", str(EXAMPLE)])
        build, check, other_build, other_check = walls(commands, pairs)
    print(f"start-up against {other}: build {build:.3f} s / {other_build:.3f} s = {build / other_build:.3f}×"
          f" | check {check:.3f} s / {other_check:.3f} s = {check / other_check:.3f}× (medians of {pairs} rounds)")


SEED = ROOT / "tests" / "data" / "qingyuan-2021.txt"


def scaled_page(copies: int) -> str:
    """The seed's page with its paragraphs and points repeated: `copies` × its length, roughly."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    plans = lines.index(next(line for line in lines if line.strip() == "三、下一步工作计划"))
    points = "".join(f"{_numeral(n)}是落实第{n}项工作。完成了第{n}项任务，成效明显。" for n in range(1, 10 * copies))
    extra = ["  (一)按要点重复的小节。" + points] + [lines[plans + 2], "发布时间:2022-02-07 来源:本网"] * (10 * copies)
    return "\n".join(lines[:plans] + extra + lines[plans:]) + "\n"


def _numeral(n: int) -> str:
    sys.path.insert(0, str(ROOT))
    from drafter.model.numbering import chinese_numeral

    return chinese_numeral(n)


def import_scale(work: Path, copies: int, repeat: int) -> dict[str, float]:
    """Seconds per million characters to import the scaled page and the scaled example's .docx."""
    sys.path.insert(0, str(ROOT))
    from drafter.commands.build import build
    from drafter.readers.published import read_lines
    from drafter.readers.recognize import recognize

    page = work / f"page{copies}.txt"
    page.write_text(scaled_page(copies), encoding="utf-8")
    (work / "import").mkdir(exist_ok=True)
    docx = build(scaled_report(work / "import", copies), work / f"scaled{copies}.docx")
    figures = {}
    for name, path in (("page", page), ("docx", docx)):
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            imported = recognize(read_lines(path))
            times.append(time.perf_counter() - start)
        chars = sum(len(line.text) for line in read_lines(path))
        figures[name] = statistics.median(times) / chars * 1e6
        figures[f"{name} chars"] = chars
        figures[f"{name} points"] = sum(len(p.points) + sum(len(s.points) for s in p.sections) for p in imported.report.parts)
    return figures


def import_figures(work: Path, sizes: list[int], repeat: int) -> None:
    per_char = {}
    for copies in sizes:
        figures = import_scale(work, copies, 1 if copies >= 1000 else repeat)
        per_char[copies] = figures
        first = per_char[sizes[0]]
        print(f"import {copies:>4}×: page {figures['page chars'] / 1e6:.2f} M chars, {figures['page points']} points,"
              f" {figures['page']:.2f} s per M chars = {figures['page'] / first['page']:.2f}× of {sizes[0]}×;"
              f" .docx {figures['docx chars'] / 1e6:.2f} M chars {figures['docx']:.2f} s per M chars"
              f" = {figures['docx'] / first['docx']:.2f}× of {sizes[0]}×")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--against", type=Path, metavar="CHECKOUT", help="compare start-up with another checkout only")
    parser.add_argument("only", nargs="?", choices=["import"], help="import only, of pages of about 1, 5 and 20 MB")
    args = parser.parse_args()
    repeat = 3 if args.quick else 7
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    if args.against:
        against(args.against, 20)
        return
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        if args.only == "import":  # 100×, 500×, 2000× the seed: pages of about 1, 5 and 20 MB
            import_figures(work, [100, 500, 2000], repeat)
            return
        base, build, check = walls([
            [PYTHON, "-c", "import docxtpl"],
            DRAFTER + ["build", str(EXAMPLE), "-o", str(work / "e.docx")],  # rebuilds over its own output
            DRAFTER + ["check", str(EXAMPLE)],
        ], 2 * repeat)
        print(f"start-up  import docxtpl {base:.3f} s | drafter build {build:.3f} s = {build / base:.2f}×"
              f" | drafter check {check:.3f} s = {check / base:.2f}×")

        per_section = {}
        for copies in ([10, 100] if args.quick else [10, 100, 1000]):
            figures = scale(work, copies, 1 if copies == 1000 else repeat)
            per_section[copies] = figures["drafter"] / (7 * copies)
            print(f"scale {copies:>4}× ({figures['chars'] / 1e6:.2f} M chars): drafter {figures['drafter']:.3f} s,"
                  f" docxtpl {figures['docxtpl']:.3f} s = {figures['drafter'] / figures['docxtpl']:.2f}×;"
                  f" per section {per_section[copies] * 1000:.2f} ms = {per_section[copies] / per_section[10]:.2f}× of 10×;"
                  f" peak memory drafter {figures['drafter memory MB']:.0f} MB, docxtpl {figures['docxtpl memory MB']:.0f} MB")

        import_figures(work, [10, 100] if args.quick else [10, 100, 1000], repeat)

        reports = work / "reports"
        for n in range(40):
            shutil.copytree(EXAMPLE, reports / f"单位{n:02d}")
        (work / "out").mkdir()
        start = time.perf_counter()
        subprocess.run(DRAFTER + ["build", str(reports / "*"), "-o", str(work / "out")], check=True, capture_output=True, env=ENV)
        batch = time.perf_counter() - start
        start = time.perf_counter()
        for folder in sorted(reports.iterdir()):
            subprocess.run(DRAFTER + ["build", str(folder), "-o", str(work / f"{folder.name}.docx")], check=True,
                           capture_output=True, env=ENV)
        separate = time.perf_counter() - start
        print(f"batch     40 reports in one call {batch:.2f} s | 40 calls {separate:.2f} s = {batch / separate:.3f} (1/{separate / batch:.0f})")


if __name__ == "__main__":
    main()
