"""The time-indexed relaxation bounds what any checked plan serves, and is tight where
only the hours count."""

from __future__ import annotations

import math
import time
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from benchmarks.relaxation import completed
from planner.model import Scenario
from planner.model.synthetic import GenerateOptions, generate
from solver.limits import Limits
from solver.schedule.guided import HighsBeside, at_starts
from solver.schedule.instance import build_instance
from solver.schedule.model import build_model, require_mandatory
from solver.schedule.relaxation import Relaxation
from solver.schedule.rules import HARD_RULES, add_relaxation_bound
from solver.schedule.variables import create_variables
from tests.solver.schedule.helpers import expert, hours, patient, service, solve, stop


def test_the_relaxation_bounds_the_proven_optimum_of_a_small_stop() -> None:
    scenario = generate(GenerateOptions(patients=12, households=0, seed=3))
    result = solve(scenario, seconds=5.0)  # checked by the helper
    status, _, bound, servable = Relaxation(build_instance(scenario), integer=True).solve(10.0)
    assert result.levels["served"] == "optimal" and status == "optimal"
    assert result.objective <= bound <= servable


def test_the_relaxation_counts_the_hours_of_a_crowded_morning() -> None:
    # Six patients here from 09:00 to 10:00, each wanting a 30-minute consult, one
    # haematologist and one room: two fit, and the relaxation knows it.
    crowd = [patient(f"p{i}", ["consult"], end="10:00") for i in range(6)]
    scenario = Scenario.model_validate(stop(patients=crowd))
    status, best, bound, servable = Relaxation(build_instance(scenario), integer=True).solve(10.0)
    assert status == "optimal"
    assert best == bound == solve(scenario).objective
    assert servable == 3 * bound


def test_by_expert_no_daily_limit_is_lent_to_a_colleague() -> None:
    # A haematologist here all day may see one patient; one here until 08:40 may see
    # five but has time for two 20-minute consults. Pooled by skill, the six patients
    # fit within the six of their limits; by expert, three are seen.
    consult = service("consult", ["hematology"], minutes=20)
    experts = [
        expert("all-day", ["hematology"], max_patients_per_day=1),
        expert("early", ["hematology"], "08:00", "08:40", max_patients_per_day=5),
    ]
    crowd = [patient(f"p{i}", ["consult"], start="08:00") for i in range(6)]
    scenario = Scenario.model_validate(stop(experts=experts, services=[consult], patients=crowd))
    instance = build_instance(scenario)
    _, _, by_expert, servable = Relaxation(instance, by_expert=True).solve(10.0)
    _, _, pooled, _ = Relaxation(instance, by_expert=False).solve(10.0)
    assert Relaxation(instance).by_expert  # a tiny stop is small enough
    assert by_expert == solve(scenario).objective == servable / 2
    assert pooled == servable


def test_a_draw_that_must_follow_its_consult_cannot_come_first() -> None:
    # The geneticist is here 09:00-09:10 only and the patient until 09:40: the draw
    # could come before the consult but must follow it, so only one of the two fits.
    services = [service("consult", ["hematology"]),
                service("draw", ["genetics"], minutes=10, after=["consult"])]  # fmt: skip
    experts = [expert("hem-1", ["hematology"]), expert("gen-1", ["genetics"], "09:00", "09:10")]
    crowd = [patient("p1", ["consult", "draw"], end="09:40")]
    scenario = Scenario.model_validate(stop(experts=experts, services=services, patients=crowd))
    _, _, bound, servable = Relaxation(build_instance(scenario)).solve(10.0)
    assert bound == solve(scenario).objective == servable / 2


def _optimum_without_the_bound(scenario: Scenario) -> int:
    """The most weight the model serves with every rule but the relaxation's bound."""
    v = create_variables(cp_model.CpModel(), build_instance(scenario))
    for rule in HARD_RULES:
        if rule is not add_relaxation_bound:
            rule(v)
    require_mandatory(v)
    served = sum(jv.job.weight * jv.present for jv in v.jobs)
    v.model.maximize(served)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 20
    solver.parameters.num_workers = 8
    assert solver.solve(v.model) == cp_model.OPTIMAL
    return round(solver.objective_value)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    patients=st.integers(min_value=1, max_value=12),
    seed=st.integers(min_value=0, max_value=10_000),
    days=st.sampled_from([1, 2]),
    hard=st.booleans(),
    siblings=st.booleans(),
)
def test_the_relaxation_bound_cuts_no_checked_plan_of_a_tiny_day(
    patients: int, seed: int, days: int, hard: bool, siblings: bool
) -> None:
    options = GenerateOptions(patients=patients, households=0, seed=seed, days=days, hard=hard)
    scenario = generate(options)
    instance = build_instance(scenario)
    status, _, bound, _ = Relaxation(instance, siblings=siblings).solve(10.0)
    integer = Relaxation(instance, integer=True, siblings=siblings).integer_solve(10.0).bound
    assert status == "optimal" and integer is not None
    assert _optimum_without_the_bound(scenario) <= integer + 1e-6 <= bound + 2e-6
    result = solve(scenario, seconds=3.0)  # with the bound; the helper checks the plan
    assert result.objective <= bound + 1e-6


