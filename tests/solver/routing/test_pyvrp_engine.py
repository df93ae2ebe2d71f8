"""The PyVRP engine on tiny problems: each rule it expresses, biting and not biting."""

from __future__ import annotations

import numpy as np
import pytest

from solver.limits import Limits
from solver.routing.evaluate import earliest_starts, route_violations
from solver.routing.problem import (
    BreakRule,
    RoutingProblem,
    RoutingSolution,
    Stop,
    Vehicle,
    Window,
)
from solver.routing.pyvrp_engine import Unsupported, solve_pyvrp, unsupported_features

LIMITS = Limits(time_limit_s=0.5, seed=1)
DAY = Window(0, 1000)


def line_problem(
    positions: list[int], stops: list[Stop], vehicles: list[Vehicle], depots: int = 1
) -> RoutingProblem:
    """Depots and stops on a line; travel time = distance = the gap between positions."""
    xs = np.array(positions, dtype=np.int64)
    matrix = np.abs(xs[:, None] - xs[None, :])
    return RoutingProblem(
        depots=[f"depot-{d}" for d in range(depots)],
        stops=stops,
        vehicles=vehicles,
        duration=matrix,
        distance=matrix.copy(),
    )


def van(
    name: str = "v0",
    depot: int = 0,
    shift: Window = DAY,
    capacity: int | None = None,
    lunch: BreakRule | None = None,
    max_drive: int | None = None,
) -> Vehicle:
    return Vehicle(name, 0, depot, depot, shift, capacity, max_drive, lunch)


def solved(problem: RoutingProblem) -> RoutingSolution:
    solution = solve_pyvrp(problem, LIMITS)
    assert solution.engine == "pyvrp"
    assert route_violations(problem, solution) == []
    return solution


def test_second_window_used_when_first_cannot_be_reached() -> None:
    stop = Stop("far", windows=(Window(0, 10), Window(50, 60)), service=5)
    solution = solved(line_problem([0, 30], [stop], [van()]))
    assert solution.routes == [[0]] and solution.starts == [[50]]


def test_first_window_used_when_it_can_be_reached() -> None:
    stop = Stop("near", windows=(Window(0, 10), Window(50, 60)), service=5)
    solution = solved(line_problem([0, 5], [stop], [van()]))
    assert solution.starts == [[5]]


def test_no_window_reachable_leaves_pyvrp_infeasible() -> None:
    stop = Stop("far", windows=(Window(0, 10),), service=5)
    solution = solve_pyvrp(line_problem([0, 30], [stop], [van()]), LIMITS)
    assert solution.status == "infeasible"


def test_optional_stop_dropped_when_its_penalty_is_below_the_detour() -> None:
    stops = [Stop("a", (), 0), Stop("b", (), 0, required=False, penalty=30)]
    solution = solved(line_problem([0, 10, 30], stops, [van()]))
    assert solution.routes == [[0]] and solution.dropped == [1]
    assert solution.objective == 20 + 30


def test_progress_says_a_better_plan_in_words_once_a_second() -> None:
    stops = [Stop("a", (), 0), Stop("b", (), 0, required=False, penalty=30)]
    lines: list[str] = []
    solve_pyvrp(line_problem([0, 10, 30], stops, [van()]), Limits(1.5, 1, progress=lines.append))
    # PyVRP passes its best cost alone (50: 20 driven, b's 30 left out), never shown.
    assert lines == ["found a better set of routes: shorter, or visiting more"]


def test_optional_stop_kept_when_its_penalty_exceeds_the_detour() -> None:
    stops = [Stop("a", (), 0), Stop("b", (), 0, required=False, penalty=50)]
    solution = solved(line_problem([0, 10, 30], stops, [van()]))
    assert solution.routes == [[0, 1]] and solution.dropped == []
    assert solution.objective == 60


def test_optional_stop_with_two_windows_is_visited_once() -> None:
    stop = Stop("b", (Window(0, 100), Window(200, 300)), 0, required=False, penalty=500)
    solution = solved(line_problem([0, 10], [stop], [van()]))
    assert solution.routes == [[0]] and solution.objective == 20


