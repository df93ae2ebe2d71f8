"""Re-planning a tiny day under way: each rule biting and not biting, every plan checked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner.check import check_plan
from planner.model import (
    Appointment,
    Break,
    Changes,
    DiffEntry,
    Plan,
    Scenario,
    SolverInfo,
)
from planner.model.replanning import day_of, plan_diff
from solver.limits import Limits
from solver.schedule.replan import replan_schedule
from tests.solver.schedule.helpers import DAY, expert, patient, rooms, stop

TZ = dt.timezone(dt.timedelta(hours=8))


def at(clock: str) -> dt.datetime:
    """An aware moment on DAY."""
    return dt.datetime.fromisoformat(f"{DAY}T{clock}").replace(tzinfo=TZ)


def booked(who: str, start: str, end: str, experts: list[str], room: str = "c1") -> Appointment:
    """A published consultation."""
    return Appointment(patient=who, service="consult", experts=experts, venue="hosp", room=room,
                       start=at(start), end=at(end))  # fmt: skip


def replan(
    data: dict[str, Any],
    published: list[Appointment],
    now: str,
    breaks: dict[str, list[tuple[str, str]]] | None = None,
    **changes: Any,
) -> Plan:
    """The re-planned day, which the checker must pass against the day as it now is."""
    scenario = Scenario.model_validate(data)
    lunches = {
        e: [Break(start=at(a), end=at(b)) for a, b in spans] for e, spans in (breaks or {}).items()
    }
    old = Plan(
        scenario="tiny clinic",
        status="feasible",
        appointments=published,
        breaks=lunches,
        solver=SolverInfo(wall_s=0, objective=0, bound=0, gap=0),
    )
    moment = dt.datetime.fromisoformat(f"{DAY}T{now}")
    day = day_of(scenario, old, Changes(now=moment, **changes)).scenario
    result = replan_schedule(day, old, Limits(time_limit_s=5, seed=1, workers=2))
    plan = Plan(scenario="tiny clinic", status="feasible", appointments=result.appointments,
                trainings=result.trainings, unserved=result.unserved, breaks=result.breaks,
                solver=old.solver)  # fmt: skip
    plan.changes = plan_diff(old, plan)
    assert check_plan(day, plan) == []
    return plan


def summary(change: DiffEntry) -> tuple[str | None, str, str, str]:
    """patient, what, and the new time, room and experts in short."""
    to = change.to
    where = "-" if to is None else f"{to.start:%H:%M} {to.room} {','.join(to.experts)}"
    return change.patient, change.what, where, change.reason


def hours(start: str, end: str) -> list[dict[str, str]]:
    return [{"date": DAY, "start": start, "end": end}]


def test_history_stays_even_when_it_breaks_todays_rules() -> None:
    data = stop(patients=[patient("p1", ["consult"]), patient("p2", ["consult"], end="17:00")])
    published = [
        booked("p1", "10:00", "10:30", ["hem-1"]),
        booked("p2", "10:30", "11:00", ["hem-1"]),
    ]
    later = {"id": "hem-1", "available": hours("12:00", "17:00")}
    plan = replan(data, published, "10:10", experts=[later])
    assert [summary(c) for c in plan.changes] == [
        ("p1", "kept", "10:00 c1 hem-1", ""),  # started at 10:00, before hem-1's new hours
        ("p2", "moved", "12:00 c1 hem-1", ""),
    ]


def test_without_changes_everything_is_kept() -> None:
    data = stop(patients=[patient("p1", ["consult"]), patient("p2", ["consult"], end="17:00")])
    published = [
        booked("p1", "10:00", "10:30", ["hem-1"]),
        booked("p2", "10:30", "11:00", ["hem-1"]),
    ]
    plan = replan(data, published, "10:10")
    assert [c.what for c in plan.changes] == ["kept", "kept"]


def no_show_and_walk_in() -> tuple[dict, list[Appointment], dict]:
    """One expert's hour booked by p1 and p2; p2 will not come, and a severe walk-in will."""
    data = stop(
        experts=[expert("hem-1", ["hematology"], "10:00", "11:00")],
        patients=[patient("p1", ["consult"]), patient("p2", ["consult"], severity="carrier")],
    )
    published = [
        booked("p1", "10:00", "10:30", ["hem-1"]),
        booked("p2", "10:30", "11:00", ["hem-1"]),
    ]
    walk_in = patient("w1", ["consult"], start="09:00", end="12:00", severity="severe")
    return data, published, walk_in


def test_a_no_show_frees_a_slot_that_a_walk_in_takes() -> None:
    data, published, walk_in = no_show_and_walk_in()
    plan = replan(data, published, "09:00", walk_ins=[walk_in], no_shows=["p2"])
    assert [summary(c) for c in plan.changes] == [
        ("p1", "kept", "10:00 c1 hem-1", ""),
        ("p2", "cancelled", "-", "did not come"),
        ("w1", "new", "10:30 c1 hem-1", ""),
    ]


