"""Templates through Jinja: an office's own (`--template`), and the reading of every template's source.

Built-in templates never come here at run time: they render through the
Python generated from their source (see codegen.py), so a build with them
does not import Jinja.  An office's template is compiled by a sandboxed,
autoescaping environment, its bytecode kept in the user's cache folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from jinja2 import FileSystemBytecodeCache, StrictUndefined, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from ...errors import SourceErrors
from .budget import BudgetedEnvironment
from .contract import syntax_problem


def environment() -> SandboxedEnvironment:
    """The environment a built-in template's source is read by (codegen.py): sandboxed, escaping
    every value, as an office's template is compiled, without the budget (drafter's own code)."""
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined)


def compile_source(path: Path, source: str):
    """`source` (the Jinja text of an office's template at `path`) compiled by the budgeted
    environment (budget.py), to be rendered under a budget.  A syntax error is a SourceErrors
    placed by the text near it."""
    env = BudgetedEnvironment(autoescape=True, undefined=StrictUndefined)
    try:
        return _compiled(env, source, "document.xml.budgeted")
    except TemplateSyntaxError as exc:
        raise SourceErrors([syntax_problem(path, source, exc)]) from None


def _compiled(env: SandboxedEnvironment, source: str, name: str):
    """The compiled template, kept between runs in the user's cache folder (keyed by the
    source and Jinja's version by Jinja itself); compiled afresh where that cannot be written."""
    base = os.environ.get("LOCALAPPDATA") if sys.platform == "win32" else os.environ.get("XDG_CACHE_HOME")
    folder = (Path(base) if base else Path.home() / ".cache") / "drafter" / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        cache = FileSystemBytecodeCache(str(folder))
        bucket = cache.get_bucket(env, name, None, source)
    except OSError:
        return env.from_string(source)
    if bucket.code is None:
        bucket.code = env.compile(source, name)
        try:
            cache.set_bucket(bucket)
        except OSError:
            pass
    return env.template_class.from_code(env, bucket.code, env.make_globals(None))
