"""Property: the first-come-first-served baseline's plans keep every hard rule."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.fcfs import fcfs_plan
from planner.check import check_plan
from planner.model.synthetic import GenerateOptions, generate


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    patients=st.integers(min_value=3, max_value=45),
    seed=st.integers(min_value=0, max_value=10_000),
    days=st.sampled_from([1, 2]),
    city=st.sampled_from(["zhaotong", "longyan", "sandu"]),
)
def test_fcfs_plans_pass_the_checker(patients: int, seed: int, days: int, city: str) -> None:
    scenario = generate(
        GenerateOptions(patients=patients, households=0, seed=seed, days=days, city=city)
    )
    plan = fcfs_plan(scenario)
    assert check_plan(scenario, plan) == []
    needs = sum(len(set(p.needs)) for p in scenario.patients)
    assert len(plan.appointments) + len(plan.unserved) == needs
    assert len(plan.trainings) == len(scenario.trainings)


def test_fcfs_keeps_family_rules_on_a_busy_day() -> None:
    scenario = generate(GenerateOptions(patients=120, households=0, seed=7))
    plan = fcfs_plan(scenario)
    assert check_plan(scenario, plan) == []
    assert any(a.service == "hla" for a in plan.appointments)
