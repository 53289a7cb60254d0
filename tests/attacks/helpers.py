"""What every attack test asserts: a Chinese message, the right exit code, no traceback,
no internal error, and nothing the user had changed."""

from __future__ import annotations

import hashlib
from pathlib import Path


def snapshot(*folders: Path) -> dict[Path, str]:
    """Every file under `folders` with a digest of its bytes."""
    return {path: hashlib.sha256(path.read_bytes()).hexdigest()
            for folder in folders for path in sorted(folder.rglob("*")) if path.is_file()}


def assert_refused(result, *messages: str, code: int = 2) -> None:
    output = result.output
    assert "Traceback" not in output, output
    assert "内部错误" not in output, output  # the last-resort handler is for bugs, not for these
    assert result.exit_code == code, output
    for message in messages:
        assert message in output, output
    if code == 2:
        assert "提示：" in output, output
