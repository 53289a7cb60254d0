"""click's own words in Chinese: help headings, metavars and every usage error drafter can
trigger, told by the error's type and attributes (their English wording differs between click versions)."""

from __future__ import annotations

import re

import click

# What click's help calls the arguments and values, in Chinese.
_METAVARS = {"SOURCES...": "资料文件夹...", "SOURCE": "资料文件夹", "FILES...": "文件...", "FILE": "文件",
             "DOCUMENTS...": "文档...", "[OPTIONS]": "[选项]", "COMMAND [ARGS]...": "命令 [参数]...", "PATH": "路径",
             "TEXT": "文字", "INTEGER": "整数"}
_METAVAR = re.compile("|".join(re.escape(k) for k in sorted(_METAVARS, key=len, reverse=True)))
# What an argument is, in a message that says it is missing.
_ARGUMENTS = {"sources": "报告资料文件夹", "source": "报告资料文件夹", "files": "要导入的文件", "file": "文件",
              "documents": "要转换的 .docx 文件", "reviewed": "审核稿（.docx）"}


def _chinese_metavars(text: str) -> str:
    return _METAVAR.sub(lambda m: _METAVARS[m.group(0)], text)


class ChineseHelp(click.HelpFormatter):
    """Help in Chinese: click's own headings and metavars translated."""

    HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, _chinese_metavars(args), "用法：")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{self.HEADINGS.get(heading, heading)}：\n")

    def write_dl(self, rows, *args, **kwargs) -> None:
        super().write_dl([(_chinese_metavars(first), second.replace("[required]", "[必填]").replace("[default: ", "[默认："))
                          for first, second in rows], *args, **kwargs)


class ChineseContext(click.Context):
    formatter_class = ChineseHelp


def help_option(command: click.Command, ctx: click.Context):
    option = click.Command.get_help_option(command, ctx)
    if option is not None:
        option.help = "显示帮助并退出"
    return option


class ChineseCommand(click.Command):
    context_class = ChineseContext
    get_help_option = help_option


CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

def usage_message(error: click.UsageError) -> str:
    """click's usage error in Chinese, told by its type and attributes (their English wording
    differs between click versions)."""
    if isinstance(error, click.NoSuchOption):
        guesses = "、".join(sorted(error.possibilities or []))
        return f"没有这个选项：{error.option_name}" + (f"。是不是想写 {guesses}？" if guesses else "")
    if isinstance(error, click.BadOptionUsage):
        if "does not take a value" in error.message:
            return f"选项 {error.option_name} 后面不写值（它是一个开关，写上即生效）"
        return f"选项 {error.option_name} 后面要写一个值"
    if isinstance(error, click.MissingParameter) and error.param is not None:
        if isinstance(error.param, click.Option):
            return f"缺少选项 {error.param.opts[-1]}"
        return f"缺少参数：{_ARGUMENTS.get(error.param.name or '', error.param.name)}"
    if isinstance(error, click.BadParameter) and error.param is not None:
        name = error.param.opts[-1] if isinstance(error.param, click.Option) else error.param.name
        choices = getattr(error.param.type, "choices", None)
        if choices:
            return f"{name} 的值不可用，只能写：{'、'.join(map(str, choices))}"
        if isinstance(error.param.type, click.Path) and not error.param.type.file_okay:
            return f"{name} 后面要写一个文件夹，不是文件"
        return f"{name} 的值不对"
    text = error.format_message()
    for pattern, chinese in _USAGE_ERRORS:
        match = re.search(pattern, text)
        if match:
            return chinese.format(*match.groups())
    return f"命令写得不对（{text}）"


_USAGE_ERRORS = [
    (r"No such command '([^']+)'", "没有这个命令“{0}”"),
    (r"Got unexpected extra arguments? \((.+)\)", "多出了参数：{0}（含空格的路径请用英文双引号括起来）"),
    (r"Missing command", "缺少命令"),
]
