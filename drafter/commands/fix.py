"""drafter check --fix: the fixes `check` found, written into the sources as one change set.

Each fix says which characters of a file to replace; the fixed text tells
what each value becomes, and the sources editor writes just those values
(verified, recorded for `drafter undo`).  Each file is backed up first into
the report's `.drafter/backups/`.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator
from pathlib import Path

from ..errors import DrafterWarning, Fix
from ..files import drafter_folder, inside, safe_name, write_new
from ..readers.sources import KEYS
from ..readers.yamlsource import SourceText, parse, read_source
from ..writers.changes import between
from ..writers.changeset import apply

BACKUPS = "backups"  # under the report's .drafter/ folder


def apply_fixes(warnings: list[DrafterWarning], root: Path) -> dict[Path, tuple[int, Path]]:
    """Apply the fixes of `warnings` in place in the files of the report at `root`, each
    file backed up first into .drafter/backups/; returns per file the fixes and the backup.
    Written by the sources editor, as one change set `drafter undo` can take back."""
    by_file: dict[Path, list[Fix]] = {}
    for warning in warnings:
        if warning.fix:
            by_file.setdefault(warning.fix.path, []).append(warning.fix)
    done, edits = {}, {}
    for path, fixes in by_file.items():
        relative = inside(root, path).relative_to(root.resolve())
        source = read_source(path)
        text = source.text
        for fix in sorted(fixes, key=lambda f: f.offset, reverse=True):
            text = text[: fix.offset] + fix.text + text[fix.offset + fix.length:]
        # The fixed text says what each value becomes; the editor writes just those values.
        edits[path] = between(parse(source, KEYS)[0], parse(SourceText(path, text, source.encoding), KEYS)[0])
        folder = drafter_folder(root) / BACKUPS / relative.parent
        folder.mkdir(parents=True, exist_ok=True)
        backup = write_new(path.read_bytes(), _backup_names(folder, relative.name), path.stat().st_mtime_ns)
        done[path] = (len(fixes), backup)
    apply(root, edits, "fix")
    return done


def _backup_names(folder: Path, name: str) -> Iterator[Path]:
    """02-制度体系.yaml → 02-制度体系.yaml.20261201-074005.bak, then ….20261201-074005-2.bak …"""
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    yield folder / f"{safe_name(name)}.{stamp}.bak"
    for n in itertools.count(2):
        yield folder / f"{safe_name(name)}.{stamp}-{n}.bak"
