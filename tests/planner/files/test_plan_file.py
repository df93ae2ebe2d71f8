"""Reading plan.json: a valid file round-trips; a bad one is named by file, line and key path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.files.plan import load_plan
from planner.model import Plan
from planner.model.errors import InputError
from tests.support.checked_stop import plan_data

BAD_SHAPE = """{
  "scenario": "tiny stop",
  "status": "feasible",
  "appointments": [
    {"patient": "p01", "service": "mdt", "experts": ["hem-1"], "venue": "hosp",
     "start": "2025-07-05T09:00:00+08:00", "end": "2025-07-05T09:30:00+08:00"}
  ],
  "unserved": [
    {"patient": "p05", "service": "consult", "reason": "busy",
     "colour": "red"}
  ],
  "routes": [
    {"team": "team-a", "day": "2025-07-06", "distance_km": 1.0,
     "drive_min": "long", "visits": []}
  ],
  "solver": {"wall_s": 0.1, "objective": 0, "bound": 0, "gap": 0}
}
"""


def _messages(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_plan(path)
    return caught.value.messages


def test_a_valid_plan_reads_back_equal(tmp_path: Path) -> None:
    plan = Plan.model_validate(plan_data())
    path = tmp_path / "plan.json"
    path.write_text(plan.model_dump_json(indent=2), encoding="utf-8")
    assert load_plan(path) == plan


def test_bad_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text('{\n  "scenario": "x",\n  "status": \n}\n', encoding="utf-8")
    assert _messages(path) == ["plan.json:4: not valid JSON: Expecting value"]


def test_wrong_keys_name_line_and_path(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(BAD_SHAPE, encoding="utf-8")
    assert _messages(path) == [
        "plan.json:5: appointments[0].room: missing required key 'room'",
        "plan.json:10: unserved[0].colour: unknown key 'colour' (allowed here: patient, "
        "service, reason, code)",
        "plan.json:14: routes[0].drive_min: input should be a valid integer, unable to parse "
        "string as an integer (got 'long')",
    ]


def test_a_list_is_not_a_plan(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps([plan_data()]), encoding="utf-8")
    assert _messages(path) == ["plan.json:1: the plan must be a JSON object of keys, not a list"]


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    assert _messages(tmp_path / "nowhere.json") == [f"{tmp_path / 'nowhere.json'}: file not found"]
