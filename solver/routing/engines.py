"""One entry for every routing solve: it picks the engine and checks its answer.

`solve_problem(problem, limits, engine)` runs OR-Tools, PyVRP, one of the engines for
over-full problems (`over_full.py`: "vroom", "vroom+ortools", "pyvrp-prizes"), or
"auto": PyVRP when
it can express every rule of the problem (it is the stronger search: 0.2 % against
OR-Tools' 2.4 % mean gap on six Solomon instances at 10 s), else the household path of
`hybrid.py` (PyVRP without lunch and driving limits, then repair and OR-Tools). Whatever
engine answers, `evaluate.route_violations` checks the routes against the problem before they
are returned.
"""

from __future__ import annotations

import time

from solver.limits import GIVE_UP_SHARE, Limits
from solver.routing.evaluate import objective_value, route_violations
from solver.routing.hybrid import solve_hybrid
from solver.routing.ortools_engine import solve_ortools
from solver.routing.over_full import OVER_FULL_ENGINES, solve_over_full
from solver.routing.problem import RoutingProblem, RoutingSolution
from solver.routing.pyvrp_engine import solve_pyvrp, unsupported_features
from solver.routing.relax import relaxed

ENGINES = ("auto", "ortools", "pyvrp", *(e for e in OVER_FULL_ENGINES if e != "ortools"))


class EngineError(RuntimeError):
    """No engine returned routes that keep every rule."""


def solve_problem(
    problem: RoutingProblem,
    limits: Limits,
    engine: str = "auto",
    initial: RoutingSolution | None = None,
) -> RoutingSolution:
    """Solve `problem` with the named engine; the routes keep every rule of the problem.

    `initial` routes (a re-plan's published routes) start the search; OR-Tools alone
    takes them, so "auto" then runs OR-Tools.

    Raises:
        ValueError: `engine` is not one of ENGINES.
        Unsupported: engine "pyvrp" on a problem with rules PyVRP cannot express.
        EngineError: the engine's answer breaks a rule (it is never returned).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown routing engine {engine!r} (known: {', '.join(ENGINES)})")
    if not problem.stops or not problem.vehicles:
        return _nothing_to_route(problem)
    if engine == "ortools" or (engine == "auto" and initial is not None):
        solution = _solve_ortools(problem, limits, initial)
    elif engine == "pyvrp":
        solution = _solve_pyvrp(problem, limits)
    elif engine in OVER_FULL_ENGINES:
        solution = solve_over_full(problem, limits, engine)
    else:
        solution = _solve_auto(problem, limits)
    if solution.status in ("infeasible", "unknown") and not any(solution.routes):
        return solution  # nothing planned, so nothing to check; the caller reports why
    broken = route_violations(problem, solution)
    if broken:
        raise EngineError(f"{solution.engine} returned routes that break rules: {broken[:5]}")
    return solution


def _nothing_to_route(problem: RoutingProblem) -> RoutingSolution:
    """No stops or no vehicles: every stop dropped, infeasible if one was required."""
    dropped = list(range(len(problem.stops)))
    routes: list[list[int]] = [[] for _ in problem.vehicles]
    required = any(stop.required for stop in problem.stops)
    objective = objective_value(problem, routes, dropped)
    return RoutingSolution(routes, [[] for _ in routes], "none", objective, 0.0, dropped,
                           "infeasible" if required else "feasible")  # fmt: skip


def _solve_ortools(
    problem: RoutingProblem, limits: Limits, initial: RoutingSolution | None = None
) -> RoutingSolution:
    return solve_ortools(problem, limits, initial)


def _solve_pyvrp(problem: RoutingProblem, limits: Limits) -> RoutingSolution:
    solution = solve_pyvrp(problem, limits)
    if solution.status != "feasible":
        raise EngineError(
            f"PyVRP found no routes that serve every required stop within "
            f"{limits.time_limit_s:g} s; try engine 'ortools', which can drop some"
        )
    return solution


def _solve_auto(problem: RoutingProblem, limits: Limits) -> RoutingSolution:
    """PyVRP when it can express every rule of the problem; the household path
    (`hybrid.py`: PyVRP on the relaxed problem, then repair and polish) when it can
    express all but lunch breaks, driving limits and costs on working time; else OR-Tools.

    A PyVRP search that finds nothing feasible by GIVE_UP_SHARE of the time hands the
    rest to OR-Tools, which can drop required stops when they cannot all be served.
    """
    if unsupported_features(problem):
        if unsupported_features(relaxed(problem)):
            return _solve_ortools(problem, limits)
        return solve_hybrid(problem, limits)
    started = time.perf_counter()
    first = solve_pyvrp(problem, limits, give_up_s=GIVE_UP_SHARE * limits.time_limit_s)
    if first.status == "feasible":
        return first
    rest = max(limits.time_limit_s - (time.perf_counter() - started), 1.0)
    second = _solve_ortools(problem, limits.with_time(rest))
    second.wall_s = time.perf_counter() - started
    return second
