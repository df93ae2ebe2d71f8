"""The lexicographic runner on tiny CP-SAT models: levels held, slack, tie-breakers, held
values, hints, deterministic time, progress in words, and a stop within a second."""

from __future__ import annotations

import random
import threading
import time

import pytest
from ortools.sat.python import cp_model

from solver import lexicographic
from solver.cpsat import Value
from solver.lexicographic import Level, Lexicographic, Tie
from solver.limits import DETERMINISTIC_WALL_CAP, PORTFOLIO_WORKERS, Limits

LIMITS = Limits(time_limit_s=5.0, seed=1, workers=1)


def split_ten() -> tuple[cp_model.CpModel, cp_model.IntVar, cp_model.IntVar]:
    """x + y = 10, both in 0..10."""
    model = cp_model.CpModel()
    x, y = model.new_int_var(0, 10, "x"), model.new_int_var(0, 10, "y")
    model.add(x + y == 10)
    return model, x, y


def run(model: cp_model.CpModel, levels: list[Level], limits: Limits = LIMITS,
        **options: object) -> Lexicographic:  # fmt: skip
    runner = Lexicographic(model, limits, time.perf_counter())
    runner.run(levels, **options)  # type: ignore[arg-type]
    return runner


def test_each_level_is_held_at_its_best_for_the_levels_below() -> None:
    model, x, y = split_ten()
    runner = run(model, [Level("most x", -x, 0.5), Level("most y", -y)])
    assert (runner.value(x), runner.value(y)) == (10, 0)  # y cannot take x's share
    assert runner.levels == {"most x": "optimal", "most y": "optimal"}
    assert runner.bounds == {"most x": -10.0, "most y": 0.0}
    assert list(runner.level_s) == ["most x", "most y"]


def test_a_level_with_slack_gives_up_that_much_for_the_levels_below() -> None:
    model, x, y = split_ten()
    runner = run(model, [Level("most x", -x, 0.5, slack=3), Level("most y", -y)])
    assert (runner.value(x), runner.value(y)) == (7, 3)


def test_a_tie_breaker_chooses_among_the_best_never_at_their_expense() -> None:
    model = cp_model.CpModel()
    x, y = model.new_int_var(0, 10, "x"), model.new_int_var(0, 10, "y")
    model.add(x + y >= 5)  # the fewest y would be x = 5, y = 0
    fewest = run(model.clone(), [Level("least x", x, tie=Tie(y, 10))])
    most = run(model.clone(), [Level("least x", x, tie=Tie(10 - y, 10))])
    assert (fewest.value(x), fewest.value(y)) == (0, 5)
    assert (most.value(x), most.value(y)) == (0, 10)
    assert fewest.bounds == most.bounds == {"least x": 0.0}


def test_a_held_level_is_not_solved_but_holds_the_levels_below() -> None:
    model, x, _ = split_ten()
    runner = run(model, [Level("least x", x, held=3), Level("most x", -x)])
    assert runner.value(x) == 3
    assert runner.levels == {"least x": "optimal", "most x": "optimal"}
    assert runner.bounds["least x"] == 3.0 and list(runner.level_s) == ["most x"]


def test_the_first_level_starts_from_the_callers_hint_and_the_next_from_its_solution() -> None:
    model, x, y = split_ten()
    runner = run(model, [Level("least x", x, 0.5)], first=[(x, 4), (y, 6)])
    assert list(model.proto.solution_hint.values) == [4, 6]
    runner.run([Level("least y", y)])  # the same run, one level further
    assert list(model.proto.solution_hint.vars) == [x.index, y.index]
    assert list(model.proto.solution_hint.values) == [0, 10]  # the level above's solution


def test_an_infeasible_first_level_ends_the_run() -> None:
    model, x, y = split_ten()
    model.add(x + y == 11)
    runner = run(model, [Level("least x", x, 0.5), Level("least y", y)])
    assert runner.best is None and runner.levels == {"least x": "infeasible"}
    assert runner.bounds == {}


