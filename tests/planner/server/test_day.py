"""The day's actions through the API: statuses, walk-ins, the coordinator's changes, bad
input that changes nothing, and the state derived again from the events."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from planner.model.errors import InputError
from planner.server.opening import open_day
from planner.server.state import day_state
from tests.planner.server.conftest import BOTH
from tests.support.day_server import Desk, config_of, desk, write_day

DATABASES = BOTH
"""On SQLite and on a real PostgreSQL server (tests/planner/server/conftest.py)."""

WALK_IN = {
    "id": "w1", "family": "fw1", "name": "赵六六", "severity": "severe",
    "arrives": "2025-07-05T09:00", "leaves": "2025-07-05T16:00", "needs": ["consult"],
}  # fmt: skip


@pytest.fixture(scope="module")
def reception(app: FastAPI) -> Desk:
    return desk(app, "reception")


@pytest.fixture(scope="module")
def coordinator(app: FastAPI) -> Desk:
    return desk(app, "coordinator")


def statuses(client: Desk) -> dict[tuple[str, str], str]:
    rows = client.get("/api/day").json()["appointments"]
    return {(row["patient"], row["service"]): row["status"] for row in rows}


def events(coordinator: Desk) -> list[dict[str, Any]]:
    return coordinator.get("/api/audit").json()  # type: ignore[no-any-return]


def test_a_patient_goes_from_check_in_to_call_to_done(app: FastAPI, reception: Desk) -> None:
    expert = desk(app, "expert", "hem-1")  # p03's consult is with hem-1
    assert expert.post("/api/patients/p03/call").status_code == 422  # not here yet
    answer = reception.post("/api/patients/p03/check-in")
    assert answer.json() == {
        "patient": "p03",
        "status": "checked_in",
        "event": answer.json()["event"],
    }
    assert expert.post("/api/patients/p03/call").json()["status"] == "called"
    assert statuses(reception)[("p03", "consult")] == "called"
    assert expert.post("/api/patients/p03/done").json()["status"] == "done"
    mine = expert.get("/api/day").json()["appointments"]
    assert "p03" in {row["patient"] for row in mine}
    assert all("hem-1" in row["experts"] for row in mine)  # their own queue only


@pytest.mark.parametrize(
    ("path", "code", "field"),
    [
        ("/api/patients/nobody/check-in", 404, "id"),
        ("/api/patients/p04/check-in", 200, None),
        ("/api/patients/p04/check-in", 422, "status"),
        ("/api/patients/p04/no-show", 422, "status"),
    ],
)
def test_unknown_ids_404_and_steps_the_status_does_not_allow_422(
    reception: Desk, coordinator: Desk, path: str, code: int, field: str | None
) -> None:
    before = len(events(coordinator))
    answer = reception.post(path)
    assert answer.status_code == code
    if field is not None:
        assert answer.json()["field"] == field
        assert len(events(coordinator)) == before  # refused: nothing written


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"needs": ["massage"]}, "needs[0]"),
        ({"arrives": "2025-07-09T09:00", "leaves": "2025-07-09T10:00"}, "arrives"),
        ({"leaves": "2025-07-05T08:00"}, "leaves"),
        ({"id": "p01"}, "id"),
        ({"family": None}, "family"),
    ],
)
def test_a_bad_walk_in_gets_422_naming_the_field_and_changes_nothing(
    reception: Desk, coordinator: Desk, change: dict[str, Any], field: str
) -> None:
    before = len(events(coordinator))
    answer = reception.post("/api/walk-ins", WALK_IN | change)
    assert answer.status_code == 422
    assert answer.json()["field"] == field or answer.json()["detail"].startswith(field)
    assert len(events(coordinator)) == before


def test_a_walk_in_is_fitted_and_booked_moving_nobody(reception: Desk) -> None:
    before = statuses(reception)
    options = reception.post("/api/walk-ins", WALK_IN).json()["options"]["consult"]
    assert [o["option"] for o in options] == ["a", "b", "c"]
    assert reception.post("/api/walk-ins/w1/book", {"option": "z"}).status_code == 422
    booked = reception.post("/api/walk-ins/w1/book", {"option": "b"}).json()
    assert booked["appointments"][0]["start"] == options[1]["start"]
    after = statuses(reception)
    assert after.pop(("w1", "consult")) == "planned"
    assert after == before
    assert reception.post("/api/walk-ins/w1/book", {"option": "a"}).status_code == 422


@pytest.mark.parametrize(
    ("patient", "arrives", "code", "field"),
    [
        ("nobody", "2025-07-05T11:00", 404, "id"),
        ("p02", "noon", 422, "arrives"),
        ("p02", "2025-07-09T11:00", 422, "arrives"),
        ("p02", "2025-07-05T15:30", 422, "arrives"),  # p02 leaves at 15:00
        ("p03", "2025-07-05T11:00", 422, "status"),  # checked in above
        ("p02", None, 422, "arrives"),
        ("p02", "2025-07-05T11:00", 200, None),
    ],
)
def test_a_late_arrival_is_entered_at_the_desk_naming_bad_fields(
    reception: Desk, coordinator: Desk, patient: str, arrives: str | None, code: int,
    field: str | None,
) -> None:  # fmt: skip
    before = len(events(coordinator))
    body = {"arrives": arrives} if arrives else {}
    answer = reception.post(f"/api/patients/{patient}/late", body)
    assert answer.status_code == code, answer.text
    if field is not None:
        assert answer.json()["field"] == field
        assert len(events(coordinator)) == before
    else:
        assert events(coordinator)[-1]["payload"] == {"patient": "p02", "arrives": arrives + ":00"}


def test_the_coordinator_changes_hours_and_closes_rooms_naming_bad_fields(
    coordinator: Desk,
) -> None:
    span = {"date": "2025-07-05", "start": "13:00", "end": "17:00"}
    assert coordinator.post("/api/experts/gen-1/hours", {"available": [span]}).status_code == 200
    assert coordinator.post("/api/experts/nobody/hours", {"available": []}).status_code == 404
    late = coordinator.post("/api/rooms/hosp/c2/close", {"closed": [span | {"date": "2025-08-01"}]})
    assert (late.status_code, late.json()["field"]) == (422, "closed[0].date")
    bad = coordinator.post("/api/rooms/hosp/c2/close", {"closed": [span | {"start": "25:00"}]})
    assert (bad.status_code, bad.json()["field"]) == (422, "closed.0.start")
    assert coordinator.post("/api/rooms/hosp/c9/close", {"closed": [span]}).status_code == 404
    assert coordinator.post("/api/rooms/hosp/c2/close", {"closed": [span]}).status_code == 200


def test_the_state_derived_again_from_the_events_is_the_served_one(app: FastAPI) -> None:
    live = app.state.day
    again = day_state(dict(live.state.versions), live.store.events())
    assert again.arrivals == live.state.arrivals
    assert again.progress == live.state.progress
    assert again.plan == live.state.plan
    assert again.hours == live.state.hours and again.closures == live.state.closures
    assert again.late == live.state.late and again.late


def test_generated_pins_are_printed_once_and_kept_for_the_user_only(tmp_path: Path) -> None:
    config = replace(config_of(write_day(tmp_path)), pins=None)
    opened = open_day(config)
    opened.close()
    path = config.out_dir / "pins.txt"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    pins = dict(line.split(": ") for line in path.read_text("utf-8").splitlines())
    assert set(pins) == {"coordinator", "reception", "screen", "expert hem-1", "expert hem-2",
                         "expert gen-1"}  # fmt: skip
    assert f"coordinator: {pins['coordinator']}" in opened.notes
    again = open_day(config)  # a restart keeps them and shows none
    again.close()
    assert again.notes[-1] == "PINs kept from the start of the day"
    assert not any(pins["coordinator"] in note for note in again.notes)


def test_a_login_with_an_overlong_expert_id_gets_401_and_is_audited(
    app: FastAPI, coordinator: Desk
) -> None:
    client = TestClient(app, client=("10.0.0.9", 1))
    answer = client.post("/api/login", json={"role": "expert", "expert": "x" * 300, "pin": "1"})
    assert answer.status_code == 401, answer.text
    assert events(coordinator)[-1]["what"] == "login.failed"


def test_a_second_opening_of_the_same_database_is_refused(app: FastAPI, day_folder: Path) -> None:
    config = config_of(day_folder, db_url=app.state.config.db_url)  # the app's database
    with pytest.raises(InputError, match="another day server"):
        open_day(config).close()  # closed only if (wrongly) opened
