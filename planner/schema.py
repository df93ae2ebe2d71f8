"""The JSON Schema of the scenario format, for editors (yaml-language-server)."""

from __future__ import annotations

import json
from typing import Any

from planner.model import Scenario

SCHEMA_ID = "https://touring-clinic-planner.invalid/scenario.schema.json"


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema that a scenario file follows."""
    schema = Scenario.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "Touring-clinic scenario"
    _allow_tables(schema)
    return schema


def _allow_tables(schema: dict[str, Any]) -> None:
    """Patients and households may also be a spreadsheet: {file: ..., sheet: ...}."""
    table = {
        "type": "object",
        "description": "a CSV or Excel file of rows (see the README for the columns)",
        "properties": {"file": {"type": "string"}, "sheet": {"type": "string"}},
        "required": ["file"],
        "additionalProperties": False,
    }
    props = schema["properties"]
    props["patients"] = {"anyOf": [props["patients"], table, {"type": "string"}]}
    visits = schema["$defs"]["Visits"]["properties"]
    visits["households"] = {"anyOf": [visits["households"], table, {"type": "string"}]}


def schema_text() -> str:
    """The schema as the text `planner schema` prints and the repository keeps."""
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"
