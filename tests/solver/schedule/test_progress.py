"""What the scheduler and the re-planner say while they search: needs served and the gap,
comfort, published bookings kept and changed; and a re-plan that stops within a second."""

from __future__ import annotations

import datetime as dt
import threading
import time

from ortools.sat.python import cp_model

from benchmarks.replan import change_sets
from planner.model import Changes, Plan, Scenario, SolverInfo
from planner.model.replanning import day_of
from planner.model.synthetic import GenerateOptions, generate
from solver.limits import Limits
from solver.schedule import progress, schedule_stop
from solver.schedule.model import build_model
from solver.schedule.objective import LEVELS, unserved_weight
from solver.schedule.replan import replan_schedule
from tests.solver.schedule.helpers import DAY, as_plan, expert, patient, solve, stop
from tests.solver.schedule.test_replan import no_show_and_walk_in

TWO = [patient("p1", ["consult"]), patient("p2", ["consult"], end="17:00")]


def test_a_stop_says_the_needs_served_then_the_comfort_of_its_plans() -> None:
    lines: list[str] = []
    solve(stop(patients=TWO), progress=lines.append, deterministic=True)
    comfort = "served 2 of 2 needs · waiting 30 min (weighted) · load spread 0 min"
    assert lines == [
        "served 2 of 2 needs (100 %) · proven best",
        f"{comfort} · last appointment 17:00",  # the first plan of the level, from the hint
        f"{comfort} · last appointment 10:00",  # its best, said when the level ends
    ]


def test_the_gap_is_said_as_the_result_counts_it_from_the_bound_on_the_unserved() -> None:
    one_slot = [expert("hem-1", ["hematology"], "09:00", "09:30")]
    v = build_model(Scenario.model_validate(stop(experts=one_slot, patients=TWO)))
    v.model.minimize(unserved_weight(v))
    solver = cp_model.CpSolver()
    assert solver.solve(v.model) == cp_model.OPTIMAL
    weight = solver.objective_value  # one of the two needs, both of the same weight
    say = progress.served_within(v)
    assert say(solver.value, 0) == "served 1 of 2 needs (50 %) · proven within 50 %"
    third = "served 1 of 2 needs (50 %) · proven within 33.4 %"  # a third, rounded up
    assert say(solver.value, weight - 1) == third
    assert say(solver.value, weight) == "served 1 of 2 needs (50 %) · proven best"
    assert say(solver.value, -float("inf")) == "served 1 of 2 needs (50 %)"


def test_a_replan_says_the_bookings_kept_the_needs_served_and_the_changes() -> None:
    data, published, walk_in = no_show_and_walk_in()
    scenario = Scenario.model_validate(data)
    old = Plan(scenario="tiny clinic", status="feasible", appointments=published,
               solver=SolverInfo(wall_s=0, objective=0, bound=0, gap=0))  # fmt: skip
    now = dt.datetime.fromisoformat(f"{DAY}T09:00")
    day = day_of(scenario, old, Changes(now=now, walk_ins=[walk_in], no_shows=["p2"])).scenario
    lines: list[str] = []
    limits = Limits(time_limit_s=5, seed=1, deterministic=True, progress=lines.append)
    replan_schedule(day, old, limits)
    kept = "kept 1 of 1 published booking"  # p2's did not come: not counted
    assert lines == [
        f"{kept} · 0 bookings changed",
        f"served 1 of 2 needs left · {kept}",  # the hint: the walk-in not yet in
        f"served 2 of 2 needs left · {kept}",
        "0 bookings changed · moved 0 min in all",
        "0 bookings changed · waiting 150 min (weighted)",
    ]
    lines.clear()
    replan_schedule(day, None, limits)  # from scratch
    assert lines == [
        "served 2 of 2 needs left",
        "served 2 of 2 needs left · waiting 150 min (weighted)",
    ]


def test_a_stop_ends_a_replans_level_within_a_second() -> None:
    scenario = generate(GenerateOptions(patients=60, households=0, seed=1))
    first = schedule_stop(scenario, Limits(time_limit_s=2, seed=1))
    published = as_plan(scenario, first)
    changes = change_sets(scenario, published, 1)["d"]  # walk-ins, no-shows, late, closed
    day = day_of(scenario, published, changes).scenario
    lines: list[str] = []
    stopped: list[float] = []

    def stop() -> None:
        stopped.append(time.perf_counter())
        limits.stop.set()

    def said(line: str) -> None:
        if not lines:  # the search is under way: Ctrl-C a second later
            threading.Timer(1.0, stop).start()
        lines.append(line)

    limits = Limits(time_limit_s=60, seed=1, workers=2, progress=said)
    result = replan_schedule(day, published, limits)
    assert stopped and time.perf_counter() - stopped[0] < 1.5  # the level had 8 s
    assert result.status == "feasible" and result.appointments
    assert list(result.levels.values())[-1] == "feasible"  # cut short, nothing after it
    assert lines[0].startswith("kept ")


def test_every_term_of_the_lower_levels_has_its_words() -> None:
    lower = {t.name for level in LEVELS[1:] for t in level.terms}
    assert lower == set(progress.TERM_WORDS)
