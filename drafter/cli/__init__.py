"""The `drafter` command.  The only place that prints problems."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..console import (
    build_report,
    check_report,
    echo_problems,
    settle_memory,
    setup_streams,
)
from ..errors import DrafterError, Position
from ..usage import CONTEXT
from .group import Group
from .template import template


@click.group(cls=Group, context_settings=CONTEXT, help="drafter：用 YAML 资料生成符合 GB/T 9704 公文格式的法治政府建设年度报告。")
@click.version_option(package_name="drafter", message="drafter %(version)s", help="显示版本并退出")
def main() -> None:
    setup_streams()


main.add_command(template)


@main.command(context_settings=CONTEXT, help="根据报告资料（文件夹或单个 YAML 文件）生成 Word 文档；可一次生成多份（如 reports/*/ -o 输出文件夹）。")
@click.argument("sources", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="输出的 .docx 文件（默认“报告标题.docx”）；生成多份时为输出文件夹")
@click.option("--pdf", "with_pdf", is_flag=True, help="同时生成同名 PDF（需要安装 LibreOffice）")
@click.option("--annotate", is_flag=True, help="加 Word 批注：各小节的负责科室和来源文件、每处待填写的内容")
@click.option("--force", is_flag=True, help="覆盖被修改过或不是 drafter 生成的文件（原文件先另存为带日期的备份）")
@click.option("--template", type=click.Path(path_type=Path), help="使用自己单位的模板（用 drafter template export 导出后修改）")
@click.option("--by-department", is_flag=True, help=(
    "每个科室一份 Word 文件（-o 后写文件夹，如 -o 各科室/，文件名为科室名称）：只含本科室的小节，编号与全文一致，"
    "待填写处黄色标出，去年的写法和计划作为批注；科室改好发回后用 drafter merge 合并"))
def build(sources: tuple[str, ...], output: Path | None, with_pdf: bool, annotate: bool, force: bool, template: Path | None,
          by_department: bool) -> None:
    from ..commands.batch import expand

    paths = expand(sources)
    if by_department:
        if len(paths) != 1 or output is None:
            raise DrafterError("按科室生成时只写一份报告资料，并用 -o 指定输出文件夹", position=Position(output or Path(".")),
                               hint="如 drafter build 资料 --by-department -o 各科室/")
        from ..commands.departments import build_departments

        written = build_departments(paths[0], output, force=force, template=template, notify=click.echo)
        echo_problems(written.warnings)
        for file in written.files:
            click.echo(f"已生成：{file.path}（{file.department}，{file.sections} 个小节，待填写 {file.gaps} 处）")
        click.echo(f"把各文件发给对应的科室；发回后用 drafter merge 文件 {paths[0]} 合并回资料。")
        if with_pdf:
            _convert([file.path for file in written.files], None)
        return
    if len(paths) == 1 and not (output is not None and output.is_dir()):
        written = build_report(paths[0], output, annotate=annotate, force=force, template=template)
        if with_pdf:
            _convert([written], None)
        return
    import functools

    from ..commands.batch import output_names, run
    from ..commands.build import build_into, load_templates

    if output is None or not output.is_dir():
        raise DrafterError("一次生成多份报告时，-o 后面要写一个已存在的文件夹", position=Position(output or Path(".")),
                           hint="先建好输出文件夹，如 -o 输出/")
    names = output_names(paths)
    load_templates(template)  # once, before the workers fork
    task = functools.partial(build_into, folder=output, names=names, annotate=annotate, force=force, template=template)
    settle_memory()
    outcomes = run(task, paths, "生成")
    written = [o.value for o in outcomes if o.value is not None]
    _report_batch(outcomes, "生成", f"已生成 {len(written)} 份报告到 {output}")
    if with_pdf and written:
        _convert(written, None)
    if any(o.failed for o in outcomes):
        sys.exit(2)


def _report_batch(outcomes, verb: str, done: str) -> None:
    """Every unit's problems, then a line per failure: the batch carried on past them."""
    for outcome in outcomes:
        if outcome.problems:
            echo_problems(outcome.problems)
    failed = [o for o in outcomes if o.failed]
    click.echo(done)
    if failed:
        click.secho(f"以下 {len(failed)} 份未能{verb}（原因见上）：", fg="red", err=True)
        for outcome in failed:
            click.secho(f"  {outcome.source}", fg="red", err=True)


