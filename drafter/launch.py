"""The `drafter` command's entry point.

`drafter build` and `drafter check` of one report (the commands people run
most) start without loading click when their arguments are plain: every option
known and given once, one source that is no pattern.  Everything else — help,
usage errors, every other command, batches, `--pdf`, `--template` — goes to the
click application in cli/, so help and usage errors always come from click.
"""

from __future__ import annotations

import sys
from pathlib import Path

_GLOB = set("*?[")
# Per command: the options taking a value (each spelling → one name) and the flags.
_VALUES = {"build": {"-o": "output", "--output": "output"}, "check": {}}
_FLAGS = {"build": {"--annotate", "--force"}, "check": {"--strict", "--fix"}}


def plain_arguments(args: list[str]) -> tuple[str, Path, dict[str, object]] | None:
    """(command, source, options) when `args` are a plain build or check; None otherwise."""
    if not args or args[0] not in _VALUES:
        return None
    command, rest = args[0], args[1:]
    values, flags = _VALUES[command], _FLAGS[command]
    sources: list[str] = []
    options: dict[str, object] = {}
    i = 0
    while i < len(rest):
        token = rest[i]
        name, equals, attached = token.partition("=") if token.startswith("--") else (token, "", "")
        if name in values and values[name] not in options:
            value = attached if equals else (rest[i + 1] if i + 1 < len(rest) else "")
            if not value or value.startswith("-"):
                return None
            options[values[name]] = Path(value)
            i += 1 if equals else 2
        elif token in flags and token.lstrip("-") not in options:
            options[token.lstrip("-")] = True
            i += 1
        elif token.startswith("-") or not token or _GLOB & set(token):
            return None
        else:
            sources.append(token)
            i += 1
    if len(sources) != 1:
        return None
    output = options.get("output")
    if isinstance(output, Path) and output.is_dir():  # a batch's output folder
        return None
    return command, Path(sources[0]), options


def main() -> None:
    plain = plain_arguments(sys.argv[1:])
    if plain is None:
        from .cli import (
            main as click_main,  # click: help, usage errors and every other command
        )

        click_main(prog_name="drafter")
        return
    sys.exit(_run(*plain))


def _run(command: str, source: Path, options: dict[str, object]) -> int:
    """A plain build or check, with the exit codes and messages the click application gives:
    2 for the user's problems, 130 when interrupted (Ctrl-C, SIGTERM), 3 with a report for a bug."""
    import gc

    gc.disable()  # loading modules makes no garbage worth a collection; settle_memory turns it back on
    from . import console
    from .errors import DrafterError, SourceErrors

    console.setup_streams()
    previous = console.on_sigterm()
    try:
        if command == "check":
            return console.check_report(source, strict=bool(options.get("strict")), fix=bool(options.get("fix")))
        console.build_report(source, options.get("output"), annotate=bool(options.get("annotate")),
                             force=bool(options.get("force")), template=None)
        return 0
    except DrafterError as error:
        console.echo_problems(error.errors if isinstance(error, SourceErrors) else [error])
        return 2
    except BrokenPipeError:
        return 1
    except OSError as error:  # the disk or the system refused, outside the places that say so themselves
        if error.filename is None:
            console.echo_crash(error)
            return 3
        from .files import write_fault

        console.echo_problems([write_fault(Path(error.filename), error, "读写该文件")])
        return 2
    except KeyboardInterrupt:
        console.echo("", err=True)
        console.echo(console.INTERRUPTED, fg="yellow", err=True)
        return 130
    except Exception as error:  # noqa: BLE001 (a bug: the user gets a report to send, not a traceback)
        console.echo_crash(error)
        return 3
    finally:
        console.restore_sigterm(previous)
