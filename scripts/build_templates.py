"""Rewrite the built-in templates in drafter/writers/docx/templates/ from the template generator.

Run after changing a layout value:  python scripts/build_templates.py
"""

from pathlib import Path

from drafter.writers.docx.template import build_all

if __name__ == "__main__":
    for path in build_all(Path(__file__).resolve().parent.parent / "drafter" / "writers" / "docx" / "templates"):
        print(f"已写入：{path}")
