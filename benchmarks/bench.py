"""drafter's speed against a floor and a peer, measured in one run (absolute times vary between machines).

    python benchmarks/bench.py            # everything (about 13 minutes on 2 cores)
    python benchmarks/bench.py --quick    # fewer pairs, sizes up to 1000×, a batch of 40
    python benchmarks/bench.py --only scale   # one kind of figure (start-up, scale, batch, import, pdf, merge)
    python benchmarks/bench.py import     # import only, of pages of about 1, 5 and 20 MB
    python benchmarks/bench.py --against ../other-checkout   # start-up here against another checkout

Figures (each a median of interleaved runs, with the min–max of the ratios):
  floor     a Python process that parses the example with libyaml's CSafeLoader (report.yaml and every
            section file), deflates the built .docx's parts with fixed timestamps and writes the file
            atomically with fsync: the least any Python tool doing this job must spend
  pandoc    pandoc converting the same text, as Markdown, with the built-in template as --reference-doc
  start-up  `drafter build` and `drafter check` of the example, whole processes, against the floor and
            pandoc; the rounds run all commands in turn (rotating which goes first), each ratio is taken
            within a round, so load from elsewhere falls on both sides of it; also at a terminal; and,
            when .pth files in site-packages run code at every start, build and check against the
            floor once more without them (python -S, site-packages on sys.path)
  scale     the example's sections repeated 100× … 5000×: load + check + render + write in one process,
            the sizes taking turns (3 rounds); the marginal cost per section is the slope between two
            sizes (fixed costs cancel out); peak memory (max RSS) per section
  batch     N reports in one `drafter build` call: cores used = CPU time of the process tree / wall time,
            the median of 3 runs, each beside what busy loops get of the machine then
  import    `drafter import` of a web page 10×, 100×, 1000× the seed's size (its paragraphs and its
            一是… points repeated, with website lines between), and of a .docx of the example scaled
            the same way: time per character against the 10× page, so import stays linear in its input
  pdf       `drafter pdf` of the example (one LibreOffice start); with --against, here and there; and of
            10 reports of 20+ pages in one call, one LibreOffice (-j 1) against one per core
  merge     `drafter merge --dry-run` of a reviewed file (every section paragraph edited), the example
            and its sections repeated 100×, whole process, against `drafter build` of the same report
"""

from __future__ import annotations

import argparse
import os
import platform
import pty
import re
import resource
import select
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
SECTIONS = len(list((EXAMPLE / "sections").glob("*.yaml")))
# Bytecode caching on, as for an installed package (pip compiles it); some
# sandboxes set PYTHONDONTWRITEBYTECODE, which would charge drafter, run from
# a source checkout, for compiling itself on every start.  This checkout's drafter first.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])

FLOOR = r"""
import io, os, sys, tempfile, zipfile
from pathlib import Path
import yaml
source, built, out = (Path(a) for a in sys.argv[1:4])
for file in [source / "report.yaml", *sorted((source / "sections").glob("*.yaml"))]:
    yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
with zipfile.ZipFile(built) as package:
    parts = [(name, package.read(name)) for name in package.namelist()]
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
    for name, data in parts:
        package.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
fd, temp = tempfile.mkstemp(dir=out.parent)
with os.fdopen(fd, "wb") as handle:
    handle.write(buffer.getvalue())
    handle.flush()
    os.fsync(handle.fileno())
os.replace(temp, out)
"""


def _run_piped(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True, env=ENV)


