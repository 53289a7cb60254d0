"""The last resort: an unexpected exception as a short Chinese report the user can send.

Every problem a user can cause is a DrafterError with its own message; what
reaches here is a bug in drafter, and the report says so.
"""

from __future__ import annotations

import platform
import sys
import traceback


def report(error: BaseException) -> str:
    """内部错误: what to do, then a few lines that locate the bug (no file contents)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        drafter = version("drafter")
    except PackageNotFoundError:
        drafter = "未安装"
    frames = traceback.extract_tb(error.__traceback__)[-4:]
    where = [f"    {frame.filename.replace(chr(92), '/').rsplit('/', 2)[-1]}:{frame.lineno} {frame.name}" for frame in frames]
    return "\n".join([
        "内部错误：drafter 遇到了没有预料到的问题，未能完成（不会留下写了一半的文件，原有的文件没有被改写）。",
        "  提示：请把下面几行连同所用的命令发给维护人员；资料本身不必发送。",
        f"    drafter {drafter}，Python {platform.python_version()}，{platform.system()} {platform.machine()}",
        f"    {' '.join(['drafter', *sys.argv[1:]])[:200]}",
        f"    {type(error).__name__}: {str(error)[:200]}",
        *where,
    ])
