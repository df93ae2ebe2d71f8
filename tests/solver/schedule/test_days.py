"""The day-by-day search of a stop of several days (the CP-SAT phase of the clinic-day LNS):
its neighbourhoods hold the other days."""

from __future__ import annotations

import datetime as dt

import pytest
from ortools.sat.python import cp_model

from planner.model.synthetic import GenerateOptions, generate
from solver import lexicographic
from solver.lexicographic import Lexicographic
from solver.limits import Limits
from solver.schedule import lns
from solver.schedule.days import choices_by_day, fixed_at
from solver.schedule.model import build_model, require_mandatory
from solver.schedule.objective import unserved_weight
from solver.schedule.variables import Variables

FIRST, SECOND = dt.date(2025, 7, 5), dt.date(2025, 7, 6)


def two_days() -> Variables:
    v = build_model(generate(GenerateOptions(patients=24, households=0, seed=4, days=2)))
    require_mandatory(v)
    v.model.minimize(unserved_weight(v))
    return v


Solved = tuple[cp_model.CpSolverStatus, cp_model.CpSolver]


def solve(model: cp_model.CpModel, seconds: float) -> Solved:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 1
    return solver.solve(model), solver


def test_each_job_belongs_to_the_day_its_patients_come() -> None:
    v = two_days()
    days = choices_by_day(v)
    assert set(days) == {FIRST, SECOND} and not days[FIRST] & days[SECOND]
    for jv in v.jobs:
        day = v.instance.scenario.localize(jv.job.members[0].arrives).date()
        assert jv.present.index in days[day] and jv.start.index in days[day]
    for lunch in v.lunches:
        assert lunch.start.index in days[lunch.day]


def test_a_neighbourhood_holds_the_other_days_at_their_values() -> None:
    v = two_days()
    status, first = solve(v.model, 2.0)
    assert status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    values = list(first.response_proto.solution)
    days = choices_by_day(v)
    copy = fixed_at(v.model, values, days[SECOND])
    # Ask the copy for the opposite of every second-day presence: only the first day can move.
    copy.minimize(sum(jv.present if values[jv.present.index] == 1 else 1 - jv.present
                      for jv in v.jobs))  # fmt: skip
    status, solver = solve(copy, 2.0)
    assert status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    solution = solver.response_proto.solution
    assert all(solution[i] == values[i] for i in days[SECOND])
    assert any(solution[i] != values[i] for i in days[FIRST])
    second = next(jv for jv in v.jobs if jv.present.index in days[SECOND])
    assert list(v.model.proto.variables[second.present.index].domain) == [0, 1]  # a copy


def _free(model: cp_model.CpModel, index: int) -> bool:
    domain = model.proto.variables[index].domain
    return len(domain) != 2 or domain[0] != domain[1]


def test_cpsat_phase_of_the_lns_searches_one_day_at_a_time_the_other_held() -> None:
    v = two_days()
    status, first = solve(v.model, 0.3)
    assert status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    run = Lexicographic(v.model, Limits(time_limit_s=5.0, seed=1, workers=1), 0.0)
    level = lexicographic.Level("served", unserved_weight(v))
    days = choices_by_day(v)
    searched: list[list[dt.date]] = []
    budgets: list[float] = []

    def solve_once(
        level: lexicographic.Level, budget: float, model: cp_model.CpModel,
        lns_only: bool = False, **options: object,
    ) -> Solved:  # fmt: skip
        if lns_only:  # CP-SAT's turn, not one of our steps beside it
            assert "seen" in options
            budgets.append(budget)
            searched.append([d for d in sorted(days) if any(_free(model, i) for i in days[d])])
        return solve(model, budget)

    run.solve_once = solve_once  # type: ignore[method-assign,assignment]
    search = lns.adaptive_search(v, run, level, first, 1.0)
    assert searched == [[FIRST], [SECOND]]  # each day in turn, the other held
    assert budgets[0] == pytest.approx(0.5, abs=0.05)  # an equal share of the time
    assert budgets[1] <= 1.0  # the rest of the time, however early the first day ended
    assert search.best.objective_value <= first.objective_value
    assert search.steps["cpsat"][0] == 2
