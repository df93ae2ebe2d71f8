"""Whole solves: shipped and generated stops, impossible ones, and the solve's controls."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from planner.files.scenario import load_scenario
from planner.model.synthetic import GenerateOptions, generate
from solver.limits import LNS_WORKERS
from solver.schedule.greedy import greedy_hint
from solver.schedule.model import build_model, required_literals
from tests.conftest import SCENARIOS
from tests.solver.schedule.helpers import expert, patient, rooms, service, solve, stop


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_shipped_scenarios_are_planned_and_checked(path: Path) -> None:
    scenario = load_scenario(path)
    result = solve(scenario, seconds=6.0)
    assert result.status in ("optimal", "feasible")
    assert result.levels["served"] == "optimal" and result.gap == 0
    assert [t.training for t in result.trainings] == [t.id for t in scenario.trainings]
    assert result.wall_s < 8


def test_a_small_generated_stop_is_proven_optimal_on_the_primary() -> None:
    result = solve(generate(GenerateOptions(patients=12, households=0, seed=3)), seconds=5.0)
    assert result.levels["served"] == "optimal"
    assert result.gap == 0 and result.objective == result.bound
    assert result.terms["served_weight"] == result.objective


def test_the_bound_leaves_out_needs_that_can_never_be_served() -> None:
    services = [service("consult", ["hematology"]), service("odd", ["hematology"], minutes=15)]
    result = solve(stop(services=services, patients=[patient("p1", ["consult", "odd"])]))
    assert result.objective == result.bound == 2 and result.gap == 0
    assert result.status == "optimal"


def test_two_clinic_days_are_both_used() -> None:
    scenario = generate(GenerateOptions(patients=30, households=0, seed=5, days=2))
    result = solve(scenario, seconds=5.0)
    assert {a.start.date() for a in result.appointments} == {
        dt.date(2025, 7, 5),
        dt.date(2025, 7, 6),
    }


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    patients=st.integers(min_value=1, max_value=14),
    seed=st.integers(min_value=0, max_value=10_000),
    days=st.sampled_from([1, 2]),
)
def test_generated_stops_give_checked_plans(patients: int, seed: int, days: int) -> None:
    scenario = generate(GenerateOptions(patients=patients, households=0, seed=seed, days=days))
    result = solve(scenario, seconds=1.5)
    assert result.status in ("optimal", "feasible")


def test_the_greedy_hint_is_a_solution_of_the_model() -> None:
    v = build_model(generate(GenerateOptions(patients=40, households=0, seed=2)))
    for literal in required_literals(v):
        v.model.add(literal == 1)
    for var, value in greedy_hint(v):
        v.model.add(var == value)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 10
    assert solver.solve(v.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def _course(skill: str, window: tuple[str, str] = ("09:00", "12:00"), minutes: int = 120) -> dict:
    return stop(
        venues=rooms({"id": "c1", "kind": "consult"},
                     {"id": "hall", "kind": "lecture", "seats": 100}),
        trainings=[{"id": "thal-course", "title": "Course", "date": "2025-07-05",
                    "window": {"start": window[0], "end": window[1]}, "duration_min": minutes,
                    "lecturers": [skill], "expected": 80}],
    )  # fmt: skip


def test_a_course_nobody_can_lecture_is_diagnosed() -> None:
    result = solve(_course("transplant"))
    assert result.status == "infeasible" and not result.appointments
    assert result.diagnosis == [
        "course 'thal-course' needs skill 'transplant' that no expert present has"
    ]


def test_a_course_whose_lecturers_are_away_is_diagnosed() -> None:
    away = {**_course("hematology"), "experts": [expert("hem-1", ["hematology"], start="13:00")]}
    (message,) = solve(away).diagnosis
    assert "needs a lecturer with skill 'hematology' for 120 min within 09:00–12:00" in message
    assert "hem-1 13:00–17:00" in message


def test_a_course_and_a_lunch_that_clash_are_named_together() -> None:
    lunch = {"lunch": {"window": {"start": "12:00", "end": "13:00"}, "duration_min": 60}}
    clash = {**_course("hematology", ("11:00", "14:00"), 180), "defaults": lunch}
    result = solve(clash)
    assert result.status == "infeasible"
    (message,) = result.diagnosis
    assert "course 'thal-course' (180 min within 11:00–14:00" in message
    assert "hem-1's lunch (60 min within 12:00–13:00 on 2025-07-05" in message


def test_an_over_subscribed_day_is_not_infeasible() -> None:
    crowd = [patient(f"p{i}", ["consult"], end="10:00") for i in range(6)]
    result = solve(stop(patients=crowd))
    assert result.status == "optimal"
    assert len(result.appointments) == 2 and len(result.unserved) == 4


def test_deterministic_mode_repeats_the_plan() -> None:
    scenario = generate(GenerateOptions(patients=20, households=0, seed=4))
    first = solve(scenario, seconds=2.0, deterministic=True)
    second = solve(scenario, seconds=2.0, deterministic=True)
    assert first.appointments == second.appointments


def test_progress_lines_and_stopping_keep_the_best_plan() -> None:
    lines: list[str] = []
    scenario = generate(GenerateOptions(patients=60, households=0, seed=1))

    def listen(line: str) -> None:
        lines.append(line)
        stopper.set()

    from solver.limits import Limits
    from solver.schedule import schedule_stop

    limits = Limits(time_limit_s=30.0, seed=1, progress=listen)
    stopper = limits.stop
    result = schedule_stop(scenario, limits)
    served = r"served (\d+) of (\d+) needs \((\d+) %\)"
    first = re.fullmatch(served + r"( · proven (best|within \d+(\.\d)? %))?", lines[0])
    assert first is not None, lines[0]
    count, needs, percent = (int(x) for x in first.groups()[:3])
    assert 0 < count <= needs and percent == 100 * count // needs
    assert needs == len(result.appointments) + len(result.unserved)  # as the summary counts
    assert result.status == "feasible" and result.appointments
    assert result.wall_s < 10


def test_rooms_are_handed_out_with_the_fewest_room_changes() -> None:
    # In order of start, p3's expert would take c1 while hem-a is away for ten minutes,
    # and hem-a would come back to another room; the room model keeps hem-a in c1.
    services = [service(s, [s]) for s in ("a", "b", "c")]
    patients = [
        patient("p1", ["a"], "09:00", "09:30"),
        patient("p2", ["b"], "09:00", "09:30"),
        patient("p3", ["c"], "09:30", "10:00"),
        patient("p4", ["a"], "09:40", "10:10"),
    ]
    consult = [{"id": f"c{i}", "kind": "consult"} for i in (1, 2, 3)]
    result = solve(stop(services=services, patients=patients, venues=rooms(*consult),
                        experts=[expert(f"hem-{s}", [s]) for s in ("a", "b", "c")]))  # fmt: skip
    assert len(result.appointments) == 4
    assert len({a.room for a in result.appointments if a.experts == ["hem-a"]}) == 1
    assert result.terms["room_changes"] == 0


def _record_solvers(monkeypatch: pytest.MonkeyPatch) -> list[cp_model.CpSolver]:
    """Every CP-SAT solver the scheduler makes, in order."""
    from solver import lexicographic

    made: list[cp_model.CpSolver] = []
    make = lexicographic.make_solver

    def recording(*args: object) -> cp_model.CpSolver:
        made.append(make(*args))  # type: ignore[arg-type]
        return made[-1]

    monkeypatch.setattr(lexicographic, "make_solver", recording)
    return made


def test_a_first_level_left_unproven_goes_on_with_the_clinic_day_lns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = _record_solvers(monkeypatch)
    monkeypatch.setattr("solver.schedule.solve.PROOF_SHARE", 0.3)
    monkeypatch.setattr("solver.schedule.solve.PROOF_MIN_S", 0.0)
    result = solve(generate(GenerateOptions(patients=120, households=0, seed=2)), seconds=12.0)
    portfolio, *lns = made
    assert (portfolio.parameters.use_lns_only, portfolio.parameters.num_workers) == (False, 8)
    cpsat = [s for s in lns if s.parameters.use_lns_only]
    assert [s.parameters.num_workers for s in cpsat] == [8]  # CP-SAT's LNS, as without ours
    ours = [s for s in lns if s.parameters.num_workers == LNS_WORKERS]
    assert ours and not any(s.parameters.use_lns_only for s in ours)  # our steps beside it
    assert result.levels["served"] == "feasible"
    assert result.objective == result.terms["served_weight"] <= result.bound


def test_a_first_level_proven_by_the_portfolio_needs_no_lns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = _record_solvers(monkeypatch)
    result = solve(generate(GenerateOptions(patients=12, households=0, seed=3)), seconds=5.0)
    assert result.levels["served"] == "optimal"
    assert [s.parameters.use_lns_only for s in made] == [False, False]
