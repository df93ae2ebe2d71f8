"""A mandatory course that can no longer run: the re-plan cancels it with its reason (in
the plan's changes and on the call list) and re-plans the rest, instead of exiting 1."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from planner.check import check_plan
from planner.jobs.replan import replan_clinic
from planner.model import Appointment, Changes, Plan, Scenario, SolverInfo, TrainingSession
from planner.model.replanning import day_of
from planner.printouts.calls import call_list
from planner.printouts.entries import Names
from planner.printouts.labels import labels_for
from solver.limits import Limits
from tests.solver.schedule.helpers import DAY, expert, hours, patient, rooms, stop

TZ = dt.timezone(dt.timedelta(hours=8))
COURSE = {"id": "course", "title": "Severe thalassemia", "date": DAY,
          "window": {"start": "13:00", "end": "17:00"}, "duration_min": 120,
          "lecturers": ["transplant"], "expected": 30}  # fmt: skip


def at(clock: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{DAY}T{clock}").replace(tzinfo=TZ)


def the_day() -> tuple[Scenario, Plan]:
    """p1 seen by hem-1 at 10:00; tx-1 lectures the course at 14:00 in the hall."""
    data = stop(
        venues=rooms({"id": "c1", "kind": "consult"}, {"id": "hall", "kind": "lecture",
                                                         "seats": 40}),
        experts=[expert("hem-1", ["hematology"]), expert("tx-1", ["transplant"])],
        trainings=[COURSE],
    )  # fmt: skip
    published = Plan(
        scenario="tiny clinic", status="feasible",
        appointments=[Appointment(patient="p1", service="consult", experts=["hem-1"],
                                  venue="hosp", room="c1", start=at("10:00"), end=at("10:30"))],
        trainings=[TrainingSession(training="course", lecturers=["tx-1"], venue="hosp",
                                   room="hall", start=at("14:00"), end=at("16:00"))],
        solver=SolverInfo(wall_s=0, objective=0, bound=0, gap=0),
    )  # fmt: skip
    return Scenario.model_validate(data), published


@pytest.fixture(scope="module")
def replanned() -> tuple[Scenario, Plan]:
    """At 09:00 tx-1 is called away for the day, and a severe walk-in arrives."""
    scenario, published = the_day()
    walk_in = patient("w1", ["consult"], start="09:00", end="12:00", severity="severe")
    changes = Changes(now=dt.datetime.fromisoformat(f"{DAY}T09:00"), walk_ins=[walk_in],
                      experts=[{"id": "tx-1", "available": []}])  # fmt: skip
    day = day_of(scenario, published, changes).scenario
    return day, replan_clinic(day, published, Limits(time_limit_s=2, seed=1, workers=1))


REASON = (
    "course 'course' needs a lecturer with skill 'transplant' for 120 min within "
    "13:00–17:00 on 2025-07-05, but those who have it are not on duty then "
    "(tx-1 not there on 2025-07-05)"
)


def test_the_course_is_cancelled_with_its_reason_and_the_rest_is_replanned(
    replanned: Any,
) -> None:
    day, plan = replanned
    assert plan.trainings == []
    assert [(c.training or c.patient, c.what, c.reason) for c in plan.changes] == [
        ("p1", "kept", ""),
        ("w1", "new", ""),
        ("course", "cancelled", REASON),
    ]
    assert plan.solver.terms["courses_cancelled"] == 1
    assert check_plan(day, plan) == []


def test_the_lecturer_is_told_on_the_call_list(replanned: Any) -> None:
    day, plan = replanned
    calls = call_list(day, plan, Names(day, labels_for("en")))
    assert [(line.who, [(i.what, i.kind, i.reason) for i in line.items]) for line in calls] == [
        ("f-w1", [("w1 · consult", "new", "")]),  # the walk-in's family, then the experts
        ("hem-1", [("w1 · consult", "new", "")]),
        ("tx-1", [("Severe thalassemia", "cancelled", REASON)]),
    ]


def test_a_course_missing_without_a_cancellation_fails_the_check(replanned: Any) -> None:
    day, plan = replanned
    silent = plan.model_copy(update={"changes": [c for c in plan.changes if not c.training]})
    assert [str(v) for v in check_plan(day, silent)] == [
        "training-once: training course is not planned"
    ]


def test_a_course_that_can_still_run_is_not_cancelled() -> None:
    scenario, published = the_day()
    changes = Changes(now=dt.datetime.fromisoformat(f"{DAY}T09:00"),
                      experts=[{"id": "tx-1", "available": hours("13:30", "17:00")}])  # fmt: skip
    day = day_of(scenario, published, changes).scenario
    plan = replan_clinic(day, published, Limits(time_limit_s=2, seed=1, workers=1))
    assert [(t.training, f"{t.start:%H:%M}") for t in plan.trainings] == [("course", "14:00")]
    assert [c.what for c in plan.changes] == ["kept"]
    assert check_plan(day, plan) == []
