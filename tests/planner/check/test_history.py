"""The checker on a re-planned day: history exempt from today's rules, but kept as it was."""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner.check import check_plan
from planner.model import Appointment, DayHours, History, Plan, Scenario, SolverInfo
from tests.solver.schedule.helpers import DAY, patient, rooms, stop

TZ = dt.timezone(dt.timedelta(hours=8))


def at(clock: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{DAY}T{clock}").replace(tzinfo=TZ)


def consult(who: str, start: str, end: str, room: str = "c1") -> Appointment:
    return Appointment(patient=who, service="consult", experts=["hem-1"], venue="hosp",
                       room=room, start=at(start), end=at(end))  # fmt: skip


PAST = consult("p1", "10:00", "10:30")


def day(**changes: Any) -> Scenario:
    """hem-1 now on duty from 12:00 only; p1's consult at 10:00 is history."""
    data = stop(
        venues=rooms({"id": "c1", "kind": "consult"}, {"id": "c2", "kind": "consult"}),
        patients=[
            patient("p1", ["consult"], start="11:00"),
            patient("p2", ["consult"], end="17:00"),
        ],
    )
    data["experts"][0]["available"] = [{"date": DAY, "start": "12:00", "end": "17:00"}]
    scenario = Scenario.model_validate({**data, **changes})
    scenario.history = History(now=dt.datetime.fromisoformat(f"{DAY}T10:10"), appointments=[PAST])
    return scenario


def violations(scenario: Scenario, *appointments: Appointment) -> list[str]:
    plan = Plan(scenario="tiny clinic", status="feasible", appointments=list(appointments),
                solver=SolverInfo(wall_s=0, objective=0, bound=0, gap=0))  # fmt: skip
    return [str(v) for v in check_plan(scenario, plan)]


def test_history_is_exempt_from_todays_hours_and_arrivals() -> None:
    assert violations(day(), PAST, consult("p2", "12:00", "12:30")) == []


def test_what_is_not_history_keeps_todays_hours() -> None:
    assert violations(day(), PAST, consult("p2", "11:00", "11:30")) == [
        "expert-availability: hem-1 is booked for p2/consult on 2025-07-05 (11:00-11:30), "
        "outside their hours (12:00-17:00)"
    ]


def test_history_cannot_be_rewritten() -> None:
    moved = consult("p1", "10:00", "10:30", room="c2")
    found = violations(day(), moved, consult("p2", "12:00", "12:30"))
    assert [v for v in found if v.startswith("history-kept")] == [
        "history-kept: p1/consult (2025-07-05 10:00-10:30) happened before 10:10 but is not in "
        "the plan as it happened",
        "history-kept: p1/consult (2025-07-05 10:00-10:30) starts before the re-planning at "
        "10:10 but is not in the history",
    ]
    # No longer history, it is held to today's rules as well.
    assert any(v.startswith("patient-presence: p1/consult") for v in found)


def test_nothing_new_may_overlap_the_history() -> None:
    assert "expert-overlap: hem-1 is in p1/consult (10:00-10:30) and p2/consult (10:20-10:50)" in (
        violations(day(), PAST, consult("p2", "10:20", "10:50"))
    )


def test_an_absent_patient_is_not_booked_again() -> None:
    scenario = day()
    scenario.patients[1].absent = True
    assert violations(scenario, PAST, consult("p2", "12:00", "12:30")) == [
        "no-show: p2/consult (2025-07-05 12:00-12:30) is booked, but p2 is absent"
    ]


def test_a_closed_room_is_not_used() -> None:
    scenario = day()
    closed = DayHours(date=dt.date.fromisoformat(DAY), start=dt.time(12, 15), end=dt.time(18))
    scenario.venues[0].rooms[0].closed = [closed]
    assert violations(scenario, PAST, consult("p2", "12:00", "12:30")) == [
        "room-closed: p2/consult (2025-07-05 12:00-12:30) is in room c1, closed 2025-07-05 "
        "12:15-18:00"
    ]
    assert violations(scenario, PAST, consult("p2", "12:00", "12:30", room="c2")) == []
