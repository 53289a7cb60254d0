"""Who may open what: one unguessable link per department and one for the office.

Tokens live in the report's `.drafter/serve/tokens.json`, so links mailed to
departments keep working across restarts; each can be replaced on its own.
A token names a department; a department's files are named by their place in
its list, never by a path taken from a request.
"""

from __future__ import annotations

import hmac
import json
import secrets
from pathlib import Path

from msgspec import Struct

from ..files import atomic_write, drafter_folder

OFFICE = ""  # the office's entry in the token file (no department has an empty name)
_FILE = "tokens.json"


class Tokens(Struct, frozen=True):
    by_department: dict[str, str]

    @property
    def office(self) -> str:
        return self.by_department[OFFICE]

    def department_of(self, token: str) -> str | None:
        """The department a token belongs to (OFFICE for the office's), compared in constant time."""
        found = None
        for department, known in self.by_department.items():
            if hmac.compare_digest(known.encode(), token.encode()):
                found = department
        return found


def _path(root: Path) -> Path:
    folder = drafter_folder(root) / "serve"
    folder.mkdir(exist_ok=True)
    return folder / _FILE


def _save(root: Path, tokens: dict[str, str]) -> None:
    atomic_write(_path(root), json.dumps(tokens, ensure_ascii=False, indent=1).encode("utf-8"))


def load_tokens(root: Path, departments: list[str]) -> Tokens:
    """The tokens of the office and of every department, made for those that have none yet."""
    path = _path(root)
    try:
        tokens = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, ValueError):
        tokens = {}
    tokens = {str(k): str(v) for k, v in tokens.items()} if isinstance(tokens, dict) else {}
    missing = [name for name in [OFFICE, *departments] if name not in tokens]
    for name in missing:
        tokens[name] = secrets.token_urlsafe(18)
    if missing:
        _save(root, tokens)
    return Tokens(tokens)


def renew(root: Path, department: str) -> Tokens:
    """A new link for one department (the old one stops working)."""
    path = _path(root)
    tokens = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    tokens[department] = secrets.token_urlsafe(18)
    _save(root, tokens)
    return Tokens(tokens)


def csrf_token(secret: bytes, token: str) -> str:
    """The value a page's state-changing requests must carry: bound to its link and to this server run."""
    return hmac.new(secret, token.encode("utf-8"), "sha256").hexdigest()
