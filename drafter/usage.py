"""click's own words in Chinese: help headings, metavars and every usage error drafter can
trigger, told by the error's type and attributes (their English wording differs between click versions)."""

from __future__ import annotations

import re

import click

from .patterns import lazy
from .tables import columns, pad

# What click's help calls the arguments and values, in Chinese.
_METAVARS = {"SOURCES...": "资料文件夹...", "SOURCE": "资料文件夹", "FILES...": "文件...", "FILE": "文件",
             "DOCUMENTS...": "文档...", "[OPTIONS]": "[选项]", "COMMAND [ARGS]...": "命令 [参数]...", "PATH": "路径",
             "TEXT": "文字", "INTEGER": "整数", "INTEGER RANGE": "整数", "DIRECTORY": "文件夹"}
_METAVAR = lazy("|".join(re.escape(k) for k in sorted(_METAVARS, key=len, reverse=True)))
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

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        paragraphs = [_wrap(paragraph, max(self.width - len(indent), 10)) for paragraph in text.split("\n\n")]
        self.write("\n\n".join("\n".join(indent + line for line in lines) for lines in paragraphs) + "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        """Options and commands beside their help, lined up as a terminal shows them: click measures
        by characters, and a Chinese character takes two columns."""
        rows = [(_chinese_metavars(first), second.replace("[required]", "[必填]").replace("[default: ", "[默认："))
                for first, second in rows]
        indent = " " * self.current_indent
        first_col = min(max(columns(first) for first, _ in rows), col_max) + col_spacing
        lead = indent + " " * first_col
        for first, second in rows:
            lines = _wrap(second, max(self.width - len(lead), 10)) or [""]
            if columns(first) <= first_col - col_spacing:
                self.write(f"{indent}{pad(first, first_col)}{lines[0]}\n")
            else:
                self.write(f"{indent}{first}\n{lead}{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{lead}{line}\n")


_NO_LINE_START = "，。、；：？！）》」”’"


def _wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` terminal columns: broken between Chinese characters, at a
    space between Latin words, never before closing punctuation."""
    lines, line = [], ""
    for char in " ".join(text.split()):
        if line and columns(line + char) > width:
            space = line.rfind(" ")
            if char in _NO_LINE_START and len(line) > 1:  # the mark goes down with the character before it
                lines.append(line[:-1].rstrip())
                line = line[-1]
            elif char != " " and space > 0 and (line[space + 1:] + char).isascii():
                lines.append(line[:space])
                line = line[space + 1:]
            else:
                lines.append(line.rstrip())
                line = ""
                if char == " ":
                    continue
        line += char
    return [*lines, line] if line else lines


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
