"""The problem as PyVRP can express it, and routes repaired back to the full problem.

`relaxed` drops what PyVRP cannot keep (lunch breaks, driving limits, costs on working
time) and makes every stop optional with a prize, so that an over-full problem still
gets routes. `repair` takes stops out of each route that breaks a rule of the full
problem until it keeps them all, then puts the stops left out back where they fit.
The household path (`hybrid.py`) and the over-full engines (`over_full.py`) share both.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np

from solver.routing.evaluate import earliest_starts, objective_value, route_cost
from solver.routing.problem import RoutingProblem, RoutingSolution, Stop, Vehicle

PRIZE_CEILING = 20_000
"""The largest prize in the relaxed problem, in its distance units (see `_unit`)."""
REQUIRED_PRIZE_FACTOR = 10
"""A required stop's prize in the relaxed problem, in top optional prizes."""


def relaxed(problem: RoutingProblem) -> RoutingProblem:
    """The problem as PyVRP can express it: no time costs, every stop optional with the
    prizes of `_prizes`, each vehicle's lunch and driving limit replaced by what PyVRP
    can keep (`_stand_in`), and distances (prizes, limits) in units of `_unit`."""
    per_tick = _distance_per_tick(problem)
    stops = _prizes(problem)
    unit = _unit(stops)
    vehicles = [_stand_in(v, per_tick) for v in problem.vehicles]
    return dataclasses.replace(
        problem,
        stops=[dataclasses.replace(s, penalty=s.penalty // unit) for s in stops],
        vehicles=[
            dataclasses.replace(
                v, max_distance=None if v.max_distance is None else v.max_distance // unit
            )
            for v in vehicles
        ],
        distance=np.rint(problem.distance / unit).astype(np.int64),
        span_cost=0,
        global_span_cost=0,
        finish_cost=0,
    )


def _prizes(problem: RoutingProblem) -> list[Stop]:
    """The stops, all optional, with prizes in the ratios of their priorities.

    The optional prizes are scaled, in their priority ratios, until the lowest is one
    longest detour (two longest arcs): still worth any detour. A required stop's prize
    is REQUIRED_PRIZE_FACTOR times the top one. Required stops are not made required
    in PyVRP: a problem with more than the teams can do would leave it with nothing
    feasible.
    """
    detour = 2 * int(problem.distance.max(initial=0)) + 1
    optional = [s.penalty for s in problem.stops if not s.required and s.penalty > 0]
    scale = min(1.0, detour / min(optional)) if optional else 1.0
    top = max([round(scale * p) for p in optional] + [detour])
    return [
        dataclasses.replace(
            stop,
            required=False,
            penalty=REQUIRED_PRIZE_FACTOR * top if stop.required else round(scale * stop.penalty),
        )
        for stop in problem.stops
    ]


def _unit(stops: list[Stop]) -> int:
    """The distance unit that brings every prize down to PRIZE_CEILING.

    PyVRP's penalty on late arrivals grows to at most 100,000 per tick late; a prize
    far above that (a household's prize is hundreds of kilometres in metres) made
    serving everyone late its best answer, with no feasible routes at all."""
    top = max((s.penalty for s in stops), default=0)
    return max(1, -(-top // PRIZE_CEILING))


def _stand_in(vehicle: Vehicle, per_tick: float) -> Vehicle:
    """The vehicle without lunch, and with its driving limit as a distance limit at the
    problem's typical speed. Neither is exact, so the routes are repaired afterwards.

    Measured on 150 households: a distance limit 5 % tighter left far required
    households out, and so did ending each shift a lunch earlier (2 of 81 against 0).
    """
    max_distance = vehicle.max_distance
    if vehicle.max_drive is not None and per_tick > 0:
        by_drive = int(per_tick * vehicle.max_drive)
        max_distance = by_drive if max_distance is None else min(max_distance, by_drive)
    return dataclasses.replace(vehicle, lunch=None, max_drive=None, max_distance=max_distance)


def _distance_per_tick(problem: RoutingProblem) -> float:
    """Distance over travel time, summed over every arc: the problem's typical speed."""
    ticks = int(problem.duration.sum())
    return int(problem.distance.sum()) / ticks if ticks else 0.0


def repair(
    problem: RoutingProblem,
    routes: list[list[int]],
    deadline: float = float("inf"),
    engine: str = "pyvrp",
) -> RoutingSolution:
    """The routes with stops taken out until each keeps every rule of `problem`, then
    the stops left out put back where they fit (`reinsert`) until `deadline`; the
    answer names `engine`, whose routes these were."""
    kept = [_repaired_route(problem, v, list(route)) for v, route in enumerate(routes)]
    reinsert(problem, kept, deadline)
    starts = [earliest_starts(problem, v, route) or [] for v, route in enumerate(kept)]
    served = {s for route in kept for s in route}
    dropped = [s for s in range(len(problem.stops)) if s not in served]
    objective = objective_value(problem, kept, dropped)
    return RoutingSolution(kept, starts, engine, objective, 0.0, dropped)


def reinsert(problem: RoutingProblem, routes: list[list[int]], deadline: float) -> None:
    """Put each stop no route serves at its cheapest place that keeps every rule, in
    place: required stops first, then by penalty. A required stop that fits nowhere
    takes the place of optional stops (`_place_by_ejection`); those wait their turn."""
    served = {s for route in routes for s in route}
    waiting = [s for s in range(len(problem.stops)) if s not in served]
    waiting.sort(key=lambda s: (not problem.stops[s].required, -problem.stops[s].penalty))
    while waiting and time.perf_counter() <= deadline:
        s = waiting.pop(0)
        place = _cheapest_place(problem, routes, s)
        if place is None and problem.stops[s].required:
            place = _place_by_ejection(problem, routes, s)
        if place is not None:
            v, route = place
            waiting += [x for x in routes[v] if x not in route]
            routes[v] = route


def _allowed(problem: RoutingProblem, s: int) -> list[int]:
    return sorted(problem.stops[s].vehicles) or list(range(len(problem.vehicles)))


def _cheapest_place(
    problem: RoutingProblem, routes: list[list[int]], s: int
) -> tuple[int, list[int]] | None:
    """The vehicle and route with `s` inserted where it adds least distance, if it fits."""
    fitting = []
    for v in _allowed(problem, s):
        added, route = _insertion(problem, v, routes[v], s)
        if route:
            fitting.append((added, v, route))
    if not fitting:
        return None
    _, v, route = min(fitting)
    return v, route


def _insertion(problem: RoutingProblem, v: int, route: list[int], s: int) -> tuple[int, list[int]]:
    """The least added distance of `s` in vehicle v's route, and the route; empty if no
    position keeps the rules."""
    cost = route_cost(problem, v, route)
    options = []
    for k in range(len(route) + 1):
        option = [*route[:k], s, *route[k:]]
        options.append((route_cost(problem, v, option) - cost, option))
    for added, option in sorted(options):
        if earliest_starts(problem, v, option) is not None:
            return added, option
    return 0, []


def _place_by_ejection(
    problem: RoutingProblem, routes: list[list[int]], s: int
) -> tuple[int, list[int]] | None:
    """A route holding the required stop `s` at the least cost in optional stops.

    For each allowed vehicle, `s` joins the route's required stops alone, and then its
    optional stops come back, the highest penalty first, where they still fit.
    """
    best: tuple[int, int, int, list[int]] | None = None
    for v in _allowed(problem, s):
        _, route = _insertion(problem, v, [x for x in routes[v] if problem.stops[x].required], s)
        if not route:
            continue
        optional = [x for x in routes[v] if not problem.stops[x].required]
        for o in sorted(optional, key=lambda x: -problem.stops[x].penalty):
            _, longer = _insertion(problem, v, route, o)
            route = longer or route
        lost = sum(problem.stops[o].penalty for o in optional if o not in route)
        option = (lost, route_cost(problem, v, route), v, route)
        if best is None or option[:2] < best[:2]:
            best = option
    return None if best is None else (best[2], best[3])


def _repaired_route(problem: RoutingProblem, vehicle: int, route: list[int]) -> list[int]:
    """Take out one stop at a time, the cheapest to lose, until the route keeps the rules.

    A removal that makes the route keep every rule beats one that does not; then the
    lower drop penalty (required stops last); then the larger saving in distance.
    """
    while route and earliest_starts(problem, vehicle, route) is None:
        options = []
        for k, s in enumerate(route):
            rest = route[:k] + route[k + 1 :]
            fixed = earliest_starts(problem, vehicle, rest) is not None
            stop = problem.stops[s]
            loss = (stop.required, stop.penalty)
            options.append((not fixed, loss, route_cost(problem, vehicle, rest), k))
        route.pop(min(options)[3])
    return route


def better(
    problem: RoutingProblem, first: RoutingSolution, second: RoutingSolution
) -> RoutingSolution:
    """The answer with fewer required stops dropped, then the lower distance plus drop
    penalties (costs on working time left aside); the second on a tie."""

    def score(solution: RoutingSolution) -> tuple[int, int]:
        required = sum(problem.stops[s].required for s in solution.dropped)
        return required, objective_value(problem, solution.routes, solution.dropped)

    return first if score(first) < score(second) else second
