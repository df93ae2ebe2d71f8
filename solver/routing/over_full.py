"""Engines for over-full problems: more stops than the vehicles have hours for.

Each takes the whole problem (lunch breaks, driving limits, allowed vehicles, windows)
and returns routes that keep every rule; what differs is the search:

- "ortools": OR-Tools' own search (required stops routed first, then guided local
  search). It stops improving long before its limit on 500 households.
- "vroom": VROOM (`vroom_engine.py`), which keeps lunch breaks and driving limits
  itself; its routes are repaired (`relax.repair`) where they break a rule, the stops
  left out are put back where they still fit, and then heavier stops (priority) take
  the place of lighter ones where that drives no further (`swap_up`).
- "vroom+ortools": VROOM for up to VROOM_SHARE of the time, repaired, then OR-Tools
  from those routes for the rest.
- "pyvrp-prizes": PyVRP with prizes on the relaxed copy (`relax.relaxed`: no lunch,
  the driving limit as a distance), then a repair that makes room for the lunches.

`OVER_FULL_DEFAULT` is the one the household path (`hybrid.py`) uses; the figures
behind the choice are in docs/benchmarks.md (Home-visit routing, over-full days).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from solver.limits import Limits
from solver.routing.evaluate import route_cost
from solver.routing.ortools_engine import solve_ortools
from solver.routing.problem import RoutingProblem, RoutingSolution
from solver.routing.pyvrp_engine import solve_pyvrp
from solver.routing.relax import better, relaxed, repair
from solver.routing.repair import cheapest_insertion
from solver.routing.vroom_engine import solve_vroom

VROOM_SHARE = 0.5
"""Share of the time VROOM may take before OR-Tools polishes its routes ("vroom+ortools")."""
REPAIR_SHARE = 0.1
"""Share of the time kept for putting left-out stops back after a search."""
MIN_POLISH_S = 0.2
"""Below this much time left, the repaired routes are returned as they are."""

Engine = Callable[[RoutingProblem, Limits, "RoutingSolution | None"], RoutingSolution]


def solve_over_full(
    problem: RoutingProblem,
    limits: Limits,
    engine: str,
    first: RoutingSolution | None = None,
) -> RoutingSolution:
    """Routes for an over-full `problem` that keep every rule, by the named engine.

    Args:
        problem: the full problem.
        limits: the time limit covers every phase.
        engine: one of OVER_FULL_ENGINES.
        first: PyVRP's routes of the relaxed problem, when the caller has them
            (the household path's probe); a fallback, and where "pyvrp-prizes" starts.

    Raises:
        ValueError: `engine` is not one of OVER_FULL_ENGINES.
    """
    if engine not in OVER_FULL_ENGINES:
        known = ", ".join(OVER_FULL_ENGINES)
        raise ValueError(f"unknown over-full engine {engine!r} (known: {known})")
    started = time.perf_counter()
    solution = OVER_FULL_ENGINES[engine](problem, limits, first)
    solution.wall_s = time.perf_counter() - started
    return solution


def beyond_hours(problem: RoutingProblem) -> bool:
    """Whether the required stops' visits alone take longer than every vehicle's shift,
    lunch taken out: over-full before any driving (500 households for 5 teams over 3
    days: 201 hours of required visits against 139 team hours)."""
    required = sum(stop.service for stop in problem.stops if stop.required)
    hours = sum(
        v.shift.end - v.shift.start - (v.lunch.duration if v.lunch is not None else 0)
        for v in problem.vehicles
    )
    return required > hours


def _ortools(
    problem: RoutingProblem, limits: Limits, first: RoutingSolution | None
) -> RoutingSolution:
    """OR-Tools' own search, from no routes: from PyVRP's routes it dropped more required
    households (93 against 91 of 258 on 500 households at 110 s)."""
    started = time.perf_counter()
    fallback = repair(problem, first.routes, deadline=started) if first else None
    cold = solve_ortools(problem, limits)
    if fallback is None:
        return cold
    return better(problem, fallback, cold) if cold.status == "feasible" else fallback


def _vroom(
    problem: RoutingProblem, limits: Limits, first: RoutingSolution | None
) -> RoutingSolution:
    """VROOM for the time but REPAIR_SHARE, then its routes repaired, then heavier stops
    swapped in where they drive no further (`swap_up`)."""
    started = time.perf_counter()
    found = solve_vroom(problem, limits.with_time((1 - REPAIR_SHARE) * limits.time_limit_s))
    deadline = started + limits.time_limit_s
    repaired = repair(problem, found.routes, deadline, engine="vroom")
    if swap_up(problem, repaired.routes, deadline):
        return repair(problem, repaired.routes, deadline, engine="vroom")
    return repaired


def swap_up(problem: RoutingProblem, routes: list[list[int]], deadline: float) -> int:
    """Each stop left out takes the place of a served stop of lower rank (`_rank`: the
    required tier, then `Stop.weight`, then `Stop.penalty`) where the route still keeps
    every rule and drives no further; in place, until `deadline`. Returns the swaps made.

    A swap keeps the number of visits and never adds distance, so the visits' worth goes
    up at no more driving per visit. Of the swaps a stop has, the one giving up the
    lowest rank wins, then the one that saves most distance.
    """
    served = {s for route in routes for s in route}
    waiting = sorted(
        (s for s in range(len(problem.stops)) if s not in served),
        key=lambda s: _rank(problem, s),
        reverse=True,
    )
    swaps = 0
    while waiting and time.perf_counter() <= deadline:
        s = waiting.pop(0)
        found = _best_swap(problem, routes, s)
        if found is None:
            continue
        v, route, removed = found
        routes[v] = route
        swaps += 1
        waiting.append(removed)
        waiting.sort(key=lambda x: _rank(problem, x), reverse=True)
    return swaps


def _best_swap(
    problem: RoutingProblem, routes: list[list[int]], s: int
) -> tuple[int, list[int], int] | None:
    """The vehicle, route and stop given up of the best swap that brings `s` in, if any."""
    best: tuple[tuple[tuple[int, int, int], int], int, list[int], int] | None = None
    for v in sorted(problem.stops[s].vehicles or range(len(problem.vehicles))):
        route = routes[v]
        before = route_cost(problem, v, route)
        for k, removed in enumerate(route):
            if _rank(problem, removed) >= _rank(problem, s):
                continue
            found = cheapest_insertion(problem, v, [*route[:k], *route[k + 1 :]], s)
            if found is None:
                continue
            _, trial, _ = found
            key = (_rank(problem, removed), route_cost(problem, v, trial) - before)
            if key[1] <= 0 and (best is None or key < best[0]):
                best = (key, v, trial, removed)
    return None if best is None else best[1:]


def _rank(problem: RoutingProblem, s: int) -> tuple[int, int, int]:
    stop = problem.stops[s]
    return int(stop.required), stop.weight, stop.penalty


def _vroom_ortools(
    problem: RoutingProblem, limits: Limits, first: RoutingSolution | None
) -> RoutingSolution:
    """VROOM for up to VROOM_SHARE of the time, repaired, then OR-Tools from its routes."""
    started = time.perf_counter()
    found = solve_vroom(problem, limits.with_time(VROOM_SHARE * limits.time_limit_s))
    deadline = started + (VROOM_SHARE + REPAIR_SHARE) * limits.time_limit_s
    repaired = repair(problem, found.routes, deadline, engine="vroom")
    rest = limits.time_limit_s - (time.perf_counter() - started)
    if rest < MIN_POLISH_S or limits.stop.is_set():
        return repaired
    polished = solve_ortools(problem, limits.with_time(rest), initial=repaired)
    polished.engine = "vroom+ortools"
    return better(problem, repaired, polished) if polished.status == "feasible" else repaired


def _pyvrp_prizes(
    problem: RoutingProblem, limits: Limits, first: RoutingSolution | None
) -> RoutingSolution:
    """PyVRP with prizes on the relaxed copy (from `first` if given), then repaired."""
    started = time.perf_counter()
    search_s = (1 - REPAIR_SHARE) * limits.time_limit_s
    found = solve_pyvrp(relaxed(problem), limits.with_time(search_s), initial=first)
    return repair(problem, found.routes, started + limits.time_limit_s, engine="pyvrp")


OVER_FULL_ENGINES: dict[str, Engine] = {
    "ortools": _ortools,
    "vroom": _vroom,
    "vroom+ortools": _vroom_ortools,
    "pyvrp-prizes": _pyvrp_prizes,
}
"""The over-full engines by name, in the order they were tried."""
OVER_FULL_DEFAULT = "vroom"
