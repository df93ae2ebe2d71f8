"""The engines for over-full problems (VROOM, VROOM then OR-Tools, PyVRP with prizes
then a lunch repair) on tiny scenarios where a km is a minute.

Every plan passes the independent checker (`tiny.solve`); one goes through
`planner solve` and `planner check` on the command line.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import yaml

from solver.limits import Limits
from solver.routing.households import build_visit_problem
from solver.routing.over_full import beyond_hours, swap_up
from solver.routing.problem import RoutingProblem, Stop, Vehicle, Window
from solver.routing.vroom_engine import (
    OPTIONAL_TOP_PRIORITY,
    REQUIRED_WEIGHT_STEP,
    TOP_PRIORITY,
    priorities,
    skills,
    solve_vroom,
)
from tests.solver.routing.tiny import (
    clock,
    household,
    reasons,
    scenario,
    solve,
    team,
    visited,
    window,
)
from tests.support.cli import planner

OVER_FULL = ("vroom", "vroom+ortools", "pyvrp-prizes")
LUNCH = {"window": window("12:00", "13:00"), "duration_min": 45}


def test_a_vroom_plan_round_trips_through_planner_solve_and_planner_check(
    tmp_path: Path,
) -> None:
    households = [
        household("h1", km=20.5, windows=[window("12:00", "13:00")]),
        household("h2", km=-30.5, needs=["nurse"]),
        household("h3", km=5.5, required=False, priority=1),
    ]
    teams = [team(), team("team-b", skills=["nurse"], max_drive_min=200)]
    s = scenario(households, teams, lunch={**LUNCH, "window": window("12:00", "13:30")})
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(s.model_dump(mode="json", exclude_none=True)), "utf-8")
    out = tmp_path / "out"
    run = planner("solve", str(path), "--out", str(out), "--engine", "vroom", "--time-limit", "2")
    assert run.returncode == 0, run.stderr
    check = planner("check", str(path), str(out / "plan.json"))
    assert (check.returncode, check.stdout) == (0, "plan.json: every rule holds\n"), check.stderr
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    assert plan["solver"]["routing_engine"] == "vroom"
    teams_of = {v["household"]: r["team"] for r in plan["routes"] for v in r["visits"]}
    assert teams_of == {"h1": teams_of["h1"], "h2": "team-b", "h3": teams_of["h3"]}


@pytest.mark.parametrize("engine", OVER_FULL)
def test_lunch_is_taken_in_its_window_between_visits(engine: str) -> None:
    households = [household(f"h{i}", km=0.5 + 1.25 * i, service_min=60) for i in range(7)]
    result = solve(scenario(households, lunch=LUNCH), engine)
    assert len(visited(result)) == 7
    ((meal,),) = [route.breaks for route in result.routes]
    assert clock(meal.start) >= "12:00" and clock(meal.end) <= "13:00"


@pytest.mark.parametrize("engine", OVER_FULL)
def test_a_visit_that_only_fits_the_lunch_hour_gives_way_to_lunch(engine: str) -> None:
    h1 = household("h1", km=0.5, windows=[window("12:00", "13:00")], required=False)
    assert set(visited(solve(scenario([h1]), engine))) == {"h1"}
    result = solve(scenario([h1], lunch=LUNCH), engine)
    assert visited(result) == {}
    assert reasons(result)["h1"].startswith("optional, dropped")


@pytest.mark.parametrize("engine", OVER_FULL)
def test_of_two_windows_the_reachable_one_is_used(engine: str) -> None:
    far = household("h1", km=120.5, windows=[window("08:00", "09:00"), window("16:00", "17:00")])
    shift = {"start": "08:00", "end": "19:00"}
    ((visit,),) = [r.visits for r in solve(scenario([far], [team(shift=shift)]), engine).routes]
    assert clock(visit.start) >= "16:00" and clock(visit.end) <= "17:00"


@pytest.mark.parametrize("engine", OVER_FULL)
def test_skills_and_the_driving_limit_choose_the_team(engine: str) -> None:
    # Both 50.5 km out on opposite sides: 102 minutes each alone, 204 together.
    households = [
        household("h1", km=50.5, needs=["nurse"]),
        household("h2", km=-50.5, required=False),
    ]
    teams = [team("team-a", max_drive_min=100), team("team-b", skills=["nurse"], max_drive_min=180)]
    result = solve(scenario(households, teams), engine)
    assert visited(result) == {"h1": ("team-b", "2025-07-06")}
    assert reasons(result)["h2"].startswith("optional, dropped")
    teams[0]["max_drive_min"] = 110
    result = solve(scenario(households, teams), engine)
    assert visited(result) == {"h1": ("team-b", "2025-07-06"), "h2": ("team-a", "2025-07-06")}


@pytest.mark.parametrize("engine", OVER_FULL)
def test_over_full_keeps_the_required_then_the_higher_priority(engine: str) -> None:
    # Room for two 3-hour visits in an 8-hour day with lunch: one required, one of
    # priority 1; the priority-3 household is left out.
    households = [
        household("h1", service_min=180, required=False, priority=3),
        household("h2", service_min=180, required=False, priority=1),
        household("h3", service_min=180),
        household("h4", service_min=180, required=False, priority=3),
    ]
    shift = {"start": "08:00", "end": "16:00"}
    result = solve(scenario(households, [team(shift=shift)], lunch=LUNCH), engine)
    assert set(visited(result)) == {"h2", "h3"}


def test_vroom_skills_allow_each_stop_exactly_its_allowed_vehicles() -> None:
    households = [
        household("h1", needs=["nurse"]),
        household("h2", days=["2025-07-07"]),
        household("h3", needs=["nurse"], days=["2025-07-06"]),
        household("h4"),
    ]
    teams = [team(), team("team-b", skills=["nurse"])]
    days = ("2025-07-06", "2025-07-07")
    problem = build_visit_problem(scenario(households, teams, days=days)).problem
    held, needed = skills(problem)
    vehicles = range(len(problem.vehicles))
    allowed = {
        stop.id: {v for v in vehicles if needed[s] <= held[v]}
        for s, stop in enumerate(problem.stops)
    }
    assert allowed == {"h1": {2, 3}, "h2": {1, 3}, "h3": {2}, "h4": {0, 1, 2, 3}}
    assert allowed == {stop.id: set(stop.vehicles) for stop in problem.stops}


def test_vroom_priorities_put_required_stops_first_then_the_penalty_ratio() -> None:
    households = [
        household("h1"),
        household("h2", required=False, priority=1),
        household("h3", required=False, priority=2),
        household("h4", required=False, priority=3),
    ]
    problem = build_visit_problem(scenario(households)).problem
    top = OPTIONAL_TOP_PRIORITY
    assert priorities(problem.stops) == [TOP_PRIORITY, top, top // 2, top // 4]


def three_on_a_line(light_x: int, heavy_x: int) -> RoutingProblem:
    """A depot at 0; a required stop of weight 1 at `light_x`, one of weight 4 at
    `heavy_x` and an optional one at 1; one vehicle with time for one 50-tick visit."""
    xs = np.array([0, light_x, heavy_x, 1], dtype=np.int64)
    matrix = np.abs(xs[:, None] - xs[None, :])
    stops = [
        Stop("light", (), 50, weight=1),
        Stop("heavy", (), 50, weight=4),
        Stop("optional", (), 50, required=False, penalty=10, weight=4),
    ]
    van = Vehicle("van", 0, 0, 0, Window(0, 80))
    return RoutingProblem(["base"], stops, [van], matrix, matrix)


def test_swap_up_brings_a_heavier_stop_in_where_it_drives_no_further() -> None:
    problem = three_on_a_line(light_x=10, heavy_x=10)
    routes = [[0]]
    assert swap_up(problem, routes, deadline=float("inf")) == 1
    assert routes == [[1]]
    # Never a required stop for an optional one, nor a stop of its own rank.
    assert swap_up(problem, routes, deadline=float("inf")) == 0


def test_swap_up_adds_no_driving() -> None:
    problem = three_on_a_line(light_x=10, heavy_x=11)
    routes = [[0]]
    assert swap_up(problem, routes, deadline=float("inf")) == 0
    assert routes == [[0]]


def test_vroom_priorities_rank_required_stops_by_weight_above_every_optional_one() -> None:
    households = [household(f"h{p}", priority=p) for p in (1, 2, 3)]
    households.append(household("h4", required=False, priority=1))
    problem = build_visit_problem(scenario(households)).problem
    step = REQUIRED_WEIGHT_STEP
    expected = [TOP_PRIORITY, TOP_PRIORITY - 2 * step, TOP_PRIORITY - 3 * step]
    assert priorities(problem.stops) == [*expected, OPTIONAL_TOP_PRIORITY]


def test_vroom_takes_the_heavier_of_two_required_stops_when_one_fits() -> None:
    # The heavier stop lies one tick further: of one priority, VROOM took the lighter.
    problem = three_on_a_line(light_x=10, heavy_x=11)
    solution = solve_vroom(problem, Limits(time_limit_s=1, seed=1))
    assert solution.routes == [[1]]


def test_vroom_priorities_leave_room_for_a_mop_up_visit_above_other_required_ones() -> None:
    stops = [Stop("h1", (), 30), Stop("mop-up", (), 30, penalty=4_000_000)]
    assert priorities(stops) == [TOP_PRIORITY - OPTIONAL_TOP_PRIORITY, TOP_PRIORITY]
    # However light the mop-up visit, and however heavy the other.
    stops = [Stop("heavy", (), 30, weight=4), Stop("mop-up", (), 30, penalty=4_000_000)]
    assert priorities(stops) == [TOP_PRIORITY - OPTIONAL_TOP_PRIORITY, TOP_PRIORITY]


def test_a_day_whose_required_visits_outlast_the_shift_goes_straight_to_vroom() -> None:
    # Two 4-hour visits and a 45-minute lunch in a 10-hour shift fit; a third does not.
    households = [household(f"h{i}", service_min=240) for i in range(3)]
    s = scenario(households[:2], lunch=LUNCH)
    assert not beyond_hours(build_visit_problem(s).problem)
    s = scenario(households, lunch=LUNCH)
    assert beyond_hours(build_visit_problem(s).problem)
    result = solve(s, "auto")
    assert (result.engine, len(visited(result))) == ("vroom", 2)
