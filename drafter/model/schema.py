"""JSON Schema of the sources, for editors (VS Code's YAML extension) to complete and check.

Generated from the model by msgspec, each property described by the docstring under its field
(read from report.py's source: a build or a check never reads them), then widened where the
YAML accepts more than the validated model holds: `sections` may name files, texts may be one block.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import msgspec

from . import report
from .report import Report, Section

_LINES = {"anyOf": [
    {"type": "string"},
    {"type": "array", "items": {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/Paragraph"}]}},
]}
_LINES_OF_TEXT = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
_DATE = {"anyOf": [
    {"type": "string", "format": "date"},
    {"type": "string", "pattern": r"^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$"},
    {"type": "null"},
]}


def field_descriptions() -> dict[str, dict[str, str]]:
    """Each model class's fields' help, by the key the YAML uses: the docstring under the field in
    the model's source, its lines joined without a space."""
    tree = ast.parse(Path(report.__file__).read_text(encoding="utf-8"))
    found: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        struct = getattr(report, node.name)
        keys = dict(zip(struct.__struct_fields__, struct.__struct_encode_fields__))
        found[node.name] = {
            keys[field.target.id]: "".join(line.strip() for line in doc.value.value.splitlines())
            for field, doc in zip(node.body, node.body[1:])
            if isinstance(field, ast.AnnAssign) and isinstance(doc, ast.Expr) and isinstance(doc.value, ast.Constant)
            and isinstance(doc.value.value, str)
        }
    return found


def _describe(schema: dict[str, Any], descriptions: dict[str, dict[str, str]]) -> None:
    """Each property's description first, where msgspec puts one given in the annotation."""
    for model_schema in [schema, *schema["$defs"].values()]:
        properties = model_schema.get("properties", {})
        for name, prop in properties.items():
            properties[name] = {"description": descriptions[model_schema["title"]][name], **prop}


def _widen(schema: dict[str, Any]) -> dict[str, Any]:
    definitions = schema.get("$defs", {})
    part = definitions.get("Part")
    if part:
        part["properties"]["sections"] = {
            "description": part["properties"]["sections"]["description"]
            + "；可写文件名或通配符（如 sections/*.yaml），也可直接写出小节",
            "anyOf": [
                {"type": "string"},
                {"type": "array", "items": {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/Section"}]}},
            ],
        }
    for model in [schema, *definitions.values()]:
        properties = model.get("properties", {})
        for name, prop in properties.items():
            described = {"description": prop["description"]}
            if "anyOf" in prop:  # null last, the same whichever msgspec version wrote it
                prop["anyOf"].sort(key=lambda arm: arm == {"type": "null"})
            if name in ("paragraphs", "preamble", "closing"):
                properties[name] = {"description": prop["description"] + "；也可写成多行文字，每行一段", **_LINES}
            elif _is_date(prop):
                properties[name] = {**described, **(_DATE if "anyOf" in prop else {"anyOf": _DATE["anyOf"][:2]})}
            elif prop.get("type") == "boolean":
                properties[name] = {**described, "default": prop.get("default"),
                                    "anyOf": [{"type": "boolean"}, {"enum": ["是", "否"]}]}
            elif name in ("signature", "copy_to"):
                properties[name] = {**described, **_LINES_OF_TEXT}
    return schema


def _is_date(prop: dict[str, Any]) -> bool:
    return any(arm.get("format") == "date" for arm in [prop, *prop.get("anyOf", [])])


def schema_json(section: bool = False) -> str:
    """The JSON Schema of report.yaml (or of a section file), as text."""
    model = Section if section else Report
    generated = msgspec.json.schema(model)
    definitions = generated["$defs"]
    root = definitions.pop(model.__name__)  # the root's properties at the top, where editors look first
    schema = {**root, "$defs": definitions}
    _describe(schema, field_descriptions())
    schema = _widen(schema)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