def _run_at_terminal(command: list[str]) -> None:
    """The command with stdout and stderr on a pseudo-terminal, as a person at a console runs it."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, stdin=follower, stdout=follower, stderr=follower, env=ENV)
    os.close(follower)
    while select.select([leader], [], [], 60)[0]:
        try:
            if not os.read(leader, 65536):
                break
        except OSError:
            break
    os.close(leader)
    if process.wait() != 0:
        raise subprocess.CalledProcessError(process.returncode, command)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def rounds(commands: dict[str, tuple[list[str], bool]], count: int) -> dict[str, list[tuple[float, float]]]:
    """(wall, CPU) times of whole processes, `count` rounds (after one to warm up) in which every
    command runs once, the first to go rotating; the value says whether it runs at a terminal."""
    names = list(commands)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    for index in range(count + 1):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            command, terminal = commands[name]
            cpu, start = _children_cpu(), time.perf_counter()
            (_run_at_terminal if terminal else _run_piped)(command)
            if index:
                times[name].append((time.perf_counter() - start, _children_cpu() - cpu))
    return times


def ratio(times: dict[str, list[tuple[float, float]]], a: str, b: str) -> str:
    """Median of the ratios within rounds, wall time and CPU time (user + system, which load
    from elsewhere on the machine disturbs less)."""
    text = []
    for kind, label in ((0, "wall"), (1, "CPU")):
        ratios = [x[kind] / y[kind] for x, y in zip(times[a], times[b])]
        text.append(f"{label} {statistics.median(t[kind] for t in times[a]) * 1000:.0f} ms"
                    f" / {statistics.median(t[kind] for t in times[b]) * 1000:.0f} ms"
                    f" = {statistics.median(ratios):.2f}× (min–max {min(ratios):.2f}–{max(ratios):.2f})")
    return f"{a} / {b}: " + "; ".join(text) + f"; {len(times[a])} pairs"


def markdown(folder: Path) -> Path:
    """The example's text as Markdown: the title, headings and paragraphs drafter would write."""
    sys.path.insert(0, str(ROOT))
    from drafter.layout.blocks import paragraphs
    from drafter.readers.sources import load_report

    marks = {"title": "% ", "heading1": "# ", "heading2": "## "}
    lines = []
    for block in paragraphs(load_report(EXAMPLE)):
        if block.style == "table":
            lines.append(" | ".join(block.head))
            lines += [" | ".join(row) for row in block.rows]
        else:
            lines.append(marks.get(block.style, "") + block.text.replace("\n", " "))
    path = folder / "example.md"
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return path


def start_up(work: Path, count: int) -> None:
    sys.path.insert(0, str(ROOT))
    from drafter.writers.docx.builtin import builtin_template

    built = work / "built.docx"
    _run_piped(DRAFTER + ["build", str(EXAMPLE), "-o", str(built)])
    commands = {
        "build": (DRAFTER + ["build", str(EXAMPLE), "-o", str(work / "b.docx")], False),  # rebuilds over its own output
        "check": (DRAFTER + ["check", str(EXAMPLE)], False),
        "floor": ([PYTHON, "-c", FLOOR, str(EXAMPLE), str(built), str(work / "f.docx")], False),
        "build at a terminal": (DRAFTER + ["build", str(EXAMPLE), "-o", str(work / "t.docx")], True),
    }
    pandoc = shutil.which("pandoc")
    if pandoc:
        commands["pandoc"] = ([pandoc, str(markdown(work)), "-o", str(work / "p.docx"),
                               f"--reference-doc={builtin_template()}"], False)
    times = rounds(commands, count)
    print(f"start-up  {ratio(times, 'build', 'floor')}")
    print(f"          {ratio(times, 'check', 'floor')}")
    print(f"          {ratio(times, 'build at a terminal', 'floor')}")
    if pandoc:
        print(f"          {ratio(times, 'build', 'pandoc')}")
        print(f"          {ratio(times, 'build at a terminal', 'pandoc')}")
    else:
        print("          pandoc not found, no ratio to it: install it (Debian/Ubuntu: sudo apt-get install pandoc;"
              " Windows: https://pandoc.org/installing.html) and run again")
    hooks = start_up_hooks()
    if hooks:
        # Every process above also ran these; without them the floor is what it is on a plain interpreter.
        bare = {"build": [*_BARE, "drafter", "build", str(EXAMPLE), "-o", str(work / "b.docx")],
                "check": [*_BARE, "drafter", "check", str(EXAMPLE)],
                "floor": [PYTHON, "-S", "-c", _BARE_SITE + FLOOR, str(EXAMPLE), str(built), str(work / "f.docx")]}
        times = rounds({name: (command, False) for name, command in bare.items()}, count)
        print(f"          without the start-up hooks of {', '.join(hooks)} (python -S, site-packages on sys.path):")
        print(f"          {ratio(times, 'build', 'floor')}")
        print(f"          {ratio(times, 'check', 'floor')}")


