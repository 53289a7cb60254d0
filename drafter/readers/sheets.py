"""Figures from a department's spreadsheet: CSV or XLSX rows of 名称, 数值, 单位, 去年数值.

Errors name the file, the sheet, the row and the column.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from ..errors import DrafterError, Position, sheet_path
from ..ooxml.package import read_package
from .yamlsource import read_source

COLUMNS = {"名称": "name", "name": "name", "数值": "value", "value": "value", "本年数值": "value",
           "单位": "unit", "unit": "unit", "去年数值": "last_year", "上年数值": "last_year", "last_year": "last_year",
           "说明": "note", "note": "note"}


def read_figures(path: Path) -> list[tuple[dict[str, Any], Position, dict[str, Position]]]:
    """Each row as a figure: (fields, where the row is, where each field is)."""
    if path.suffix.lower() == ".xlsx":
        sheets = _xlsx(path)
    elif path.suffix.lower() == ".csv":
        sheets = [(path, _csv_rows(path))]
    else:
        raise DrafterError("数据表只能是 .csv 或 .xlsx 文件", position=Position(path),
                           hint="在 Excel 或 WPS 表格中“另存为”CSV 或 Excel 工作簿（*.xlsx）")
    figures = []
    for where, rows in sheets:
        if not rows:
            continue
        header = [COLUMNS.get(str(cell).strip()) if cell is not None else None for cell in rows[0]]
        if "name" not in header or "value" not in header:
            raise DrafterError(
                "数据表第一行应是列名：名称、数值、单位、去年数值", position=Position(where, 1, 1),
                hint="在第一行写上这些列名（单位、去年数值可以不写）",
            )
        for number, row in enumerate(rows[1:], 2):
            cells = {header[i]: (cell, i + 1) for i, cell in enumerate(row) if i < len(header) and header[i]}
            if all(cell in (None, "") for cell, _ in cells.values()):
                continue
            fields: dict[str, Any] = {}
            places: dict[str, Position] = {}
            for key, (cell, column) in cells.items():
                places[key] = Position(where, number, column)
                if cell in (None, ""):
                    continue
                fields[key] = _number(cell, places[key]) if key in ("value", "last_year") else str(cell).strip()
            figures.append((fields, Position(where, number, 1), places))
    return figures


def _csv_rows(path: Path) -> list[list[str]]:
    reader = csv.reader(read_source(path).text.splitlines())
    try:
        rows = list(reader)
    except csv.Error:  # a cell over csv's field limit (128 KB), or a stray NUL
        raise DrafterError("数据表中有一格的内容过长或无法识别", position=Position(path, reader.line_num, 1),
                           hint="数据表的每格只写名称、数字或单位；检查这一行的引号是否成对") from None
    return rows


def _number(cell: Any, where: Position) -> float | int:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return cell
    text = str(cell).strip().replace(",", "").replace("，", "")
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    raise DrafterError(f"“{cell}”不是数字", position=where, hint="只写阿拉伯数字，不要写单位、汉字或空格，如 178")


def _xlsx(path: Path) -> list[tuple[Path, list[list[Any]]]]:
    from openpyxl import load_workbook  # only when a report reads a workbook

    read_package(path)  # openpyxl inflates without limits: a zip bomb is refused here first
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DrafterError(f"无法读取该 Excel 文件（{type(exc).__name__}）", position=Position(path),
                           hint="确认它是 .xlsx 工作簿，能在 Excel 或 WPS 中打开") from None
    try:
        return [(sheet_path(path, sheet.title), [list(row) for row in sheet.iter_rows(values_only=True)])
                for sheet in workbook.worksheets]
    except Exception as exc:  # noqa: BLE001 (a sheet's XML is read only now, and may be broken)
        raise DrafterError(f"该 Excel 文件中的工作表已损坏（{type(exc).__name__}）", position=Position(path),
                           hint="在 Excel 或 WPS 中打开该文件，“另存为”一份新的 .xlsx 后再试") from None
    finally:
        workbook.close()