@main.command(context_settings=CONTEXT, help="检查报告资料，一次列出全部错误和警告（不生成文件）；可一次检查多份。")
@click.argument("sources", nargs=-1, required=True)
@click.option("--strict", is_flag=True, help="有警告时也以退出码 1 结束")
@click.option("--fix", is_flag=True, help="自动改正可改正的问题（如中文里的半角标点），改前备份原文件")
def check(sources: tuple[str, ...], strict: bool, fix: bool) -> None:
    from ..commands.batch import expand

    paths = expand(sources)
    if len(paths) > 1:
        from ..checks.check import check_one
        from ..commands.batch import run

        settle_memory()
        outcomes = run(check_one, paths, "检查")
        _report_batch(outcomes, "通过检查", f"已检查 {len(paths)} 份报告资料")
        if any(o.failed for o in outcomes):
            sys.exit(2)
        if strict and any(o.problems for o in outcomes):
            sys.exit(1)
        return
    code = check_report(paths[0], strict=strict, fix=fix)
    if code:
        sys.exit(code)


@main.command(context_settings=CONTEXT, help="各科室的填写进度：每个文件还有几处待填写、缺几个数值、几处错误和警告；全部完成时退出码为 0，否则为 1。")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出，供脚本使用")
def status(source: Path, as_json: bool) -> None:
    from ..commands.status import status as file_status

    rows = file_status(source)
    done = all(row.done for row in rows)
    if as_json:
        import json

        total = {key: sum(row.as_json()[key] for row in rows) for key in ("gaps", "missing_values", "errors", "warnings")}
        click.echo(json.dumps({"files": [row.as_json() for row in rows], "total": total, "done": done},
                              ensure_ascii=False, indent=2))
    else:
        from ..tables import status_table

        for line, style in status_table(rows):
            click.secho(line, **style)
    sys.exit(0 if done else 1)


@main.command(context_settings=CONTEXT, help=(
    "把审核人在 Word/WPS 中对审核稿的修改合并回资料文件（改写的文字、改过的数据、增删和移动的要点）；"
    "科室发回的填写稿（build --by-department）只合并到该科室的小节；可用 drafter undo 撤销。"))
@click.argument("reviewed", type=click.Path(path_type=Path), metavar="审核稿.docx")
@click.argument("source", type=click.Path(path_type=Path), metavar="资料文件夹")
@click.option("--dry-run", is_flag=True, help="只显示将要做的修改（逐个文件对照），不写入任何文件")
@click.option("--ours", "side", flag_value="ours", help="两边都改过的地方，一律保留资料文件中的内容")
@click.option("--theirs", "side", flag_value="theirs", help="两边都改过的地方，一律采用审核稿的修改")
@click.option("--revisions", is_flag=True, help="只列出审核稿中的修订（插入、删除）在资料中的位置，不写入")
def merge(reviewed: Path, source: Path, dry_run: bool, side: str | None, revisions: bool) -> None:
    from ..commands.mergewrite import run

    for line in run(reviewed, source, side, dry_run=dry_run, revisions_only=revisions):
        click.echo(line)


def _report_root(source: Path) -> Path:
    if source.is_file():
        return source.parent
    if not source.is_dir():
        raise DrafterError("找不到资料文件夹", position=Position(source), hint="检查路径是否写对")
    return source


@main.command(context_settings=CONTEXT, help="撤销 drafter 对资料文件夹做的最近一次修改（如 check --fix），恢复修改前的文件。")
@click.argument("source", type=click.Path(path_type=Path))
def undo(source: Path) -> None:
    from ..writers.history import describe
    from ..writers.history import undo as undo_last

    entry = undo_last(_report_root(source))
    click.echo(f"已撤销：{describe(entry)}")


@main.command(context_settings=CONTEXT, help="列出 drafter 对资料文件夹做过的修改（最近的在最后），可用 drafter undo 撤销。")
@click.argument("source", type=click.Path(path_type=Path))
def history(source: Path) -> None:
    from ..writers.history import describe, entries

    found = entries(_report_root(source))
    if not found:
        click.echo("drafter 还没有修改过该文件夹中的资料。")
        return
    for entry in found:
        click.echo(describe(entry) + ("（已撤销）" if entry.undone else ""))


