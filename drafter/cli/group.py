"""The `drafter` command group: every problem a Chinese message and an exit code, never a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..console import (
    INTERRUPTED,
    echo,
    echo_crash,
    echo_problems,
    on_sigterm,
    restore_sigterm,
)
from ..errors import DrafterError, SourceErrors
from ..usage import ChineseCommand, ChineseContext, help_option, usage_message


class Group(click.Group):
    """Turns DrafterError into a Chinese message and exit code 2, never a traceback."""

    context_class = ChineseContext
    command_class = ChineseCommand
    group_class = type  # subgroups (drafter template …) are of this class too
    get_help_option = help_option

    def main(self, *args, **kwargs):
        """click's own usage errors in Chinese too; exit codes as click gives them.

        Ctrl-C and SIGTERM unwind like an error (LibreOffice ended, temporary
        folders removed) and exit 130; anything unexpected is an internal
        error with a short report, exit 3 — never a bare traceback.
        """
        kwargs.pop("standalone_mode", None)
        previous = on_sigterm()
        try:
            code = super().main(*args, **kwargs, standalone_mode=False)
        except click.UsageError as error:
            if type(error).__name__ == "NoArgsIsHelpError":  # click 8.2+: a bare command shows its help
                click.echo(error.ctx.get_help() if error.ctx else error.format_message())
                sys.exit(0)
            command = " ".join(["drafter", *(error.ctx.command_path.split()[1:] if error.ctx else [])])
            click.secho(f"错误：{usage_message(error)}", fg="red", err=True)
            click.secho(f"  提示：用 {command} --help 查看用法", err=True)
            sys.exit(2)
        except (click.exceptions.Abort, KeyboardInterrupt) as error:
            if isinstance(error, KeyboardInterrupt) or isinstance(error.__cause__, KeyboardInterrupt):
                echo(INTERRUPTED, fg="yellow", err=True)
                sys.exit(130)
            click.secho("已中止。", err=True)
            sys.exit(1)
        except Exception as error:  # noqa: BLE001 (a bug: the user gets a report to send, not a traceback)
            echo_crash(error)
            sys.exit(3)
        finally:
            restore_sigterm(previous)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DrafterError as error:
            echo_problems(error.errors if isinstance(error, SourceErrors) else [error])
            ctx.exit(2)
        except OSError as error:  # the disk or the system refused, outside the places that say so themselves
            if error.filename is None:
                raise
            from ..files import write_fault

            echo_problems([write_fault(Path(error.filename), error, "读写该文件")])
            ctx.exit(2)