def test_allowed_vehicles_override_the_nearer_vehicle() -> None:
    # Vehicle 0 sits next to the stop, but only vehicle 1 (far away) may serve it.
    stops = [Stop("nurse-needed", (), 0, vehicles=frozenset({1}))]
    vehicles = [van("near", depot=0), van("far", depot=1)]
    solution = solved(line_problem([0, 100, 2], stops, vehicles, depots=2))
    assert solution.routes == [[], [0]]


def test_without_restriction_the_nearer_vehicle_serves() -> None:
    vehicles = [van("near", depot=0), van("far", depot=1)]
    solution = solved(line_problem([0, 100, 2], [Stop("any", (), 0)], vehicles, depots=2))
    assert solution.routes == [[0], []]


def test_a_route_may_end_at_another_depot() -> None:
    oneway = Vehicle("oneway", 0, start_depot=0, end_depot=1, shift=DAY)
    solution = solved(line_problem([0, 100, 50], [Stop("mid", (), 0)], [oneway], depots=2))
    assert solution.routes == [[0]] and solution.starts == [[50]] and solution.objective == 100


def test_capacity_splits_the_load() -> None:
    stops = [Stop(f"s{i}", (), 0, demand=2) for i in range(3)]
    one = solved(line_problem([0, 1, 2, 3], stops, [van("a", capacity=6), van("b", capacity=6)]))
    assert sorted(len(r) for r in one.routes) == [0, 3]
    two = solved(line_problem([0, 1, 2, 3], stops, [van("a", capacity=4), van("b", capacity=4)]))
    assert sorted(len(r) for r in two.routes) == [1, 2]


def test_shift_end_forces_a_second_vehicle() -> None:
    stops = [Stop("a", (), 10), Stop("b", (), 10)]
    short = Window(0, 40)  # both stops take 44, one each 30 or 34
    solution = solved(
        line_problem([0, 10, 12], stops, [van("a", shift=short), van("b", shift=short)])
    )
    assert sorted(len(r) for r in solution.routes) == [1, 1]


def test_lunch_and_driving_limits_are_refused_by_name() -> None:
    problem = line_problem(
        [0, 10],
        [Stop("a", (), 5)],
        [van(lunch=BreakRule(earliest=0, latest=100, duration=30), max_drive=100)],
    )
    assert len(unsupported_features(problem)) == 2
    with pytest.raises(Unsupported, match=r"lunch breaks.*maximum driving time"):
        solve_pyvrp(problem, LIMITS)


def test_earliest_starts_fit_lunch_where_it_can_go() -> None:
    # a (0-20 window) and b, 40 ticks of service each; lunch 30 ticks from 100-110.
    stops = [Stop("a", (Window(0, 20),), 40), Stop("b", (), 40)]
    lunch = BreakRule(earliest=100, latest=110, duration=30)
    fits = line_problem([0, 10, 20], stops, [van(shift=Window(0, 150), lunch=lunch)])
    assert earliest_starts(fits, 0, [0, 1]) == [10, 60]  # lunch after b, back at 150
    tight = line_problem([0, 10, 20], stops, [van(shift=Window(0, 149), lunch=lunch)])
    assert earliest_starts(tight, 0, [0, 1]) is None


def test_earliest_starts_keep_the_driving_limit() -> None:
    stops = [Stop("a", (), 0)]
    assert earliest_starts(line_problem([0, 10], stops, [van(max_drive=20)]), 0, [0]) == [10]
    assert earliest_starts(line_problem([0, 10], stops, [van(max_drive=19)]), 0, [0]) is None


def test_a_set_stop_event_ends_the_search_at_once() -> None:
    limits = Limits(time_limit_s=30, seed=1)
    limits.stop.set()
    solution = solve_pyvrp(line_problem([0, 10], [Stop("a", (), 5)], [van()]), limits)
    assert solution.wall_s < 5


def test_deterministic_mode_repeats_the_same_routes() -> None:
    xs = [0, 3, 17, 4, 25, 11, 9, 30, 21, 14, 6]
    stops = [Stop(f"s{i}", (), 1, demand=1) for i in range(len(xs) - 1)]
    vans = [van("a", capacity=4), van("b", capacity=4), van("c", capacity=4)]
    limits = Limits(time_limit_s=2, seed=7, deterministic=True)
    runs = [solve_pyvrp(line_problem(xs, stops, vans), limits) for _ in range(2)]
    assert runs[0].routes == runs[1].routes
    assert all(run.wall_s < limits.time_limit_s for run in runs)  # ended by the count