def test_a_severe_walk_in_never_pushes_out_someone_waiting() -> None:
    data = stop(
        experts=[expert("hem-1", ["hematology"], "10:00", "11:00")],
        patients=[patient("p1", ["consult"]), patient("p2", ["consult"], severity="carrier")],
    )
    published = [
        booked("p1", "10:00", "10:30", ["hem-1"]),
        booked("p2", "10:30", "11:00", ["hem-1"]),
    ]
    walk_in = patient("w1", ["consult"], start="09:00", end="12:00", severity="severe")
    plan = replan(data, published, "09:00", walk_ins=[walk_in])
    assert [c.what for c in plan.changes] == ["kept", "kept"]
    assert [(u.patient, u.service) for u in plan.unserved] == [("w1", "consult")]


def test_a_late_experts_patient_goes_to_a_colleague() -> None:
    data = stop(experts=[expert("hem-1", ["hematology"]), expert("hem-2", ["hematology"])])
    late = {"id": "hem-1", "available": hours("13:00", "17:00")}
    plan = replan(data, [booked("p1", "10:00", "10:30", ["hem-1"])], "09:00", experts=[late])
    assert [summary(c) for c in plan.changes] == [("p1", "moved", "10:00 c1 hem-2", "")]


def test_a_late_experts_patient_waits_for_them_when_nobody_else_can() -> None:
    data = stop(patients=[patient("p1", ["consult"], end="17:00")])
    late = {"id": "hem-1", "available": hours("13:00", "17:00")}
    plan = replan(data, [booked("p1", "10:00", "10:30", ["hem-1"])], "09:00", experts=[late])
    assert [summary(c) for c in plan.changes] == [("p1", "moved", "13:00 c1 hem-1", "")]


def test_an_expert_late_but_in_time_changes_nothing() -> None:
    data = stop(experts=[expert("hem-1", ["hematology"]), expert("hem-2", ["hematology"])])
    late = {"id": "hem-1", "available": hours("09:30", "17:00")}
    plan = replan(data, [booked("p1", "10:00", "10:30", ["hem-1"])], "09:00", experts=[late])
    assert [summary(c) for c in plan.changes] == [("p1", "kept", "10:00 c1 hem-1", "")]


def test_an_absent_expert_with_nobody_to_stand_in_cancels_with_a_reason() -> None:
    plan = replan(stop(), [booked("p1", "10:00", "10:30", ["hem-1"])], "09:00",
                  experts=[{"id": "hem-1", "available": []}])  # fmt: skip
    assert [summary(c) for c in plan.changes] == [
        ("p1", "cancelled", "-", "no expert with skill 'hematology' is on duty while the "
         "patient is here (09:00–12:00)"),
    ]  # fmt: skip


def closed_day(closed_from: str) -> tuple[dict[str, Any], list[Appointment], dict[str, Any]]:
    data = stop(
        venues=rooms({"id": "c1", "kind": "consult"}, {"id": "c2", "kind": "consult"}),
        patients=[patient("p1", ["consult"], start="13:00", end="15:00")],
    )
    closure = {"venue": "hosp", "room": "c1", "closed": hours(closed_from, "18:00")}
    return data, [booked("p1", "14:00", "14:30", ["hem-1"])], closure


def test_a_closed_rooms_bookings_move_to_another_room() -> None:
    data, published, closure = closed_day("14:00")
    plan = replan(data, published, "11:00", rooms=[closure])
    assert [summary(c) for c in plan.changes] == [("p1", "moved", "14:00 c2 hem-1", "")]


def test_a_room_closed_after_the_booking_changes_nothing() -> None:
    data, published, closure = closed_day("14:30")
    plan = replan(data, published, "11:00", rooms=[closure])
    assert [summary(c) for c in plan.changes] == [("p1", "kept", "14:00 c1 hem-1", "")]


def test_no_new_work_for_an_expert_whose_lunch_window_is_over() -> None:
    lunch = {"lunch": {"window": {"start": "11:30", "end": "13:30"}, "duration_min": 30}}
    data = stop(patients=[patient("p1", ["consult"])], defaults=lunch)
    walk_in = patient("w1", ["consult"], start="13:40", end="17:00")
    plan = replan(data, [], "13:40", walk_ins=[walk_in])
    assert plan.appointments == []
    assert [u.patient for u in plan.unserved] == ["p1", "w1"]


def test_after_the_lunch_window_an_expert_who_had_lunch_still_works() -> None:
    lunch = {"lunch": {"window": {"start": "11:30", "end": "13:30"}, "duration_min": 30}}
    data = stop(patients=[patient("p1", ["consult"], end="17:00")], defaults=lunch)
    old = [booked("p1", "14:00", "14:30", ["hem-1"])]
    plan = replan(data, old, "13:40", breaks={"hem-1": [("12:00", "12:30")]})
    assert [summary(c) for c in plan.changes] == [("p1", "kept", "14:00 c1 hem-1", "")]