def test_the_relaxation_keeps_siblings_back_to_back() -> None:
    # The doctor's break splits two siblings' consults, so only one is seen (as in
    # tests/solver/schedule/test_rules.py); apart, both would fit.
    kids = [patient("p1", ["consult"], family="f1"),
            patient("p2", ["consult"], family="f1", relation="sibling")]  # fmt: skip
    split = {**expert("hem-1", ["hematology"]),
             "available": [*hours("09:00", "09:30"), *hours("09:40", "10:10")]}  # fmt: skip
    for together, served in ((True, 1), (False, 2)):
        data = stop(patients=kids, experts=[split], rules={"siblings_back_to_back": together})
        scenario = Scenario.model_validate(data)
        one = scenario.weights.severity[scenario.patients[0].severity]
        instance = build_instance(scenario)
        _, _, integer, _ = Relaxation(instance, integer=True, siblings=True).solve(10.0)
        _, _, linear, _ = Relaxation(instance, siblings=True).solve(10.0)
        assert integer == pytest.approx(served * one)
        assert served * one - 1e-6 <= linear < 2 * one if together else linear == 2 * one
        assert solve(scenario).objective == served * one


def test_the_bound_is_handed_to_the_model_only_on_large_stops(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    crowd = [patient(f"p{i}", ["consult"], end="10:00") for i in range(6)]
    two_served = solve(Scenario.model_validate(stop(patients=crowd))).objective
    v = create_variables(
        cp_model.CpModel(), build_instance(Scenario.model_validate(stop(patients=crowd)))
    )
    before = len(v.model.proto.constraints)
    add_relaxation_bound(v)  # six jobs: below RELAXATION_MIN_JOBS
    assert len(v.model.proto.constraints) == before
    monkeypatch.setattr("solver.schedule.rules.RELAXATION_MIN_JOBS", 0)
    add_relaxation_bound(v)
    assert len(v.model.proto.constraints) == before + 1
    domain = list(v.model.proto.constraints[before].linear.domain)
    assert domain[len(domain) - 1] == two_served  # the weight of the two that fit


def test_highs_cuts_the_lps_bound_of_a_hard_day_and_no_plan() -> None:
    # The hard 50-patient day of seed 1: the LP serves at most 313, the 0-1 model 311.
    scenario = generate(GenerateOptions(patients=50, households=0, seed=1, hard=True))
    instance = build_instance(scenario)
    _, _, bound, _ = Relaxation(instance).solve(10.0)
    found = Relaxation(instance, integer=True, siblings=True).integer_solve(30.0)
    integer = found.bound
    assert integer is not None and integer < math.floor(bound + 1e-6)
    assert solve(scenario, seconds=5.0).objective <= integer + 1e-6
    # HiGHS's plan serves at most its bound, and CP-SAT completes it into a plan.
    served = sum(job.weight for job in instance.jobs if job.id in found.starts)
    assert 0 < served <= integer
    assert completed(scenario, found.starts, 30.0) == "a plan of the model"


def test_highs_beside_gives_its_bound_only_when_tighter_and_a_plan_of_the_model() -> None:
    scenario = generate(GenerateOptions(patients=50, households=0, seed=1, hard=True))
    v = build_model(scenario)
    require_mandatory(v)
    level = SimpleNamespace(name="served")
    stopped = SimpleNamespace(bounds={"served": 0.0}, limits=Limits())
    stopped.limits.stop.set()
    started = time.perf_counter()
    assert not HighsBeside(v, 30.0).hold(stopped, level)  # a stopped solve ends HiGHS
    loose = SimpleNamespace(bounds={"served": 0.0}, limits=Limits())
    assert not HighsBeside(v, 30.0).hold(loose, level, wait=False)  # and a proven level
    assert time.perf_counter() - started < 10.0 and loose.bounds["served"] == 0.0
    highs = HighsBeside(v, 30.0)
    loose = SimpleNamespace(bounds={"served": 0.0}, limits=Limits())
    assert highs.hold(loose, level) and highs.done()
    bound = highs.relaxation.zero_one(highs.highs.wait()).bound
    assert bound is not None and loose.bounds["served"] == v.servable - bound
    tight = SimpleNamespace(bounds={"served": v.servable - 100.0}, limits=Limits())
    assert not highs.hold(tight, level)
    assert tight.bounds["served"] == v.servable - 100.0
    plan = highs.plan()  # at most the bound, and CP-SAT completes it into a plan
    assert 0 < sum(jv.job.weight for jv in v.jobs if jv.job.id in plan) <= bound
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 30.0
    assert solver.solve(at_starts(v, v.model, plan)) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