# site-packages on sys.path without running its .pth files (python -S skips them)
_BARE_SITE = "import site, sys; sys.path.extend(site.getsitepackages())\n"
_BARE = [PYTHON, "-S", "-c", _BARE_SITE + "import runpy; sys.argv = sys.argv[1:]; runpy.run_module('drafter', run_name='__main__')"]


def start_up_hooks() -> list[str]:
    """The .pth files in site-packages that run code at every interpreter start (a line starting
    with "import", which site.py executes): they slow the floor and drafter alike."""
    import site

    return sorted(path.name for folder in site.getsitepackages() for path in Path(folder).glob("*.pth")
                  if any(line.startswith(("import ", "import\t")) for line in path.read_text(errors="replace").splitlines()))


def scaled_report(folder: Path, copies: int) -> Path:
    """The example with its sections repeated `copies` times (figures declared once)."""
    source = shutil.copytree(EXAMPLE, folder / f"x{copies}")
    sections = source / "sections"
    originals = sorted(sections.glob("*.yaml"))
    texts = [re.split(r"\n(?:#[^\n]*\n)*figures:", file.read_text(encoding="utf-8"))[0] + "\n" for file in originals]
    for copy in range(2, copies + 1):
        for file, text in zip(originals, texts):
            (sections / f"{copy:05d}{file.name}").write_text(text, encoding="utf-8")
    return source