def test_deterministic_mode_solves_with_one_worker_on_fixed_deterministic_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[cp_model.CpSolver] = []
    make = lexicographic.make_solver

    def recording(limits: Limits, budget: float) -> cp_model.CpSolver:
        made.append(make(limits, budget))
        return made[-1]

    monkeypatch.setattr(lexicographic, "make_solver", recording)
    model, x, y = split_ten()
    limits = Limits(time_limit_s=8.0, deterministic=True, workers=4)
    runner = Lexicographic(model, limits, time.perf_counter(), reserve=0.5)
    runner.run([Level("most x", -x, 0.5, fixed=0.25), Level("most y", -y, fixed=0.75)])
    assert [s.parameters.num_workers for s in made] == [1, 1]
    assert [s.parameters.max_deterministic_time for s in made] == [1.0, 3.0]
    assert {s.parameters.max_time_in_seconds for s in made} == {DETERMINISTIC_WALL_CAP * 8.0}


def test_the_worker_count_comes_from_the_limits_alone() -> None:
    assert Limits().cpsat_workers == PORTFOLIO_WORKERS == 8
    assert Limits(workers=3).cpsat_workers == 3
    assert Limits(workers=3, deterministic=True).cpsat_workers == 1
    assert lexicographic.make_solver(Limits(workers=3), 1.0).parameters.num_workers == 3


def test_progress_says_each_improving_solution_in_the_levels_words() -> None:
    model = cp_model.CpModel()
    picks = [model.new_bool_var(f"pick[{i}]") for i in range(12)]
    model.add(sum(picks) >= 6)
    lines: list[str] = []
    limits = Limits(time_limit_s=5.0, seed=1, workers=1, progress=lines.append)

    def describe(value: Value, bound: float) -> str:
        return f"picked {value(sum(picks))} · at least {bound:g}"

    weights = [i + 1 for i in range(12)]
    cost = sum(w * p for w, p in zip(weights, picks, strict=True))
    first = [(p, 1) for p in picks]  # everything picked: the worst start
    runner = run(model, [Level("cheapest", cost, describe=describe)], limits, first=first)
    assert runner.value(cost) == 21 and runner.levels == {"cheapest": "optimal"}
    assert lines and all(line.startswith("picked ") for line in lines)
    assert lines[-1] == "picked 6 · at least 21"  # the best said last, with its proof


def hard_model(size: int = 15) -> tuple[cp_model.CpModel, cp_model.LinearExprT]:
    """A random job shop of `size` jobs and machines: its makespan is far from proven
    within half a minute on eight workers."""
    rng = random.Random(3)
    model = cp_model.CpModel()
    horizon = size * size * 10
    ends = []
    by_machine: list[list[cp_model.IntervalVar]] = [[] for _ in range(size)]
    for job in range(size):
        previous = None
        for machine in rng.sample(range(size), size):
            start = model.new_int_var(0, horizon, f"start[{job},{machine}]")
            length = rng.randint(1, 10)
            by_machine[machine].append(model.new_fixed_size_interval_var(start, length, "op"))
            if previous is not None:
                model.add(start >= previous)
            previous = start + length
        ends.append(previous)
    for intervals in by_machine:
        model.add_no_overlap(intervals)
    makespan = model.new_int_var(0, horizon, "makespan")
    model.add_max_equality(makespan, ends)
    return model, makespan


def test_a_stop_ends_a_long_level_within_a_second() -> None:
    model, makespan = hard_model()
    lines: list[str] = []
    limits = Limits(time_limit_s=60.0, seed=1, workers=2, progress=lines.append)
    timer = threading.Timer(1.5, limits.stop.set)
    started = time.perf_counter()
    timer.start()
    runner = Lexicographic(model, limits, started)
    runner.run([Level("makespan", makespan, 0.9, describe=lambda v, b: f"{v(makespan)}"),
                Level("never", -makespan)])  # fmt: skip
    wall = time.perf_counter() - started
    assert wall < 2.5  # far below the level's 54 s
    assert runner.levels == {"makespan": "feasible"} and runner.best is not None
    assert lines and lines[-1] == str(runner.value(makespan))
