"""The household path: the relaxed problem PyVRP sees, the repair, and answers that keep
every rule."""

from __future__ import annotations

import dataclasses

import numpy as np

from solver.limits import Limits
from solver.routing.engines import solve_problem
from solver.routing.evaluate import route_violations
from solver.routing.problem import BreakRule, RoutingProblem, Stop, Vehicle, Window
from solver.routing.relax import PRIZE_CEILING, relaxed, repair


def line(
    scale: int = 1, lunch: BreakRule | None = None, max_drive: int | None = None
) -> RoutingProblem:
    """A depot at 0, a required stop at 10 and an optional one at 20 (times `scale`),
    10-tick visits; one vehicle working 0-70 with the given lunch and driving limit, and
    a second one without lunch."""
    xs = np.array([0, 10, 20], dtype=np.int64) * scale
    distance = np.abs(xs[:, None] - xs[None, :])
    duration = np.abs(np.array([0, 10, 20])[:, None] - np.array([0, 10, 20])[None, :])
    stops = [
        Stop("required", (Window(0, 100),), 10),
        Stop(
            "optional", (Window(0, 100),), 10, required=False, penalty=4_000_000 if scale > 1 else 5
        ),
    ]
    vans = [
        Vehicle("lunching", 0, 0, 0, Window(0, 70), max_drive=max_drive, lunch=lunch),
        Vehicle("spare", 0, 0, 0, Window(0, 70)),
    ]
    return RoutingProblem(["base"], stops, vans, duration, distance)


LUNCH = BreakRule(earliest=0, latest=70, duration=20)


def test_relaxed_problem_drops_lunch_keeps_driving_as_distance_and_prizes_every_stop() -> None:
    loose = relaxed(line(lunch=LUNCH, max_drive=50))
    # Two longest arcs make a detour of 41; the required prize is ten times that.
    assert [(s.required, s.penalty) for s in loose.stops] == [(False, 410), (False, 5)]
    # One distance unit per tick here: 50 ticks of driving is 50 units.
    assert [(v.lunch, v.max_drive, v.max_distance) for v in loose.vehicles] == [
        (None, None, 50),
        (None, None, None),
    ]
    assert loose.distance.tolist() == line().distance.tolist()


def test_relaxed_problem_counts_large_distances_in_coarser_units() -> None:
    loose = relaxed(line(scale=10_000))
    # Detour 400,001: the optional prize 4,000,000 scaled down to it; required 4,000,010.
    # Units of 201 bring the top prize under the ceiling.
    assert [s.penalty for s in loose.stops] == [4_000_010 // 201, 400_001 // 201]
    assert max(s.penalty for s in loose.stops) <= PRIZE_CEILING
    assert loose.distance[0].tolist() == [0, 498, 995]


def test_repair_takes_out_the_optional_stop_when_lunch_no_longer_fits() -> None:
    # Both stops take 60 ticks, and lunch 20 more: past the shift end of 70.
    p = line(lunch=LUNCH)
    p.vehicles.pop()  # no spare van
    fixed = repair(p, [[0, 1]])
    assert fixed.routes == [[0]] and fixed.dropped == [1]
    assert route_violations(p, fixed) == []


def test_repair_puts_a_stop_taken_out_on_another_vehicle_where_it_fits() -> None:
    p = line(lunch=LUNCH)
    fixed = repair(p, [[0, 1], []])
    assert fixed.routes == [[0], [1]] and fixed.dropped == []
    assert route_violations(p, fixed) == []


def test_repair_gives_a_required_stop_the_place_of_an_optional_one() -> None:
    # Either stop fits alone with lunch, not both; the spare van is gone.
    p = line(lunch=LUNCH)
    p.vehicles.pop()
    fixed = repair(p, [[1]])
    assert fixed.routes == [[0]] and fixed.dropped == [1]


def test_auto_routes_lunch_and_driving_limits_through_the_household_path() -> None:
    p = line(lunch=LUNCH, max_drive=50)
    p.stops[1] = dataclasses.replace(p.stops[1], penalty=1000)  # worth its 40-tick detour
    solution = solve_problem(p, Limits(time_limit_s=1, seed=1), "auto")
    assert solution.engine in ("pyvrp", "pyvrp+ortools")
    assert route_violations(p, solution) == []
    assert sorted(s for route in solution.routes for s in route) == [0, 1]


def test_a_distance_limit_is_kept_by_every_engine() -> None:
    p = line()
    p.vehicles = [Vehicle("short", 0, 0, 0, Window(0, 200), max_distance=30)]
    for engine in ("ortools", "pyvrp"):
        solution = solve_problem(p, Limits(time_limit_s=1, seed=1), engine)
        assert solution.routes == [[0]] and solution.dropped == [1], engine