SCALE_PROBE = r"""
import resource, sys, time
from pathlib import Path
from drafter.console import settle_memory
from drafter.commands.build import build
settle_memory()  # as the command does
start, cpu = time.perf_counter(), time.process_time()
build(Path(sys.argv[1]), Path(sys.argv[2]))
print(time.perf_counter() - start, time.process_time() - cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def scale(work: Path, sizes: list[int], repeat: int) -> None:
    """Time and peak memory of one in-process build at each size; the slopes between sizes,
    in wall and in CPU time (the process's own, which load from elsewhere disturbs less).
    The sizes take turns, `repeat` rounds of one build each: a machine that slows down or
    speeds up while they run does so for every size alike, not for the size that ran then."""
    sources = {copies: scaled_report(work, copies) for copies in sizes}
    runs: dict[int, list[tuple[float, float, int]]] = {copies: [] for copies in sizes}
    for _ in range(repeat):
        for copies in sizes:
            output = subprocess.run([PYTHON, "-c", SCALE_PROBE, str(sources[copies]), str(work / f"x{copies}.docx")],
                                    check=True, capture_output=True, text=True, env=ENV).stdout.split()
            runs[copies].append((float(output[0]), float(output[1]), int(output[2]) * 1024))
    measured = {}
    for copies in sizes:
        wall, cpu = [r[0] for r in runs[copies]], [r[1] for r in runs[copies]]
        measured[copies] = statistics.median(wall), statistics.median(cpu), max(r[2] for r in runs[copies])
        sections = SECTIONS * copies
        print(f"scale {copies:>5}× ({sections} sections): wall {measured[copies][0]:.2f} s"
              f" (min–max {min(wall):.2f}–{max(wall):.2f}), CPU {measured[copies][1]:.2f} s"
              f" (min–max {min(cpu):.2f}–{max(cpu):.2f}), {repeat} runs;"
              f" peak memory {measured[copies][2] / 2**20:.0f} MB = {measured[copies][2] / sections / 1024:.1f} KB per section")
        shutil.rmtree(sources[copies])
    # Each slope is taken within a round, between two sizes built one after the other, so the
    # machine's pace at that moment cancels out; the median of the rounds is given.
    slopes = {}
    for small, large in zip(sizes, sizes[1:]):
        slopes[small, large] = [statistics.median((runs[large][r][k] - runs[small][r][k]) / (SECTIONS * (large - small))
                                                  for r in range(repeat)) for k in (0, 1)]
        print(f"  marginal cost per section {small}×→{large}×: wall {slopes[small, large][0] * 1000:.3f} ms,"
              f" CPU {slopes[small, large][1] * 1000:.3f} ms")
    first, last = slopes[sizes[0], sizes[1]], slopes[sizes[-2], sizes[-1]]
    print(f"  marginal cost at {sizes[-1]}× / at {sizes[0]}×: wall {last[0] / first[0]:.2f}×, CPU {last[1] / first[1]:.2f}×")


def pdf_figures(work: Path, repeat: int) -> None:
    """`drafter pdf` of the example (one LibreOffice start), then of 10 reports of 20+ pages in one
    call: with one LibreOffice (-j 1) against one per core (the default), interleaved."""
    built = work / "e.docx"
    _run_piped(DRAFTER + ["build", str(EXAMPLE), "-o", str(built)])
    seconds = rounds({"pdf": (DRAFTER + ["pdf", str(built), "-o", str(work)], False)}, repeat)["pdf"]
    print(f"pdf       the example through LibreOffice {statistics.median(t[0] for t in seconds):.2f} s")
    long = work / "long.docx"
    _run_piped(DRAFTER + ["build", str(scaled_report(work, 4)), "-o", str(long)])
    (work / "pdfs").mkdir()
    documents = [shutil.copy(long, work / "pdfs" / f"报告{n}.docx") for n in range(10)]
    command = DRAFTER + ["pdf", *map(str, documents), "-o", str(work / "pdfs")]
    times = rounds({"pdf -j 1": (command + ["-j", "1"], False), "pdf all cores": (command, False)}, repeat)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", (work / "pdfs" / "报告0.pdf").read_bytes()))
    print(f"pdf       10 reports of {pages} pages: {ratio(times, 'pdf all cores', 'pdf -j 1')}")


def reviewed(folder: Path, copies: int) -> tuple[Path, Path]:
    """A report and its reviewed .docx: a sentence added at the end of every paragraph with text."""
    import docx

    source = scaled_report(folder, copies) if copies > 1 else shutil.copytree(EXAMPLE, folder / "x1")
    built = folder / f"审核稿{copies}.docx"
    _run_piped(DRAFTER + ["build", str(source), "-o", str(built)])
    document = docx.Document(str(built))
    for paragraph in document.paragraphs:
        if paragraph.runs and paragraph.text.endswith("。"):
            paragraph.runs[-1].text += "经审核确认。"
    document.save(str(built))
    return source, built


def merge(work: Path, repeat: int) -> None:
    """`drafter merge --dry-run` of a reviewed file against `drafter build` of the same report."""
    for copies in (1, 100):
        source, built = reviewed(work, copies)
        times = rounds({f"merge {copies}×": (DRAFTER + ["merge", str(built), str(source), "--dry-run"], False),
                        f"build {copies}×": (DRAFTER + ["build", str(source), "-o", str(work / f"again{copies}.docx")], False)},
                       repeat)
        print(f"merge     {ratio(times, f'merge {copies}×', f'build {copies}×')}")


BUSY = "import time\nstart = time.perf_counter()\nwhile time.perf_counter() - start < 3: pass"


def available_cores() -> float:
    """What the machine gives right now: CPU time / wall time of one busy loop per core, run together
    (on a machine others use too this is below the core count, and bounds the batch's figure)."""
    cpu, start = _children_cpu(), time.perf_counter()
    loops = [subprocess.Popen([PYTHON, "-c", BUSY]) for _ in range(os.cpu_count() or 1)]
    for loop in loops:
        loop.wait()
    return (_children_cpu() - cpu) / (time.perf_counter() - start)


def batch(work: Path, count: int, repeat: int) -> None:
    """`count` reports in one `drafter build` call, `repeat` times, each run followed by what busy
    loops get of the machine right then; the medians of both."""
    reports = work / "reports"
    for n in range(count):
        shutil.copytree(EXAMPLE, reports / f"单位{n:04d}")
    walls, cores, available = [], [], []
    for run in range(repeat):
        output = work / f"out{run}"
        output.mkdir()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        _run_piped(DRAFTER + ["build", str(reports / "*"), "-o", str(output)])
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        walls.append(wall)
        cores.append(((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) / wall)
        available.append(available_cores())
    wall = statistics.median(walls)
    print(f"batch     {count} reports in one call: {wall:.2f} s ({wall / count * 1000:.1f} ms a report),"
          f" {statistics.median(cores):.2f} cores of {os.cpu_count()} busy (min–max {min(cores):.2f}–{max(cores):.2f},"
          f" {repeat} runs); busy loops, one per core, got {statistics.median(available):.2f}")


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


def against(other: Path, pairs: int) -> None:
    """Start-up of `drafter build` and `drafter check` here and in another checkout (an older
    commit, say), the four commands taking turns for `pairs` rounds."""
    def drafter_in(checkout: Path) -> list[str]:
        code = f"import sys; sys.path.insert(0, {str(checkout)!r}); sys.argv[0] = 'drafter'; from drafter.cli import main; main()"
        if (checkout / "drafter" / "launch.py").is_file():
            code = code.replace("from drafter.cli import main", "from drafter.launch import main")
        return [PYTHON, "-c", code]

    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        commands = {}
        for label, checkout in (("here", ROOT), ("there", other.resolve())):
            # each checkout its own example: the other's model may not know this one's keys
            example = checkout / EXAMPLE.relative_to(ROOT)
            commands[f"build {label}"] = (drafter_in(checkout) + ["build", str(example), "-o", str(work / f"{label}.docx")], False)
            commands[f"check {label}"] = (drafter_in(checkout) + ["check", str(example)], False)
        times = rounds(commands, pairs)
        pdf = None
        if shutil.which("soffice"):
            pdf = rounds({f"pdf {label}": (drafter_in(checkout) + ["pdf", str(work / "here.docx"), "-o", str(work)], False)
                          for label, checkout in (("here", ROOT), ("there", other.resolve()))}, max(3, pairs // 4))
    print(f"against {other}:")
    print(f"  {ratio(times, 'build here', 'build there')}")
    print(f"  {ratio(times, 'check here', 'check there')}")
    if pdf:
        print(f"  {ratio(pdf, 'pdf here', 'pdf there')}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--against", type=Path, metavar="CHECKOUT", help="compare start-up with another checkout only")
    parser.add_argument("--pairs", type=int, default=21, help="rounds for start-up figures (at least 15)")
    parser.add_argument("--batch", type=int, help="reports in the batch (default 200; 40 with --quick)")
    parser.add_argument("--only", choices=["start-up", "scale", "batch", "import", "pdf", "merge"], action="append",
                        help="measure only these figures")
    parser.add_argument("import_only", nargs="?", choices=["import"], help="import only, of pages of about 1, 5 and 20 MB")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}")
    if args.against:
        against(args.against, max(args.pairs, 15))
        return
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        repeat = 1 if args.quick else 3
        if args.import_only:  # 100×, 500×, 2000× the seed: pages of about 1, 5 and 20 MB
            import_figures(work, [100, 500, 2000], repeat)
            return
        only = set(args.only or ["start-up", "scale", "batch", "import", "pdf", "merge"])
        if "start-up" in only:
            start_up(work, max(args.pairs, 15))
        if "scale" in only:
            scale(work, [100, 200, 500, 1000] if args.quick else [100, 200, 1000, 2500, 5000], repeat)
        if "batch" in only:
            batch(work, args.batch or (40 if args.quick else 200), repeat)
        if "import" in only:
            import_figures(work, [10, 100] if args.quick else [10, 100, 1000], repeat)
        if "pdf" in only and shutil.which("soffice"):
            pdf_figures(work, repeat)
        if "merge" in only:
            merge(work, repeat)


if __name__ == "__main__":
    main()
