"""Engine dispatch: each engine name, unknown names, and the rule check on every answer."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from solver.limits import Limits
from solver.routing import engines
from solver.routing.engines import EngineError, solve_problem
from solver.routing.evaluate import route_violations
from solver.routing.problem import (
    BreakRule,
    RoutingProblem,
    RoutingSolution,
    Stop,
    Vehicle,
    Window,
)
from solver.routing.pyvrp_engine import Unsupported

LIMITS = Limits(time_limit_s=1, seed=1)


def problem(lunch: BreakRule | None = None, max_drive: int | None = None) -> RoutingProblem:
    """Two vans at one depot; three stops on a line, one with two windows, one optional."""
    xs = np.array([0, 10, 20, 30], dtype=np.int64)
    matrix = np.abs(xs[:, None] - xs[None, :])
    stops = [
        Stop("a", (Window(0, 100),), 10, demand=2),
        Stop("b", (Window(0, 5), Window(60, 200)), 10, demand=2, vehicles=frozenset({1})),
        Stop("c", (), 10, demand=1, required=False, penalty=1000),
    ]
    vans = [Vehicle(f"van-{i}", 0, 0, 0, Window(0, 480), 4, max_drive, lunch) for i in range(2)]
    return RoutingProblem(["base"], stops, vans, matrix, matrix.copy())


@pytest.mark.parametrize("engine", ["pyvrp", "auto"])
def test_pyvrp_and_auto_route_a_problem_pyvrp_can_express(engine: str) -> None:
    p = problem()
    solution = solve_problem(p, LIMITS, engine)
    assert solution.engine == "pyvrp"
    assert route_violations(p, solution) == []
    assert 1 in solution.routes[1] and solution.dropped == []


def test_ortools_engine_is_selectable() -> None:
    p = problem()
    solution = solve_problem(p, LIMITS, "ortools")
    assert solution.engine == "ortools"
    assert route_violations(p, solution) == []


def test_auto_hands_lunch_and_driving_limits_to_the_household_path() -> None:
    p = problem(lunch=BreakRule(earliest=100, latest=200, duration=30), max_drive=200)
    solution = solve_problem(p, LIMITS, "auto")
    assert solution.engine in ("pyvrp", "pyvrp+ortools")
    assert route_violations(p, solution) == []


def test_auto_hands_what_even_the_relaxed_pyvrp_cannot_express_to_ortools() -> None:
    p = problem(lunch=BreakRule(earliest=100, latest=200, duration=30))
    p.objective = "duration"
    solution = solve_problem(p, LIMITS, "auto")
    assert solution.engine == "ortools"
    assert route_violations(p, solution) == []


def test_auto_hands_a_problem_pyvrp_cannot_solve_to_ortools() -> None:
    # Stop a cannot be reached in its window: PyVRP finds nothing feasible and gives up
    # at half time; OR-Tools drops the required stop and routes the rest.
    p = problem()
    p.stops[0] = dataclasses.replace(p.stops[0], windows=(Window(0, 5),))
    solution = solve_problem(p, LIMITS, "auto")
    assert solution.engine == "ortools" and solution.dropped == [0]
    assert route_violations(p, solution) == []


def test_pyvrp_refuses_what_it_cannot_express() -> None:
    with pytest.raises(Unsupported, match="lunch"):
        solve_problem(problem(lunch=BreakRule(100, 200, 30)), LIMITS, "pyvrp")


def test_pyvrp_without_a_feasible_answer_is_an_error() -> None:
    p = problem()
    p.stops[0] = dataclasses.replace(p.stops[0], windows=(Window(0, 5),))
    with pytest.raises(EngineError, match="no routes that serve every required stop"):
        solve_problem(p, Limits(time_limit_s=0.5, seed=1), "pyvrp")


def test_unknown_engine_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"unknown routing engine 'gurobi' \(known: auto, ortools"):
        solve_problem(problem(), LIMITS, "gurobi")


def test_an_answer_that_breaks_a_rule_is_never_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(p: RoutingProblem, limits: Limits) -> RoutingSolution:
        # Stop b on van 0, which it does not allow.
        return RoutingSolution([[0, 1, 2], []], [[10, 60, 80], []], "pyvrp", 0, 0.0)

    monkeypatch.setattr(engines, "_solve_pyvrp", broken)
    with pytest.raises(EngineError, match="b is not allowed on vehicle van-0"):
        solve_problem(problem(), LIMITS, "pyvrp")


def good() -> RoutingSolution:
    return RoutingSolution([[0, 2], [1]], [[10, 40], [60]], "test", 0, 0.0)


def mutated(**changes: object) -> RoutingSolution:
    return dataclasses.replace(good(), **changes)  # type: ignore[arg-type]


def test_the_rule_check_passes_a_valid_answer() -> None:
    assert route_violations(problem(), good()) == []


@pytest.mark.parametrize(
    ("solution", "message"),
    [
        (mutated(routes=[[0, 2], [1, 0]], starts=[[10, 40], [60, 90]]), "a served twice"),
        (mutated(routes=[[0], [1]], starts=[[10], [60]]), "dropped stops are not exactly"),
        (mutated(starts=[[10, 40], [30]]), "b starts at 30, outside its windows"),
        (mutated(starts=[[5, 40], [60]]), "a starts at 5, before it can be reached"),
        (mutated(routes=[[1, 0, 2], []], starts=[[60, 80, 100], []]), "not allowed on vehicle"),
        (mutated(starts=[[10, 470], [60]]), "back at 510, after 480"),
    ],
)
def test_the_rule_check_catches(solution: RoutingSolution, message: str) -> None:
    assert any(message in found for found in route_violations(problem(), solution))


def test_the_rule_check_catches_capacity_driving_and_lunch() -> None:
    p = problem(lunch=BreakRule(earliest=0, latest=5, duration=30), max_drive=50)
    p.stops[1] = dataclasses.replace(p.stops[1], vehicles=frozenset())
    crowded = RoutingSolution([[0, 1, 2], []], [[10, 60, 80], []], "test", 0, 0.0)
    found = route_violations(p, crowded)
    assert any("carries 5, more than 4" in f for f in found)
    assert any("drives 60, more than 50" in f for f in found)
    assert any("no free time for its lunch break" in f for f in found)
    relaxed = dataclasses.replace(p.vehicles[0], max_drive=60, capacity=5)
    p.vehicles[0] = dataclasses.replace(relaxed, lunch=BreakRule(15, 25, 30))
    assert route_violations(p, crowded) == []


@pytest.mark.parametrize("engine", ["auto", "ortools", "pyvrp"])
def test_nothing_to_route_returns_at_once(engine: str) -> None:
    p = problem()
    no_stops = RoutingProblem(p.depots, [], p.vehicles, p.duration[:1, :1], p.distance[:1, :1])
    assert solve_problem(no_stops, LIMITS, engine).routes == [[], []]
    unassigned = [dataclasses.replace(s, vehicles=frozenset()) for s in p.stops]
    no_vans = RoutingProblem(p.depots, unassigned, [], p.duration, p.distance)
    solution = solve_problem(no_vans, LIMITS, engine)
    assert solution.dropped == [0, 1, 2] and solution.status == "infeasible"


def test_a_malformed_problem_is_refused_where_it_is_built() -> None:
    p = problem()
    with pytest.raises(ValueError, match=r"duration matrix is \(3, 3\), expected \(4, 4\)"):
        RoutingProblem(p.depots, p.stops, p.vehicles, p.duration[:3, :3], p.distance)
    late = dataclasses.replace(p.vehicles[0], start_depot=1)
    with pytest.raises(ValueError, match="vehicle van-0: depot 1 is not one of the 1 depots"):
        RoutingProblem(p.depots, p.stops, [late, p.vehicles[1]], p.duration, p.distance)
    reversed_window = dataclasses.replace(p.stops[0], windows=(Window(50, 40),))
    with pytest.raises(ValueError, match="a window ends before it starts"):
        RoutingProblem(
            p.depots, [reversed_window, *p.stops[1:]], p.vehicles, p.duration, p.distance
        )
