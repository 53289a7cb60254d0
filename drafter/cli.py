"""The `drafter` command.  The only place that prints errors."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import DrafterError, Position, SourceErrors

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _echo_error(error: DrafterError) -> None:
    errors = error.errors if isinstance(error, SourceErrors) else [error]
    for item in errors:
        click.secho(str(item), fg="red", err=True)
    if len(errors) > 1:
        click.secho(f"共 {len(errors)} 处错误。", fg="red", err=True)


class _Group(click.Group):
    """Turns DrafterError into a Chinese message and exit code 2, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DrafterError as error:
            _echo_error(error)
            ctx.exit(2)


@click.group(cls=_Group, context_settings=CONTEXT, help="drafter：用 YAML 资料生成符合 GB/T 9704 公文格式的法治政府建设年度报告。")
@click.version_option(package_name="drafter", message="drafter %(version)s", help="显示版本并退出")
def main() -> None:
    for stream in (sys.stdout, sys.stderr):
        # A GBK console must never turn a message into UnicodeEncodeError.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(errors="replace")


@main.command(context_settings=CONTEXT, help="根据报告资料（文件夹或单个 YAML 文件）生成 Word 文档。")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), help="输出的 .docx 文件；默认为当前文件夹下的“报告标题.docx”")
@click.option("--pdf", "with_pdf", is_flag=True, help="同时生成同名 PDF（需要安装 LibreOffice）")
def build(source: Path, output: Path | None, with_pdf: bool) -> None:
    from .build import build as build_report

    written = build_report(source, output)
    click.echo(f"已生成：{written}")
    if with_pdf:
        _convert([written], None)


@main.command(context_settings=CONTEXT, help="用 LibreOffice 把一个或多个 .docx 文件转换为 PDF（默认保存在原文件旁）。")
@click.argument("documents", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--outdir", type=click.Path(path_type=Path, file_okay=False), help="PDF 的保存文件夹")
def pdf(documents: tuple[Path, ...], outdir: Path | None) -> None:
    if outdir is not None and not outdir.is_dir():
        raise DrafterError("输出文件夹不存在", position=Position(outdir), hint="先建好该文件夹，或换一个输出位置")
    _convert(list(documents), outdir)


def _convert(documents: list[Path], outdir: Path | None) -> None:
    from .pdf import convert

    for written in convert(documents, outdir):
        click.echo(f"已生成：{written}")