@main.command("next", context_settings=CONTEXT, help="根据今年的资料生成明年的资料文件夹和草稿：要点清空待填写，去年的内容留作参考。")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", "dest", required=True, type=click.Path(path_type=Path), help="明年资料的文件夹（必须不存在或为空）")
@click.option("--five-part", is_flag=True, help="改用《法治政府建设与责任落实督察工作规定》的五部分结构")
def next_command(source: Path, dest: Path, five_part: bool) -> None:
    from ..commands.next_year import next_year
    from ..files import path_warnings

    result = next_year(source, dest, five_part)
    echo_problems(path_warnings([*result.files, result.draft]))
    click.echo(f"已生成明年的资料：{dest}（{len(result.files)} 个文件）")
    click.echo(f"已生成草稿：{result.draft}（待填写 {result.gaps} 处，已用黄色标出）")
    if result.unplaced:
        click.secho("以下计划写的所属小节找不到，已放入 report.yaml 的 unassigned（待分配）列表：" + "、".join(result.unplaced),
                    fg="yellow", err=True)
    if result.years:
        click.secho(f"请逐一确认仍直接写着 {result.years[0].message.split()[1]} 年的地方：", fg="yellow", err=True)
        echo_problems(result.years)
    click.echo("用 drafter check 查看还有哪些内容待填写。")


@main.command("import", context_settings=CONTEXT, help="把已发布的报告（网页上复制的 .txt 或 .docx）转换为报告资料文件夹；可一次导入多份。")
@click.argument("files", nargs=-1, required=True)
@click.option("-o", "--output", "dest", required=True, type=click.Path(path_type=Path),
              help="资料文件夹（必须不存在或为空）；导入多份时，每份放在其中以文件名命名的子文件夹")
def import_command(files: tuple[str, ...], dest: Path) -> None:
    from ..commands.batch import expand

    paths = expand(files)
    if len(paths) > 1:
        import functools

        from ..commands.batch import output_names, run
        from ..commands.importing import import_into

        names = output_names(paths)
        dest.mkdir(exist_ok=True)
        settle_memory()
        outcomes = run(functools.partial(import_into, folder=dest, names=names), paths, "导入")
        _report_batch(outcomes, "导入", f"已导入 {sum(not o.failed for o in outcomes)} 份报告到 {dest}")
        if any(o.failed for o in outcomes):
            sys.exit(2)
        return
    from ..commands.importing import import_report
    from ..files import path_warnings

    result = import_report(paths[0], dest)
    echo_problems(path_warnings(result.files))
    report = result.imported.report
    sections = sum(len(part.sections) for part in report.parts)
    points = sum(len(part.points) + sum(len(s.points) for s in part.sections) for part in report.parts)
    click.echo(f"已导入：{report.organization} {report.year} 年，{len(report.parts)} 个部分、{sections} 个小节、{points} 个要点")
    click.echo(f"已生成资料：{dest}（{len(result.files)} 个文件）；编号已去掉，生成时自动重新编号")
    if result.imported.dropped:
        click.secho("以下网页上的导航、来源等文字没有导入：", fg="yellow", err=True)
        for line in result.imported.dropped:
            click.secho(f"  {line}", fg="yellow", err=True)
    if result.imported.letter:
        click.secho("报告前的报送函没有作为报告正文导入（主送机关和日期已取用）：", fg="yellow", err=True)
        for line in result.imported.letter:
            click.secho(f"  {line[:60]}", fg="yellow", err=True)
    for note in result.imported.notes:
        click.secho(f"请注意：{note}", fg="yellow", err=True)
    click.echo(f"请用 drafter check {dest} 检查，再用 drafter build {dest} 生成 Word 文档。")


@main.command(context_settings=CONTEXT, help="生成正式发布的文件：Word（无批注、无标记）、PDF/A、网站用的 HTML 和纯文本。")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", "dest", required=True, type=click.Path(path_type=Path), help="发布文件夹（必须不存在或为空）")
@click.option("--no-pdf", is_flag=True, help="不生成 PDF（没有安装 LibreOffice 时使用）")
def publish(source: Path, dest: Path, no_pdf: bool) -> None:
    from ..commands.publish import publish as publish_report

    result = publish_report(source, dest, pdf=not no_pdf)
    echo_problems(result.warnings)
    for path in result.files:
        click.echo(f"已生成：{path}")


