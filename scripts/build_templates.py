"""Rewrite the built-in templates in templates/ from drafter/template_builder.py.

Run after changing a layout value:  python scripts/build_templates.py
"""

from pathlib import Path

from drafter.template_builder import build_all

if __name__ == "__main__":
    for path in build_all(Path(__file__).resolve().parent.parent / "templates"):
        print(f"已写入：{path}")
