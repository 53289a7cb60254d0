"""drafter template export|check: an office's own Word template."""

from __future__ import annotations

from pathlib import Path

import click

from ..console import echo_problems
from ..errors import DrafterError, Position, SourceErrors
from ..usage import CONTEXT
from .group import Group


@click.group(cls=Group, context_settings=CONTEXT, help="导出或检查 Word 模板（各单位可自行修改字体、页边距、版头等）。")
def template() -> None:
    pass


@template.command("export", context_settings=CONTEXT, help="导出内置模板，供在 Word 中修改。")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--fonts", type=click.Choice(["gov", "windows"]), default="gov", help="字体方案（默认 gov）")
def template_export(file: Path, fonts: str) -> None:
    from ..files import atomic_write, check_writable
    from ..writers.docx.builtin import builtin_template

    if file.exists():
        raise DrafterError("该文件已存在，没有覆盖", position=Position(file), hint="换一个文件名")
    check_writable(file)
    atomic_write(file, builtin_template(fonts).read_bytes())
    click.echo(f"已导出模板：{file}（在 Word 中修改样式后，用 drafter build --template {file.name} 生成）")


@template.command("check", context_settings=CONTEXT, help="检查自己修改过的模板是否还能使用。")
@click.argument("file", type=click.Path(path_type=Path))
def template_check(file: Path) -> None:
    from ..ooxml.package import PackageError, read_parts
    from ..writers.docx.render import open_template
    from ..writers.docx.resaved import resave_warning

    try:
        warning = resave_warning(file, read_parts(file.read_bytes()), template=True)
    except (OSError, ValueError, PackageError):
        warning = None  # open_template names the file it cannot read
    try:
        open_template(file.resolve()).try_on_sample()
    except SourceErrors as exc:
        raise SourceErrors([warning, *exc.errors] if warning else exc.errors) from None
    if warning:
        echo_problems([warning])
        click.echo("模板可以使用，但用它生成的文档在 Word 中不符合公文版式（见上）。")
        return
    click.echo("模板可以使用。")
