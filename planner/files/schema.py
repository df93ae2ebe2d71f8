"""The JSON Schemas of the scenario, tour, changes and walk-in formats, for editors
(yaml-language-server)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, TypeAdapter

from planner.model import Patient, Scenario
from planner.model.changes import Changes
from planner.model.tour import Tour

SCHEMA_ID = "https://touring-clinic-planner.invalid/scenario.schema.json"
TOUR_SCHEMA_ID = "https://touring-clinic-planner.invalid/tour.schema.json"
CHANGES_SCHEMA_ID = "https://touring-clinic-planner.invalid/changes.schema.json"
WALK_IN_SCHEMA_ID = "https://touring-clinic-planner.invalid/walk-in.schema.json"


def _schema(model: type[BaseModel] | Any, schema_id: str, title: str) -> dict[str, Any]:
    """The JSON Schema that a file of `model` (a model, or a type pydantic can read) follows."""
    if isinstance(model, type) and issubclass(model, BaseModel):
        schema = model.model_json_schema(mode="validation")
    else:
        schema = TypeAdapter(model).json_schema(mode="validation")
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


def changes_schema() -> dict[str, Any]:
    """The JSON Schema that a changes file (`planner replan --changes`) follows."""
    schema = _schema(Changes, CHANGES_SCHEMA_ID, "Touring-clinic changes of a day under way")
    status_file = {"$ref": "#/$defs/StatusFile"}
    schema["properties"]["visits"] = {"anyOf": [schema["properties"]["visits"], status_file]}
    return schema


def walk_in_schema() -> dict[str, Any]:
    """The JSON Schema that a walk-in file (`planner fit --patient`) follows: one
    patient, or a family of them."""
    return _schema(Patient | list[Patient], WALK_IN_SCHEMA_ID, "Touring-clinic walk-in")


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


def changes_schema_text() -> str:
    """The schema as `planner schema --changes` prints it and the repository keeps it."""
    return json.dumps(changes_schema(), indent=2, ensure_ascii=False) + "\n"


def walk_in_schema_text() -> str:
    """The schema as `planner schema --walk-in` prints it and the repository keeps it."""
    return json.dumps(walk_in_schema(), indent=2, ensure_ascii=False) + "\n"
