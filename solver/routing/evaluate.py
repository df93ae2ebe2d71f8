"""The arithmetic of a route: its distance, its drive, its earliest timing, and the
rule check that every engine's answer passes.

Engines (`ortools_engine.py`, `pyvrp_engine.py`) and the reasons for dropped stops
(`insertion.py`) share these functions, so that a route is timed and judged one way.
"""

from __future__ import annotations

from itertools import pairwise

from planner.model.words import N_
from planner.model.words import gettext as _
from solver.routing.problem import RoutingProblem, RoutingSolution, Vehicle


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


def in_words(problem: RoutingProblem, routes: list[list[int]], what: str = N_("households")) -> str:
    """`visited 1,450 of 2,000 households · 288 h driving` (`, 3 required left out`): a
    plan as the progress lines say it. Home visits count their stops as households and
    their time in minutes (the only routing that reports progress)."""
    visited = {s for route in routes for s in route}
    missed = sum(stop.required for s, stop in enumerate(problem.stops) if s not in visited)
    minutes = sum(route_drive(problem, v, r) for v, r in enumerate(routes) if r)
    line = _(
        "visited {visited:,} of {count:,} {what} · {hours:,.0f} h driving",
        visited=len(visited),
        count=len(problem.stops),
        what=_(what),
        hours=minutes / 60,
    )
    if missed:
        return _("{line}, {missed:,} required left out", line=line, missed=missed)
    return line


def earliest_starts(
    problem: RoutingProblem, vehicle: int, route: list[int], *, keep_drive_limit: bool = True
) -> list[int] | None:
    """Service starts of a route that keeps every timing rule; None if none does.

    The vehicle leaves at its shift start and starts each service as early as its
    windows allow, which is optimal: a later start never reaches a later stop sooner.
    The lunch break, if any, is tried in each gap between visits (it may interrupt a
    drive, never a visit); the route must also be back by the shift end, keep its
    distance limit and, unless `keep_drive_limit` is off, its driving limit.
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
