"""The guided first plan: it serves only what the time-indexed LP serves, near the LP's
starts, and it is a plan of the whole model that the first level's solves start from."""

from __future__ import annotations

import pytest
from ortools.sat.python import cp_model

from planner.model import Scenario
from planner.model.synthetic import GenerateOptions, generate
from solver import lexicographic
from solver.lexicographic import Lexicographic
from solver.limits import GUIDE_SLACK, Limits
from solver.schedule import schedule_stop
from solver.schedule import solve as solve_module
from solver.schedule.guided import hint_guided_plan
from solver.schedule.instance import build_instance
from solver.schedule.model import build_model, require_mandatory
from solver.schedule.objective import unserved_weight
from solver.schedule.relaxation import Relaxation
from solver.schedule.variables import Variables
from tests.solver.schedule.helpers import assert_valid, patient, stop


def test_the_lps_support_lists_the_jobs_it_serves_at_the_starts_it_gives_them() -> None:
    # Six patients here from 09:00 to 10:00, each wanting a 30-minute consult, and one
    # haematologist: the LP serves two consults' worth, at starts from 09:00 to 09:30.
    crowd = [patient(f"p{i}", ["consult"], end="10:00") for i in range(6)]
    instance = build_instance(Scenario.model_validate(stop(patients=crowd)))
    relaxation = Relaxation(instance)
    assert relaxation.solve(10.0)[0] == "optimal"
    support = relaxation.support(0.01)
    domains = {job.id: job.domain for job in instance.jobs}
    assert 2 <= len(support) <= 6
    for job_id, slots in support.items():
        assert slots and all(any(a <= t < b for a, b in domains[job_id]) for t in slots)
    taken = sum(x.solution_value() for job in relaxation.starts.values() for x in job.values())
    assert taken == pytest.approx(2.0)


OVER_SUBSCRIBED = generate(GenerateOptions(patients=40, households=0, seed=1))
"""A day of 52 jobs where the LP serves 44."""


def _large_stop(monkeypatch: pytest.MonkeyPatch) -> Variables:
    """An over-subscribed 40-patient day whose model has the LP's bound and solution
    (`RELAXATION_MIN_JOBS` lowered to let so small a stop have them)."""
    monkeypatch.setattr("solver.schedule.rules.RELAXATION_MIN_JOBS", 0)
    v = build_model(OVER_SUBSCRIBED)
    require_mandatory(v)
    return v


def test_a_guided_plan_serves_only_near_the_lps_starts_and_is_a_plan_of_the_whole_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    v = _large_stop(monkeypatch)
    assert v.relaxed is not None
    assert len(v.relaxed) < len(v.jobs)  # the LP leaves jobs out: the guide bites
    run = Lexicographic(v.model, Limits(time_limit_s=5.0, seed=1, workers=2), 0.0)
    level = lexicographic.Level("served", unserved_weight(v))
    v.model.minimize(level.objective())
    assert hint_guided_plan(v, run, level, 3.0)
    given = v.model.proto.solution_hint
    hint = dict(zip(given.vars, given.values, strict=True))
    assert len(hint) == len(v.model.proto.variables)  # a whole plan
    served = [jv for jv in v.jobs if hint[jv.present.index]]
    assert served
    for jv in served:
        slots = v.relaxed[jv.job.id]
        assert min(abs(hint[jv.start.index] - t) for t in slots) <= GUIDE_SLACK
    whole = cp_model.CpSolver()
    whole.parameters.fix_variables_to_their_hinted_value = True
    whole.parameters.num_workers = 1
    assert whole.solve(v.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


@pytest.mark.parametrize(("days", "calls"), [(1, []), (2, [True])])
def test_a_stop_of_several_days_is_searched_from_a_guided_plan_and_one_day_is_not(
    monkeypatch: pytest.MonkeyPatch, days: int, calls: list[bool]
) -> None:
    guided: list[bool] = []

    def spied(*args: object) -> bool:
        guided.append(hint_guided_plan(*args))  # type: ignore[arg-type]
        return guided[-1]

    monkeypatch.setattr("solver.schedule.rules.RELAXATION_MIN_JOBS", 0)
    monkeypatch.setattr(solve_module, "hint_guided_plan", spied)
    scenario = generate(GenerateOptions(patients=40, households=0, seed=1, days=days))
    result = schedule_stop(scenario, Limits(time_limit_s=6.0, seed=1, workers=2))
    assert guided == calls
    assert result.status in ("optimal", "feasible")
    assert_valid(scenario, result)
