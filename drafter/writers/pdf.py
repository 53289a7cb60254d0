"""PDF through LibreOffice: many documents in one headless process.

Only this module needs LibreOffice.  Each run has a user profile of its own
(two runs sharing one fail silently) holding the macro that converts every
document with the settings LibreOffice's DOCX import drops (lo_profile), a
time limit, and on Linux a fontconfig file that maps the Windows font names of
the template to free stand-ins.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import zlib
from pathlib import Path

from ..errors import DrafterError, Position
from ..files import atomic_write, check_writable
from ..layout.gbt9704 import IMPRINT_GAP_LINES, LINE_PITCH, MARGIN_TOP, TEXT_HEIGHT
from ..layout.pages import AFTER_BLANK, NEXT_PAGE, SAME_PAGE
from ..ooxml.package import PackageError, read_parts, zip_parts
from ..patterns import lazy
from .docx.parts import imprint_placement
from .docx.render import set_imprint
from .lo_profile import macro_call, write_profile

FONTCONFIG = Path(__file__).resolve().parent / "fonts.conf"
_WINDOWS_CANDIDATES = [
    Path(os.environ.get(var, "")) / "LibreOffice" / "program" / "soffice.exe"
    for var in ("ProgramFiles", "ProgramFiles(x86)")
]
STARTUP_SECONDS = 60
SECONDS_PER_FILE = 30


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if sys.platform == "win32":
        for candidate in _WINDOWS_CANDIDATES:
            if candidate.is_file():
                return str(candidate)
    return None


_EVEN_PAGE = b'<w:type w:val="evenPage"/>'


_COMMENT_MARK = lazy(rb"<w:(?:commentRangeStart|commentRangeEnd|commentReference)\b[^>]*/>")


def _for_libreoffice(docx: bytes, placement: str | None = None) -> bytes:
    """The document as LibreOffice must be told it, its 版记 (if any) placed as `placement` says.

    LibreOffice (7.4 at least) reads w:overflowPunct the wrong way round: with
    the value 0, which forbids punctuation hanging past the margin in Word, it
    hangs it, and with 1 it does not.  The copy it converts says 1.

    Comments are left out: they never print.

    It also starts a section marked to begin on an even page (the 版记's,
    GB/T 9704 §7.4) on whatever page comes next.  The copy says so plainly
    (a new page), and for a 版记 after a blank page adds the blank page Word would
    insert: a section of one empty paragraph with the last section's
    properties, so it carries no page number either (§7.5).
    """
    parts = read_parts(docx)
    for name in ("word/styles.xml", "word/document.xml"):
        if name in parts:
            parts[name] = re.sub(rb'<w:overflowPunct w:val="(?:0|false)"/>', b'<w:overflowPunct w:val="1"/>', parts[name])
    # Comments never print; with them, LibreOffice 7.4 aborts (SIGABRT) while the macro sets the
    # styles (measured: every `build --annotate` and department's file).  The copy has none.
    parts["word/document.xml"] = _COMMENT_MARK.sub(b"", parts["word/document.xml"])
    if placement is not None:
        parts["word/document.xml"] = set_imprint(parts, parts["word/document.xml"].decode("utf-8"), placement).encode("utf-8")
    document = parts["word/document.xml"]
    if _EVEN_PAGE in document:
        blank = imprint_placement(document.decode("utf-8")) == AFTER_BLANK
        document = document.replace(_EVEN_PAGE, b'<w:type w:val="nextPage"/>')
        if blank:
            last = document[document.rindex(b"<w:sectPr"):document.rindex(b"</w:sectPr>") + len(b"</w:sectPr>")]
            cut = document.index(b"</w:p>", document.rindex(b"</w:sectPr></w:pPr>")) + len(b"</w:p>")
            blank = re.sub(rb"^<w:sectPr", b'<w:pPr><w:pStyle w:val="ImprintEnd"/><w:sectPr', last) + b"</w:pPr>"
            document = document[:cut] + b"<w:p>" + blank + b"</w:p>" + document[cut:]
        parts["word/document.xml"] = document
    return zip_parts(parts)


def _first_pass(docx: bytes) -> str | None:
    """How the first conversion places the 版记 (None without one): on a page of its own, so
    that the PDF shows where the body ends and how much room its last page leaves."""
    placement = imprint_placement(read_parts(docx).get("word/document.xml", b"").decode("utf-8"))
    return NEXT_PAGE if placement == SAME_PAGE else placement


_TOP = MARGIN_TOP / 20  # the text area, in pt from the top of the page
_BOTTOM = (MARGIN_TOP + TEXT_HEIGHT) / 20


def _baselines(pdf: bytes) -> list[list[tuple[float, float]]]:
    """Each page's lines of text as LibreOffice writes them: (baseline in pt from the page's
    top, size), inside the text area (not the page numbers below it)."""
    objects = {int(m.group(1)): m.end() for m in re.finditer(rb"(\d+) 0 obj", pdf)}
    kids = re.search(rb"/Type\s*/Pages.*?/Kids\s*\[([^\]]*)\]", pdf, re.DOTALL)
    pages = []
    for page in re.findall(rb"(\d+) 0 R", kids.group(1)) if kids else []:
        head = pdf[objects[int(page)]:pdf.index(b"endobj", objects[int(page)])]
        height = float(re.search(rb"/MediaBox\s*\[\s*\S+\s+\S+\s+\S+\s+([\d.]+)", head).group(1))
        contents = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+ 0 R)", head)
        text = b""
        for ref in re.findall(rb"(\d+) 0 R", contents.group(1)) if contents else []:
            at = objects[int(ref)]
            start = pdf.index(b"stream", at) + len(b"stream")
            start += 2 if pdf[start:start + 2] == b"\r\n" else 1
            raw = pdf[start:pdf.index(b"endstream", start)]
            text += zlib.decompress(raw) if b"FlateDecode" in pdf[at:start] else raw
        # a text object's first position (Td from the origin) and each later one (Tm), then its size
        found = re.findall(rb"(?:BT\s+[\d.-]+\s+([\d.-]+)\s+Td|1 0 0 1 [\d.-]+ ([\d.-]+) Tm)\s*/F\d+\s+([\d.]+)\s+Tf", text)
        lines = [(height - float(td or tm), float(size)) for td, tm, size in found]
        pages.append([(base, size) for base, size in lines if base < _BOTTOM + 3])
    return pages


def measured_placement(pdf: bytes, placement: str) -> str:
    """Where the 版记 belongs, read from a PDF of the document with the 版记 on a page of its
    own (`placement` NEXT_PAGE or AFTER_BLANK): after an odd last page of the body, on the
    next page; after an even one, at its foot if it fits there below a blank line
    (gbt9704.IMPRINT_GAP_LINES), else after a blank page."""
    try:
        pages = _baselines(pdf)
    except (KeyError, ValueError, AttributeError, IndexError, zlib.error):
        # A PDF laid out otherwise than LibreOffice 7.4 writes it (object streams, say): the
        # first pass's page of its own stays, which is right in layout if not in numbering.
        return placement
    body = len(pages) - (2 if placement == AFTER_BLANK else 1)
    if body < 1:  # no pages found: nothing to go by
        return placement
    if body % 2 or not pages[body - 1] or not pages[-1]:
        return NEXT_PAGE
    lowest = max(base + 0.12 * size for base, size in pages[body - 1])
    # the 版记's first line: its cell's top, half the rest of its 579-twip line above it
    base, size = min(pages[-1])
    top = base - 0.88 * size - (LINE_PITCH / 20 - size) / 2
    room = _BOTTOM - lowest - (_BOTTOM - top)
    return SAME_PAGE if room >= IMPRINT_GAP_LINES * LINE_PITCH / 20 / 2 else AFTER_BLANK


def page_count(pdf: bytes) -> int:
    """Pages of a PDF LibreOffice wrote (its page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def convert(documents: list[Path], out_dir: Path | None = None, archive: bool = False, replace: bool = True) -> list[Path]:
    """Convert .docx files to PDF (beside each file, or into `out_dir`); `archive` makes PDF/A-2b;
    without `replace`, an existing PDF of the same name is an error, never replaced."""
    targets = [(out_dir or doc.parent) / f"{doc.stem}.pdf" for doc in documents]
    for target in targets:
        check_writable(target)  # before LibreOffice starts
    soffice = find_soffice()
    if soffice is None:
        raise DrafterError(
            "未找到 LibreOffice，无法生成 PDF",
            hint="请安装 LibreOffice（Windows：从 libreoffice.org 下载安装；"
            "Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui），或在 Word/WPS 中“另存为 PDF”",
        )
    for doc in documents:
        if not doc.is_file():
            raise DrafterError("找不到要转换的文件", position=Position(doc), hint="检查文件名和路径")
    # ignore_cleanup_errors: a file a killed LibreOffice left open on Windows must not hide the real error.
    with tempfile.TemporaryDirectory(prefix="drafter-pdf-", ignore_cleanup_errors=True) as temp:
        work = Path(temp)
        inputs, sources, first = [], [], []
        for i, doc in enumerate(documents):
            try:
                sources.append(doc.read_bytes())
                first.append(_first_pass(sources[-1]))
                data = _for_libreoffice(sources[-1], first[-1])
            except OSError as exc:
                raise DrafterError(f"无法读取文件（{exc.strerror}）", position=Position(doc),
                                   hint="检查文件是否有读取权限，以及是否正在其他程序中打开") from None
            except PackageError as exc:
                raise DrafterError(exc.message, position=Position(doc), hint=exc.hint) from None
            except (KeyError, ValueError):
                raise DrafterError("不是有效的 .docx 文件", position=Position(doc), hint="确认该文件能在 Word 中打开") from None
            inputs.append(work / f"{i}.docx")
            inputs[-1].write_bytes(data)
        _run_libreoffice(soffice, work, inputs, archive=archive)
        # A 版记 whose place the first PDF shows to be another (§7.4, §7.5): once more, placed there.
        again = []
        for i, (source, placement) in enumerate(zip(sources, first)):
            produced = work / "out" / f"{i}.pdf"
            if placement is None or not produced.is_file():
                continue
            measured = measured_placement(produced.read_bytes(), placement)
            if measured != placement:
                again.append(work / f"{i}.docx")
                again[-1].write_bytes(_for_libreoffice(source, measured))
        if again:
            _run_libreoffice(soffice, work, again, archive=archive)
        for i, (doc, target) in enumerate(zip(documents, targets)):
            if _STOPPING.is_set():  # interrupted while this group converted: no PDF is written after that
                raise KeyboardInterrupt
            produced = work / "out" / f"{i}.pdf"
            if not produced.is_file():
                raise DrafterError(
                    "LibreOffice 未能生成 PDF", position=Position(doc),
                    hint="确认该文件能在 Word 或 LibreOffice 中正常打开；必要时重新安装 LibreOffice",
                )
            try:
                atomic_write(target, produced.read_bytes(), replace=replace)
            except FileExistsError:
                raise DrafterError("已有同名的 PDF 文件，没有覆盖它", position=Position(target),
                                   hint="换一个新的（不存在或空的）输出文件夹") from None
    return targets


def convert_all(documents: list[Path], out_dir: Path | None = None, workers: int | None = None) -> list[Path]:
    """`convert` spread over `workers` LibreOffice processes at once (default: one per core), each
    with its own profile and given every `workers`-th document, so that one start serves many
    files; the PDFs in the documents' order."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(documents)))
    if workers == 1:
        return convert(documents, out_dir)
    from concurrent.futures import (
        ThreadPoolExecutor,  # only a run of several files needs threads
    )

    with ThreadPoolExecutor(max_workers=workers) as pool:
        try:
            done = list(pool.map(lambda group: convert(group, out_dir), [documents[i::workers] for i in range(workers)]))
        except KeyboardInterrupt:  # the threads wait on their LibreOffice: end them, or shutting down waits too
            stop_all()
            raise
    return [done[i % workers][i // workers] for i in range(len(documents))]


# LibreOffice processes running now: an interrupt in the main thread ends them all, and no more start.
_RUNNING: set[subprocess.Popen] = set()
_STOPPING = threading.Event()


def _run_libreoffice(soffice: str, work: Path, inputs: list[Path], target: str = "pdf", archive: bool = False) -> None:
    """Convert `inputs` to work/out/<stem>.<target> in one LibreOffice start.  A PDF (PDF/A-2b with
    `archive`) goes through the profile's macro, which sets what LibreOffice's DOCX import drops
    (lo_profile); any other format through --convert-to."""
    scratch = work / "tmp"  # LibreOffice's own lu*.tmp folders: removed with ours, even when it is killed
    scratch.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(scratch), "TMP": str(scratch), "TEMP": str(scratch)}
    if sys.platform.startswith("linux") and "FONTCONFIG_FILE" not in env:
        env["FONTCONFIG_FILE"] = str(FONTCONFIG)  # must be absolute
    profile = work / "profile"
    command = [soffice, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}"]
    if target == "pdf":
        if not profile.exists():
            write_profile(profile)
        (work / "out").mkdir(exist_ok=True)
        jobs = [(source, work / "out" / f"{source.stem}.pdf") for source in inputs]
        command.append(macro_call(jobs, archive, work / "jobs.txt"))
    else:
        command += ["--convert-to", target, "--outdir", str(work / "out"), *map(str, inputs)]
    limit = STARTUP_SECONDS + SECONDS_PER_FILE * len(inputs)
    if _STOPPING.is_set():
        raise KeyboardInterrupt
    try:
        process = subprocess.Popen(
            command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,  # soffice starts soffice.bin: a time-out must end both
        )
    except OSError as exc:
        raise DrafterError(f"无法启动 LibreOffice（{exc.strerror}）", hint="检查 LibreOffice 是否安装完整") from None
    _RUNNING.add(process)
    try:
        process.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        kill_tree(process)
        raise DrafterError(
            f"LibreOffice 在 {limit} 秒内没有完成转换",
            hint="关闭其他正在运行的 LibreOffice 窗口后重试",
        ) from None
    except BaseException:  # Ctrl-C or SIGTERM: LibreOffice must not outlive drafter
        kill_tree(process)
        raise
    finally:
        _RUNNING.discard(process)


def stop_all() -> None:
    """End every LibreOffice this process started (an interrupt while threads convert)."""
    _STOPPING.set()
    for process in list(_RUNNING):
        kill_tree(process)


def kill_tree(process: subprocess.Popen) -> None:
    """End `process` and every process it started, and wait until they are gone.

    On Windows soffice.exe is a launcher for soffice.bin, and killing the
    launcher alone leaves soffice.bin running: taskkill /T ends the tree.
    Elsewhere LibreOffice runs in a process group of its own.
    """
    if sys.platform == "win32":
        try:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            pass
        if process.poll() is None:
            process.kill()
    else:
        _kill_group(process)
    process.wait()


def _kill_group(process: subprocess.Popen) -> None:
    """SIGKILL to the process's group, then wait (up to 10 s) until no member is left."""
    import signal
    import time

    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        return
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        process.poll()  # reaps the leader: a zombie would still count as a member
        try:
            os.killpg(process.pid, 0)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.02)


def to_docx(document: Path, work: Path) -> Path:
    """A .doc or .wps file converted by LibreOffice to .docx in the folder `work`; DrafterError when it cannot."""
    soffice = find_soffice()
    if soffice is None:
        raise DrafterError("未找到 LibreOffice，无法转换该文件", position=Position(document),
                           hint="请在 Word 或 WPS 中打开该文件，“另存为”Word 文档（*.docx）后再导入")
    source = work / f"input{document.suffix.lower()}"
    source.write_bytes(document.read_bytes())
    _run_libreoffice(soffice, work, [source], "docx")
    produced = work / "out" / "input.docx"
    if not produced.is_file():
        raise DrafterError("LibreOffice 未能转换该文件", position=Position(document),
                           hint="请在 Word 或 WPS 中打开该文件，“另存为”Word 文档（*.docx）后再导入")
    return produced
