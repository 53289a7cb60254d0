"""Regular expressions compiled when a run first uses them.

Compiling is start-up time: `re` compiles in Python, and a character class
holding Chinese characters costs 0.1–1 ms (a map of 65,536 characters is
built and cut into chunks).  A module defines the patterns of all its paths
while one run takes only some of them: `drafter check` never needs the import's
patterns, a clean file never needs the ones that explain a mistake.

`lazy(...)` stands where `re.compile(...)` did, used the same way.  Its first
use compiles it; from then on its methods are the compiled pattern's own,
looked up as fast.
"""

from __future__ import annotations

import re
from typing import Any, AnyStr, cast

_METHODS = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split")


class _Lazy:
    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self._source = pattern, flags

    def __getattr__(self, name: str) -> Any:  # what is not set yet: a method before the first use
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self._compiled = re.compile(*self._source)
            for method in _METHODS:
                setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self._source[0]!r})"


def lazy(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """`re.compile(pattern, flags)`, done on first use."""
    return cast("re.Pattern[AnyStr]", _Lazy(pattern, flags))


# What ends a line, as YAML and the editors count lines: LF, CRLF or CR.
LINE_BREAK = lazy(r"\r\n|\r|\n")
