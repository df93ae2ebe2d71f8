"""The changes file: shapes, references and the day it describes."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.files.changes import load_changes
from planner.files.scenario import load_scenario
from planner.model import Scenario, apply_changes
from planner.model.errors import InputError
from tests.support.minimal import MINIMAL

GOOD = """\
now: 2025-07-05T11:00
walk_ins:
  - {id: w1, family: fw1, severity: severe, arrives: 2025-07-05T11:20,
     leaves: 2025-07-05T17:00, needs: [mdt]}
no_shows: [p1]
experts: [{id: hem-1, available: []}]
rooms: [{venue: v1, room: c1, closed: [{date: 2025-07-05, start: "14:00", end: "18:00"}]}]
visits: {file: status.csv}
"""


@pytest.fixture
def scenario(tmp_path: Path) -> Scenario:
    path = tmp_path / "stop.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return load_scenario(path)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "changes.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def messages(tmp_path: Path, scenario: Scenario, text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_changes(write(tmp_path, text), scenario)
    return caught.value.messages


def test_a_good_file_gives_the_day_as_it_now_is(tmp_path: Path, scenario: Scenario) -> None:
    changes = load_changes(write(tmp_path, GOOD), scenario)
    day = apply_changes(scenario, changes)
    assert [(p.id, p.absent) for p in day.patients] == [("p1", True), ("w1", False)]
    assert day.experts[0].available == []
    assert [(r.id, [f"{c.start:%H:%M}" for c in r.closed]) for r in day.venues[0].rooms] == [
        ("c1", ["14:00"]),
        ("hall", []),
    ]
    assert scenario.patients[0].absent is False  # the published day is left as it was


def test_a_late_patient_arrives_later(tmp_path: Path, scenario: Scenario) -> None:
    text = "now: 2025-07-05T09:30\nlate: [{patient: p1, arrives: 2025-07-05T10:40}]\n"
    day = apply_changes(scenario, load_changes(write(tmp_path, text), scenario))
    assert f"{day.patients[0].arrives:%H:%M}" == "10:40"


def test_a_late_arrival_after_leaving_is_refused(tmp_path: Path, scenario: Scenario) -> None:
    text = "now: 2025-07-05T09:30\nlate: [{patient: p1, arrives: 2025-07-05T12:40}]\n"
    assert messages(tmp_path, scenario, text) == [
        "changes.yaml:2: late[0].arrives: p1 arrives at 2025-07-05 12:40, not before leaving "
        "at 2025-07-05 12:00"
    ]


def test_unknown_ids_are_named_with_their_line(tmp_path: Path, scenario: Scenario) -> None:
    text = (
        "now: 2025-07-05T11:00\n"
        "no_shows: [p1, p9]\n"
        "late: [{patient: p8, arrives: 2025-07-05T13:00}]\n"
        "experts: [{id: gen-1, available: []}]\n"
        "rooms: [{venue: v1, room: c9, closed: [{date: 2025-07-05, start: '14:00', "
        "end: '15:00'}]}]\n"
    )
    assert messages(tmp_path, scenario, text) == [
        "changes.yaml:2: no_shows[1]: unknown patient 'p9' (known: p1)",
        "changes.yaml:3: late[0].patient: unknown patient 'p8' (known: p1)",
        "changes.yaml:4: experts[0].id: unknown expert 'gen-1' (known: hem-1)",
        "changes.yaml:5: rooms[0].room: unknown room 'c9' (known: c1, hall)",
    ]


def test_walk_in_ids_must_be_new(tmp_path: Path, scenario: Scenario) -> None:
    walk_in = (
        "{id: %s, family: f, arrives: 2025-07-05T11:20, leaves: 2025-07-05T17:00, needs: [%s]}"
    )
    text = (
        "now: 2025-07-05T11:00\nwalk_ins:\n"
        f"  - {walk_in % ('p1', 'mdt')}\n  - {walk_in % ('w1', 'mdt')}\n"
        f"  - {walk_in % ('w1', 'xray')}\n"
    )
    assert messages(tmp_path, scenario, text) == [
        "changes.yaml:3: walk_ins[0].id: patient id 'p1' is already in the scenario",
        "changes.yaml:5: walk_ins[2].id: duplicate walk-in id 'w1' (first at walk_ins[1])",
        "changes.yaml:5: walk_ins[2].needs[0]: unknown service 'xray' (known: hla, mdt)",
    ]


def test_now_must_be_on_a_day_of_the_stop(tmp_path: Path, scenario: Scenario) -> None:
    assert messages(tmp_path, scenario, "now: 2025-07-09T11:00\n") == [
        "changes.yaml:1: now: 2025-07-09 11:00 is not on a day of the stop (2025-07-05, 2025-07-06)"
    ]


def test_shapes_are_checked_with_hints(tmp_path: Path, scenario: Scenario) -> None:
    text = "now: 2025-07-05T11:00\nno_show: [p1]\nlate: [{patient: p1}]\n"
    assert messages(tmp_path, scenario, text) == [
        "changes.yaml:2: no_show: unknown key 'no_show' (did you mean 'no_shows'?)",
        "changes.yaml:3: late[0].arrives: missing required key 'arrives'",
    ]
