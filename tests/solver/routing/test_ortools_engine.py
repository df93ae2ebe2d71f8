"""The OR-Tools engine on the integer problem: stopping, starting routes, lunch on the road."""

from __future__ import annotations

import threading
import time

import numpy as np

from solver.limits import Limits
from solver.routing.evaluate import in_words
from solver.routing.insertion import DRIVE, FITS, HOURS, insertion_issue
from solver.routing.ortools_engine import merged, required_first, required_penalty, solve_ortools
from solver.routing.problem import (
    BreakRule,
    RoutingProblem,
    RoutingSolution,
    Stop,
    Vehicle,
    Window,
)


def _line(positions: list[int], **vehicle: object) -> RoutingProblem:
    """Stops on a line from a depot at 0; a unit of distance is a tick of time."""
    nodes = [0, *positions]
    matrix = np.array([[abs(a - b) for b in nodes] for a in nodes], dtype=np.int64)
    stops = [Stop(f"s{i}", (), 10) for i in range(len(positions))]
    v = Vehicle("v", 0, 0, 0, Window(0, 1000), **vehicle)  # type: ignore[arg-type]
    return RoutingProblem(["depot"], stops, [v], matrix, matrix)


def test_a_set_stop_event_ends_the_search_at_once() -> None:
    stop = threading.Event()
    stop.set()
    started = time.perf_counter()
    solution = solve_ortools(_line([5, 10, 20, 40]), Limits(time_limit_s=30, stop=stop))
    assert time.perf_counter() - started < 5
    assert solution.status == "feasible"


def test_initial_routes_are_read_and_improved() -> None:
    problem = _line([5, 10, 20, 40])
    initial = RoutingSolution([[3, 0, 2, 1]], [[]], "given", 0, 0.0)
    solution = solve_ortools(problem, Limits(time_limit_s=0.5), initial)
    assert sorted(solution.routes[0]) == [0, 1, 2, 3] and solution.dropped == []
    assert solution.objective == 80  # out to 40 and back


def test_lunch_on_the_road_lengthens_the_gap_between_visits() -> None:
    # Two stops 100 ticks apart with lunch of 60 forced between them: the second visit
    # starts no earlier than the first ends + 100 of travel + 60 of lunch.
    problem = _line([10, 110], lunch=BreakRule(20, 30, 60))
    problem.stops[0] = Stop("s0", (Window(0, 10),), 10)
    solution = solve_ortools(problem, Limits(time_limit_s=0.5))
    (route,), (starts,) = solution.routes, solution.starts
    assert route == [0, 1]
    assert starts[1] >= starts[0] + 10 + 100 + 60


def test_required_stops_outweigh_every_optional_one() -> None:
    problem = _line([5, 10])
    problem.stops[1] = Stop("s1", (), 10, required=False, penalty=7_000)
    assert required_penalty(problem) > 7_000 + 2 * int(problem.distance.max()) * 3


def test_overlapping_windows_are_merged() -> None:
    windows = (Window(50, 60), Window(0, 10), Window(11, 20), Window(55, 70))
    assert merged(windows) == [Window(0, 20), Window(50, 70)]


def test_a_dropped_stop_is_tried_at_every_place_of_a_route() -> None:
    problem = _line([5, 10, 20])
    assert insertion_issue(problem, 0, [0, 2], 1) == FITS
    problem.vehicles[0] = Vehicle("v", 0, 0, 0, Window(0, 65))
    assert insertion_issue(problem, 0, [0, 2], 1) == HOURS  # 40 driving + 30 visiting
    problem.vehicles[0] = Vehicle("v", 0, 0, 0, Window(0, 1000), max_drive=39)
    assert insertion_issue(problem, 0, [0], 2) == DRIVE


def test_required_stops_are_routed_alone_first_in_full_indices() -> None:
    problem = _line([5, 10, 20, 40])
    problem.stops[0] = Stop("s0", (), 10, required=False, penalty=5)
    problem.stops[2] = Stop("s2", (), 10, required=False, penalty=5)
    first = required_first(problem, Limits(time_limit_s=0.3))
    assert sorted(s for route in first.routes for s in route) == [1, 3]
    solution = solve_ortools(problem, Limits(time_limit_s=0.6))
    assert sorted(solution.routes[0]) == [0, 1, 2, 3]  # optional ones join on the way


def test_progress_says_the_households_visited_and_the_hours_driven() -> None:
    lines: list[str] = []
    problem = _line([30, 60, 90, 120])  # out to 120 ticks (minutes) and back: 4 h
    solve_ortools(problem, Limits(time_limit_s=0.5, progress=lines.append))
    assert lines == ["visited 4 of 4 households · 4 h driving"]  # one line a second at most


def test_a_plan_in_words_names_the_required_households_left_out() -> None:
    problem = _line([30, 60, 90, 120])
    assert in_words(problem, [[0, 1]]) == (
        "visited 2 of 4 households · 2 h driving, 2 required left out"
    )
    assert in_words(problem, [[]], "required households") == (
        "visited 0 of 4 required households · 0 h driving, 4 required left out"
    )
