"""drafter: YAML sources → 法治政府建设年度报告 in the GB/T 9704 official format.

The public API is imported on first use, so `drafter check` does not load the
.docx machinery it never needs.
"""

from importlib import import_module

_API = {
    "build": "commands.build", "check": "checks.check", "load_report": "readers.sources",
    "next_year": "commands.next_year", "import_report": "commands.importing",
    "DrafterError": "errors", "DrafterWarning": "errors", "Position": "errors", "SourceErrors": "errors",
    "Report": "model.report", "Part": "model.report", "Section": "model.report", "Point": "model.report",
    "Paragraph": "model.report", "Figure": "model.report",
}
__all__ = sorted(_API)


def __getattr__(name: str):
    if name not in _API:
        raise AttributeError(f"module 'drafter' has no attribute {name!r}")
    return getattr(import_module(f".{_API[name]}", __name__), name)
