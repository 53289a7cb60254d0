"""drafter: YAML sources → 法治政府建设年度报告 in the GB/T 9704 official format."""

from .build import build
from .errors import DrafterError, Position, SourceErrors
from .loader import load_report
from .model import Part, Point, Report, Section

__all__ = ["DrafterError", "Part", "Point", "Position", "Report", "Section", "SourceErrors", "build", "load_report"]
