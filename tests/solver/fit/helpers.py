"""The walk-in, and its first options checked as a plan (the published plans are built
by `tests/support/plans.py`)."""

from __future__ import annotations

from typing import Any

from planner.check import check_plan
from planner.model import Patient, Plan, Scenario
from solver.fit import FitResult, fit_walk_in, with_first_options
from tests.solver.schedule.helpers import patient


def walk_in(needs: list[str], start: str = "09:00", end: str = "12:00", **extra: Any) -> Patient:
    """The walk-in w1, on DAY from `start` to `end`."""
    return Patient.model_validate(patient("w1", needs, start, end, **extra))


def fit(data: dict[str, Any], plan: Plan, person: Patient, per_need: int = 3) -> FitResult:
    """Fit the walk-in, then insist that its first options, added to the plan, keep every rule.

    The published plan must be valid itself, and nothing in it may move.
    """
    scenario = Scenario.model_validate(data)
    assert check_plan(scenario, plan) == [], "the published plan itself breaks a rule"
    result = fit_walk_in(scenario, plan, person, per_need=per_need)
    after = Scenario.model_validate({**data, "patients": [*data["patients"], person.model_dump()]})
    assert all(n.reason for n in result.needs if not n.options)
    assert check_plan(after, with_first_options(plan, person, result)) == []
    return result


def times(result: FitResult, service: str) -> list[str]:
    """'HH:MM room experts' of each option of a need."""
    need = next(n for n in result.needs if n.service == service)
    return [f"{o.start:%H:%M} {o.room} {'+'.join(o.experts)}" for o in need.options]


def reason(result: FitResult, service: str) -> str | None:
    """Why a need has no option."""
    return next(n.reason for n in result.needs if n.service == service)
