"""Property: on a solved generated day, any walk-in's first options keep every rule."""

from __future__ import annotations

import datetime as dt
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.check import check_plan
from planner.model import Patient, Plan, Scenario, SolverInfo
from planner.model.synthetic import GenerateOptions, generate
from solver.fit import fit_walk_in, with_first_options
from solver.limits import Limits
from solver.schedule import schedule_stop


@cache
def published() -> tuple[Scenario, Plan]:
    """A generated 40-patient day and a CP-SAT plan of it (solved once per session)."""
    scenario = generate(GenerateOptions(patients=40, households=0, seed=5))
    result = schedule_stop(scenario, Limits(time_limit_s=3.0, seed=1, deterministic=True))
    info = SolverInfo(wall_s=0.0, objective=0.0, bound=0.0, gap=0.0)
    plan = Plan(scenario=scenario.name, status="feasible", appointments=result.appointments,
                trainings=result.trainings, unserved=result.unserved, breaks=result.breaks,
                solver=info)  # fmt: skip
    assert check_plan(scenario, plan) == []
    return scenario, plan


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    arrive_min=st.integers(7 * 60, 16 * 60),
    stay_min=st.integers(10, 9 * 60),
    needs=st.sets(st.sampled_from(["mdt", "consult", "genetic-test", "hla", "fertility"]),
                  min_size=1),
    family=st.integers(0, 15),
    relation=st.sampled_from(["patient", "sibling", "parent"]),
)  # fmt: skip
def test_first_options_keep_every_rule(
    arrive_min: int, stay_min: int, needs: set[str], family: int, relation: str
) -> None:
    scenario, plan = published()
    day = scenario.clinic_dates()[0]
    arrives = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=arrive_min)
    families = sorted({p.family for p in scenario.patients})
    person = Patient(
        id="walk-in", family=families[family] if family < len(families) else "new-family",
        relation=relation, arrives=arrives, leaves=arrives + dt.timedelta(minutes=stay_min),
        needs=sorted(needs),
    )  # fmt: skip
    result = fit_walk_in(scenario, plan, person)
    assert sorted(n.service for n in result.needs) == sorted(needs)
    after = scenario.model_copy(update={"patients": [*scenario.patients, person]})
    assert check_plan(after, with_first_options(plan, person, result)) == []
    for need in result.needs:
        assert all(o.start >= scenario.localize(arrives) for o in need.options)
        assert [o.start for o in need.options] == sorted({o.start for o in need.options})
