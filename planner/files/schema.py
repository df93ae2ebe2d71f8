"""The JSON Schemas of the scenario and tour formats, for editors (yaml-language-server)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from planner.model import Scenario
from planner.model.tour import Tour

SCHEMA_ID = "https://touring-clinic-planner.invalid/scenario.schema.json"
TOUR_SCHEMA_ID = "https://touring-clinic-planner.invalid/tour.schema.json"


def _schema(model: type[BaseModel], schema_id: str, title: str) -> dict[str, Any]:
    """The JSON Schema that a file of `model` follows."""
    schema = model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = schema_id
    schema["title"] = title
    return schema


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema that a scenario file follows."""
    schema = _schema(Scenario, SCHEMA_ID, "Touring-clinic scenario")
    _allow_tables(schema)
    return schema


def tour_schema() -> dict[str, Any]:
    """The JSON Schema that a tour file follows."""
    return _schema(Tour, TOUR_SCHEMA_ID, "Touring-clinic tour")


def _allow_tables(schema: dict[str, Any]) -> None:
    """Patients and households may also be a spreadsheet: {file: ..., sheet: ...}."""
    table = {
        "type": "object",
        "description": "a CSV or Excel file of rows (its columns: docs/scenario-format.md)",
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


def tour_schema_text() -> str:
    """The schema as `planner schema --tour` prints it and the repository keeps it."""
    return json.dumps(tour_schema(), indent=2, ensure_ascii=False) + "\n"
