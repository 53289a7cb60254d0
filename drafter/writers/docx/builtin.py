"""The built-in templates shipped in templates/: one per font set."""

from __future__ import annotations

from pathlib import Path

from .styles import FONT_SETS, GOVERNMENT_FONTS


def builtin_template(font_set: str = GOVERNMENT_FONTS.name) -> Path:
    """The built-in template for a font set, shipped inside the package."""
    return Path(__file__).resolve().parent / "templates" / template_name(font_set)


def template_name(font_set: str) -> str:
    """File name of the built-in template for a font set."""
    return "gbt9704.docx" if font_set == GOVERNMENT_FONTS.name else f"gbt9704-{font_set}.docx"


TEMPLATES = {template_name(name): fonts for name, fonts in FONT_SETS.items()}
