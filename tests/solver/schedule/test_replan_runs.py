"""A family's run under way when the day is re-planned: an expert's absence still binds it.

The day of the issue in small: siblings c1 and c2 are seen back to back by hem-1 (c1
10:50-11:20, c2 11:20-11:50). At 11:00 the coordinator enters that hem-1 is away from
11:30 to 13:00. c1 began before 11:00 and is history; c2 did not, so c2's consultation
with hem-1 at 11:20 cannot be kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from planner.check import check_plan
from planner.model import Appointment, Changes, History, Plan, Scenario, SolverInfo
from planner.model.replanning import day_of, plan_diff
from solver.limits import Limits
from solver.schedule.replan import replan_schedule
from tests.solver.schedule.helpers import DAY, expert, hours, patient, rooms, stop

TZ = dt.timezone(dt.timedelta(hours=8))
AWAY = {"id": "hem-1", "available": [*hours("08:00", "11:30"), *hours("13:00", "17:00")]}
"""The changes' new hours for hem-1: away 11:30-13:00."""


def at(clock: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{DAY}T{clock}").replace(tzinfo=TZ)


def consult(who: str, start: str, end: str, expert_id: str, room: str = "c1") -> Appointment:
    return Appointment(patient=who, service="consult", experts=[expert_id], venue="hosp",
                       room=room, start=at(start), end=at(end))  # fmt: skip


def siblings_day(hem_2_busy: bool) -> tuple[Scenario, Plan]:
    """Siblings c1, c2 of family f1 with hem-1; hem-2 in c2 either free or seeing p3."""
    data = stop(
        venues=rooms({"id": "c1", "kind": "consult"}, {"id": "c2", "kind": "consult"}),
        experts=[expert("hem-1", ["hematology"]), expert("hem-2", ["hematology"])],
        patients=[
            patient("c1", ["consult"], start="10:30", end="17:00", family="f1"),
            patient("c2", ["consult"], start="10:30", end="17:00", family="f1",
                    relation="sibling"),
            patient("p3", ["consult"], start="10:30", end="17:00"),
        ],
    )  # fmt: skip
    published = [consult("c1", "10:50", "11:20", "hem-1"), consult("c2", "11:20", "11:50", "hem-1")]
    p3 = ("11:20", "11:50") if hem_2_busy else ("14:00", "14:30")
    published.append(consult("p3", *p3, "hem-2", room="c2"))
    plan = Plan(scenario="tiny clinic", status="feasible", appointments=published,
                solver=SolverInfo(wall_s=0, objective=0, bound=0, gap=0))  # fmt: skip
    return Scenario.model_validate(data), plan


def replanned(hem_2_busy: bool) -> tuple[Scenario, Plan, Plan]:
    """The day as it is at 11:00, the published plan, and the re-plan (which the checker
    passes)."""
    scenario, published = siblings_day(hem_2_busy)
    changes = Changes(now=dt.datetime.fromisoformat(f"{DAY}T11:00"), experts=[AWAY])
    day = day_of(scenario, published, changes).scenario
    result = replan_schedule(day, published, Limits(time_limit_s=2, seed=1, workers=1))
    plan = Plan(
        scenario="tiny clinic",
        status="feasible",
        appointments=result.appointments,
        unserved=result.unserved,
        breaks=result.breaks,
        solver=published.solver,
    )
    plan.changes = plan_diff(published, plan, day)
    assert check_plan(day, plan) == []
    return day, published, plan


@pytest.fixture(scope="module")
def hem_2_free() -> tuple[Scenario, Plan, Plan]:
    return replanned(hem_2_busy=False)


@pytest.fixture(scope="module")
def hem_2_busy() -> tuple[Scenario, Plan, Plan]:
    return replanned(hem_2_busy=True)


def change_of(plan: Plan, who: str) -> tuple[str, str, str]:
    change = next(c for c in plan.changes if c.patient == who)
    to = change.to
    where = "-" if to is None else f"{to.start:%H:%M} {to.room} {','.join(to.experts)}"
    return change.what, where, change.reason


def test_history_is_only_what_started_before_now(hem_2_free: Any) -> None:
    day, _, _ = hem_2_free
    assert day.history is not None
    assert [(a.patient, f"{a.start:%H:%M}") for a in day.history.appointments] == [("c1", "10:50")]


def test_the_run_goes_on_with_another_expert_at_the_same_time_and_room(hem_2_free: Any) -> None:
    _, _, plan = hem_2_free
    assert change_of(plan, "c1") == ("kept", "10:50 c1 hem-1", "")
    assert change_of(plan, "c2") == (
        "moved", "11:20 c1 hem-2",
        "family f1's consult run under way (c1 began at 10:50) goes on with hem-2: hem-1 is "
        "not on duty 11:20–11:50 (now 08:00–11:30, 13:00–17:00)",
    )  # fmt: skip
    assert change_of(plan, "p3") == ("kept", "14:00 c2 hem-2", "")


def test_with_nobody_free_then_the_run_is_broken_at_the_nearest_time(hem_2_busy: Any) -> None:
    _, _, plan = hem_2_busy
    assert change_of(plan, "p3") == ("kept", "11:20 c2 hem-2", "")
    what, where, reason = change_of(plan, "c2")
    assert (what, where) == ("moved", "11:50 c1 hem-2")  # the nearest time, its room
    assert reason == (
        "family f1's consult run under way (c1 began at 10:50) is broken: hem-1 is not on "
        "duty 11:20–11:50 (now 08:00–11:30, 13:00–17:00)"
    )


def violations(day: Scenario, plan: Plan) -> list[str]:
    return [str(v) for v in check_plan(day, plan)]


def keeping_c2_with_hem_1(plan: Plan) -> Plan:
    """The re-plan, but with c2 back at 11:20 with hem-1, as if the run were history."""
    kept = [a for a in plan.appointments if a.patient != "c2"]
    kept.append(consult("c2", "11:20", "11:50", "hem-1"))
    return plan.model_copy(update={"appointments": kept})


def test_the_checker_flags_a_plan_that_keeps_the_absent_experts_consultation(
    hem_2_free: Any,
) -> None:
    day, _, plan = hem_2_free
    assert violations(day, keeping_c2_with_hem_1(plan)) == [
        "expert-availability: hem-1 is booked for c2/consult on 2025-07-05 (11:20-11:50), "
        "outside their hours (08:00-11:30, 13:00-17:00)"
    ]


def test_the_checker_flags_it_even_when_the_history_lists_it(hem_2_free: Any) -> None:
    day, _, plan = hem_2_free
    assert day.history is not None
    old_history = History(
        now=day.history.now,
        appointments=[*day.history.appointments, consult("c2", "11:20", "11:50", "hem-1")],
    )
    old_day = day.model_copy(update={"history": old_history})
    assert violations(old_day, keeping_c2_with_hem_1(plan)) == [
        "expert-availability: hem-1 is booked for c2/consult on 2025-07-05 (11:20-11:50), "
        "outside their hours (08:00-11:30, 13:00-17:00)",
        "history-kept: c2/consult (2025-07-05 11:20-11:50) is recorded as history, but "
        "history is only what started before the re-planning at 11:00",
    ]
