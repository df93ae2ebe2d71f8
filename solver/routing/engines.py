"""One entry for every routing solve, and the rule check every answer passes.

`solve_problem(problem, limits, engine)` runs OR-Tools, PyVRP, or "auto": PyVRP when
it can express every rule of the problem (it is the stronger search: 0.2 % against
OR-Tools' 2.4 % mean gap on six Solomon instances at 10 s), else the household path of
`hybrid.py` (PyVRP without lunch and driving limits, then repair and OR-Tools). Whatever
engine answers, `route_violations` checks the routes against the problem before they
are returned.
"""

from __future__ import annotations

import time
from itertools import pairwise

from solver.limits import Limits
from solver.routing.problem import RoutingProblem, RoutingSolution, Vehicle

ENGINES = ("auto", "ortools", "pyvrp")
# Share after which "auto" stops a PyVRP search that has found nothing feasible yet
# and hands the rest of the time to OR-Tools.
GIVE_UP_SHARE = 0.5


class EngineError(RuntimeError):
    """No engine returned routes that keep every rule."""


def solve_problem(problem: RoutingProblem, limits: Limits, engine: str = "auto") -> RoutingSolution:
    """Solve `problem` with the named engine; the routes keep every rule of the problem.

    Raises:
        ValueError: `engine` is not one of ENGINES.
        Unsupported: engine "pyvrp" on a problem with rules PyVRP cannot express.
        EngineError: the engine's answer breaks a rule (it is never returned).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown routing engine {engine!r} (known: {', '.join(ENGINES)})")
    if not problem.stops or not problem.vehicles:
        return _nothing_to_route(problem)
    if engine == "ortools":
        solution = _solve_ortools(problem, limits)
    elif engine == "pyvrp":
        solution = _solve_pyvrp(problem, limits)
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
    status = "infeasible" if required else "feasible"
    objective = objective_value(problem, routes, dropped)
    return RoutingSolution(routes, [[] for _ in routes], "none", objective, 0.0, dropped, status)


def _solve_ortools(problem: RoutingProblem, limits: Limits) -> RoutingSolution:
    from solver.routing.ortools_engine import solve_ortools

    return solve_ortools(problem, limits)


def _solve_pyvrp(problem: RoutingProblem, limits: Limits) -> RoutingSolution:
    from solver.routing.pyvrp_engine import solve_pyvrp

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
    from solver.routing.hybrid import relaxed, solve_hybrid
    from solver.routing.pyvrp_engine import solve_pyvrp, unsupported_features

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


def route_cost(problem: RoutingProblem, vehicle: int, route: list[int]) -> int:
    """The distance a route drives, depot to depot; 0 for an unused vehicle."""
    if not route:
        return 0
    v = problem.vehicles[vehicle]
    nodes = [v.start_depot, *(problem.node(s) for s in route), v.end_depot]
    return sum(int(problem.distance[a, b]) for a, b in pairwise(nodes))


def objective_value(problem: RoutingProblem, routes: list[list[int]], dropped: list[int]) -> int:
    """Distance driven plus the penalties of the dropped stops."""
    driven = sum(route_cost(problem, v, r) for v, r in enumerate(routes))
    return driven + sum(problem.stops[s].penalty for s in dropped)


def route_drive(problem: RoutingProblem, vehicle: int, route: list[int]) -> int:
    """The minutes a route drives, depot to depot."""
    v = problem.vehicles[vehicle]
    nodes = [v.start_depot, *(problem.node(s) for s in route), v.end_depot]
    return sum(int(problem.duration[a, b]) for a, b in pairwise(nodes))


def earliest_starts(
    problem: RoutingProblem, vehicle: int, route: list[int], *, keep_drive_limit: bool = True
) -> list[int] | None:
    """Service starts of a route that keeps every timing rule; None if none does.

    The vehicle leaves at its shift start and starts each service as early as its
    windows allow, which is optimal: a later start never reaches a later stop sooner.
    The lunch break, if any, is tried in each gap between visits (it may interrupt a
    drive, never a visit); the route must also be back by the shift end and, unless
    `keep_drive_limit` is off, keep its driving limit; and keep its distance limit.
    """
    v = problem.vehicles[vehicle]
    limit = v.max_drive if keep_drive_limit else None
    if limit is not None and route_drive(problem, vehicle, route) > limit:
        return None
    if v.max_distance is not None and route_cost(problem, vehicle, route) > v.max_distance:
        return None
    if v.lunch is None or not route:
        return _timed(problem, v, route, None)
    return next(
        (t for gap in range(len(route) + 1) if (t := _timed(problem, v, route, gap)) is not None),
        None,
    )


def _timed(
    problem: RoutingProblem, v: Vehicle, route: list[int], lunch_gap: int | None
) -> list[int] | None:
    """Earliest starts with the lunch break taken before stop `lunch_gap` (len = at the end)."""
    clock, here, starts = v.shift.start, v.start_depot, list[int]()
    for k, node in enumerate([*(problem.node(s) for s in route), v.end_depot]):
        arrive = clock + int(problem.duration[here, node])
        if k == lunch_gap and v.lunch is not None:
            lunch_start = max(clock, v.lunch.earliest)
            if lunch_start > v.lunch.latest:
                return None
            arrive = max(arrive, lunch_start) + v.lunch.duration
        if k == len(route):
            return starts if arrive <= v.shift.end else None
        stop = problem.stops[route[k]]
        windows = stop.windows or (v.shift,)
        start = next((max(arrive, w.start) for w in windows if arrive <= w.end), None)
        if start is None:
            return None
        starts.append(start)
        clock, here = start + stop.service, node
    return None  # not reached: the loop returns at the end depot


def route_violations(problem: RoutingProblem, solution: RoutingSolution) -> list[str]:
    """Every rule of the problem that the solution breaks, in words; empty if none.

    Checks each stop served at most once and listed as dropped otherwise, allowed
    vehicles, capacity, distance limits, windows, travel times between service starts, shift ends,
    driving limits and room for the lunch break.
    """
    if len(solution.routes) != len(problem.vehicles) or len(solution.starts) != len(
        solution.routes
    ):
        return ["one route and one list of starts per vehicle expected"]
    found = _coverage(problem, solution)
    for v, (route, starts) in enumerate(zip(solution.routes, solution.starts, strict=True)):
        found += _route_rules(problem, v, route, starts)
    return found


def _coverage(problem: RoutingProblem, solution: RoutingSolution) -> list[str]:
    served = [s for route in solution.routes for s in route]
    found = [f"stop {problem.stops[s].id} served twice" for s in set(served) if served.count(s) > 1]
    missing = set(range(len(problem.stops))) - set(served)
    if missing != set(solution.dropped):
        found.append("the dropped stops are not exactly the stops no route serves")
    return found


def _route_rules(problem: RoutingProblem, v: int, route: list[int], starts: list[int]) -> list[str]:
    vehicle = problem.vehicles[v]
    if len(starts) != len(route):
        return [f"vehicle {vehicle.id}: one start per stop expected"]
    found = [
        f"stop {problem.stops[s].id} is not allowed on vehicle {vehicle.id}"
        for s in route
        if problem.stops[s].vehicles and v not in problem.stops[s].vehicles
    ]
    load = sum(problem.stops[s].demand for s in route)
    if vehicle.capacity is not None and load > vehicle.capacity:
        found.append(f"vehicle {vehicle.id} carries {load}, more than {vehicle.capacity}")
    distance = route_cost(problem, v, route)
    if vehicle.max_distance is not None and distance > vehicle.max_distance:
        found.append(f"vehicle {vehicle.id} drives {distance}, further than {vehicle.max_distance}")
    found += _timing(problem, vehicle, route, starts)
    return found


def _timing(
    problem: RoutingProblem, vehicle: Vehicle, route: list[int], starts: list[int]
) -> list[str]:
    found = []
    clock, here, drive = vehicle.shift.start, vehicle.start_depot, 0
    for s, start in zip(route, starts, strict=True):
        stop, node = problem.stops[s], problem.node(s)
        leg = int(problem.duration[here, node])
        drive += leg
        if start < clock + leg:
            found.append(f"stop {stop.id} starts at {start}, before it can be reached")
        windows = stop.windows or (vehicle.shift,)
        if not any(w.start <= start <= w.end for w in windows):
            found.append(f"stop {stop.id} starts at {start}, outside its windows")
        clock, here = start + stop.service, node
    leg = int(problem.duration[here, vehicle.end_depot]) if route else 0
    drive += leg
    if clock + leg > vehicle.shift.end:
        found.append(f"vehicle {vehicle.id} is back at {clock + leg}, after {vehicle.shift.end}")
    if vehicle.max_drive is not None and drive > vehicle.max_drive:
        found.append(f"vehicle {vehicle.id} drives {drive}, more than {vehicle.max_drive}")
    if vehicle.lunch is not None and route and not _lunch_fits(problem, vehicle, route, starts):
        found.append(f"vehicle {vehicle.id} has no free time for its lunch break")
    return found


def _lunch_fits(
    problem: RoutingProblem, vehicle: Vehicle, route: list[int], starts: list[int]
) -> bool:
    """Whether some gap between visits (or around them in the shift) holds the break."""
    lunch = vehicle.lunch
    assert lunch is not None
    ends = [start + problem.stops[s].service for s, start in zip(route, starts, strict=True)]
    gaps = zip([vehicle.shift.start, *ends], [*starts, vehicle.shift.end], strict=True)
    return any(
        max(low, lunch.earliest) <= min(high - lunch.duration, lunch.latest) for low, high in gaps
    )