@main.command(context_settings=CONTEXT, help="输出报告资料的 JSON Schema，供 VS Code 等编辑器补全和检查。")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="写入该文件（UTF-8）；不写则输出到屏幕")
@click.option("--section", is_flag=True, help="输出小节文件（sections/*.yaml）的 Schema，而不是 report.yaml 的")
def schema(output: Path | None, section: bool) -> None:
    from ..model.schema import schema_json

    data = schema_json(section=section).encode("utf-8")
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)  # UTF-8 whatever the console's encoding
        sys.stdout.buffer.flush()
        return
    from ..files import atomic_write, check_writable

    check_writable(output)
    atomic_write(output, data)
    click.echo(f"已生成：{output}")


@main.command(context_settings=CONTEXT, help="在浏览器中让各科室填写自己的小节，法制科查看填写情况。")
@click.argument("source", type=click.Path(path_type=Path, file_okay=False))
@click.option("--port", type=click.IntRange(0, 65535), default=8700, show_default=True, help="端口（0 表示任选一个空闲端口）")
@click.option("--host", "host", help="监听的地址（默认只有本机 127.0.0.1 能打开；与 --lan 一起用时指定本机的局域网地址）")
@click.option("--lan", is_flag=True, help="让局域网内各科室的电脑也能打开，并列出、保存各科室的链接")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器")
@click.option("--new-link", "renew", metavar="科室", multiple=True, help="为该科室换一个新链接（旧链接作废）；可写多次")
def serve(source: Path, port: int, host: str | None, lan: bool, no_browser: bool, renew: tuple[str, ...]) -> None:
    try:  # the web stack is an optional extra: build and check never load it
        from ..web.server import lan_address
        from ..web.server import serve as run
    except ImportError:
        raise DrafterError("没有安装网页填写所需的软件包", hint='运行 pip install "drafter[serve]"（在源代码文件夹中：pip install ".[serve]"）后重试') from None
    from ..web.access import renew as renew_link

    if not (source / "report.yaml").is_file():
        raise DrafterError("该文件夹中没有 report.yaml", position=Position(source), hint="指定报告资料文件夹，如 drafter serve reports/2022")
    for department in renew:
        renew_link(source, department)
        click.echo(f"已为“{department}”换了新链接")
    address = host or (lan_address() if lan else "127.0.0.1")
    try:
        run(source.resolve(), address, port, lan, not no_browser, click.echo)
    except OSError as exc:
        raise DrafterError(f"无法在 {address}:{port} 上运行（{exc.strerror or exc}）",
                           hint="换一个端口（--port），或检查该地址是否属于本机") from None
    except KeyboardInterrupt:
        click.echo("已停止。")


@main.command(context_settings=CONTEXT, help="用 LibreOffice 把一个或多个 .docx 文件转换为 PDF（默认保存在原文件旁）。")
@click.argument("documents", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--outdir", type=click.Path(path_type=Path, file_okay=False), help="PDF 的保存文件夹")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N", help="同时运行 N 个 LibreOffice（默认：与 CPU 核数相同）")
def pdf(documents: tuple[Path, ...], outdir: Path | None, jobs: int | None) -> None:
    if outdir is not None and not outdir.is_dir():
        raise DrafterError("输出文件夹不存在", position=Position(outdir), hint="先建好该文件夹，或换一个输出位置")
    _warn_resaved(documents)
    _convert(list(documents), outdir, jobs)


def _warn_resaved(documents: tuple[Path, ...]) -> None:
    """Say which documents LibreOffice re-saved: their PDF keeps the layout, Word will not."""
    from ..ooxml.package import PackageError, read_parts
    from ..writers.docx.resaved import resave_warning

    for document in documents:
        try:
            warning = resave_warning(document, read_parts(document.read_bytes()), template=False)
        except (OSError, ValueError, PackageError):
            continue  # the conversion names the file it cannot read
        if warning:
            echo_problems([warning])
            click.secho("  PDF 仍按公文版式转换；在 Word 中打开这个 .docx 时，版面会与 PDF 不同。", fg="yellow", err=True)


def _convert(documents: list[Path], outdir: Path | None, workers: int | None = None) -> None:
    """PDFs through LibreOffice, one LibreOffice per worker (default: per core), each with its own profile."""
    from ..writers.pdf import convert_all

    for written in convert_all(documents, outdir, workers):
        click.echo(f"已生成：{written}")
