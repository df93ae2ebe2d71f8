"""The last steps of a decomposed solve: required stops swapped in, dropped stops inserted.

A required stop that the parts left out takes the place of an optional stop on any
route where it fits (`swap_in_required`), or else of the optional stops of the route
that loses least by it (`clear_way_for_required`): a required household comes before
any number of optional ones. Then every dropped stop goes into a route where it still
fits (`insert_dropped`), required first, then by drop penalty. Each goes
where it adds the least distance among the positions where the exact timing check
passes (`evaluate.earliest_starts`: windows, lunch, shift end, driving limit).
"""

from __future__ import annotations

from solver.routing.evaluate import earliest_starts, route_cost
from solver.routing.insertion import OpenRoutes, open_positions
from solver.routing.problem import RoutingProblem


def insert_dropped(
    problem: RoutingProblem, routes: list[list[int]], starts: list[list[int]]
) -> list[int]:
    """Insert the stops no route serves where they fit; return the stops inserted.

    `routes` and `starts` (one list per vehicle) are updated in place.
    """
    served = {s for route in routes for s in route}
    dropped = [s for s in range(len(problem.stops)) if s not in served]
    dropped.sort(key=lambda s: (not problem.stops[s].required, -problem.stops[s].penalty, s))
    inserted = []
    open_routes = OpenRoutes(problem, routes)
    for stop in dropped:
        best = _cheapest(problem, routes, stop, open_routes.vehicles(stop))
        if best is None:
            continue
        v, route, times = best
        routes[v], starts[v] = route, times
        open_routes.update(v, route)
        inserted.append(stop)
    return inserted


def _cheapest(
    problem: RoutingProblem, routes: list[list[int]], stop: int, open_to: set[int]
) -> tuple[int, list[int], list[int]] | None:
    """The vehicle, route and starts that take `stop` for the least added distance, among
    the vehicles `open_to` it (the others have no open position)."""
    best: tuple[int, int, list[int], list[int]] | None = None
    for v in (v for v in _allowed(problem, stop) if v in open_to):
        found = cheapest_insertion(problem, v, routes[v], stop)
        if found is not None and (best is None or found[0] < best[0]):
            best = (found[0], v, found[1], found[2])
    return None if best is None else best[1:]


def cheapest_insertion(
    problem: RoutingProblem, v: int, route: list[int], stop: int
) -> tuple[int, list[int], list[int]] | None:
    """The added distance, route and starts of the best place for `stop` in the route."""
    before = route_cost(problem, v, route)
    best: tuple[int, list[int], list[int]] | None = None
    for position in open_positions(problem, v, route, stop):
        trial = [*route[:position], stop, *route[position:]]
        added = route_cost(problem, v, trial) - before
        if best is not None and added >= best[0]:
            continue
        times = earliest_starts(problem, v, trial)
        if times is not None:
            best = (added, trial, times)
    return best


def _allowed(problem: RoutingProblem, stop: int) -> list[int]:
    return sorted(problem.stops[stop].vehicles or range(len(problem.vehicles)))


def swap_in_required(
    problem: RoutingProblem, routes: list[list[int]], starts: list[list[int]]
) -> list[int]:
    """Each required stop still dropped takes the place of one optional stop where it fits.

    The optional stop given up is the one of least penalty, then the swap that adds the
    least distance. Returns the optional stops taken off (now dropped).
    """
    served = {s for route in routes for s in route}
    taken_off = []
    for stop in range(len(problem.stops)):
        if stop in served or not problem.stops[stop].required:
            continue
        best = _cheapest_swap(problem, routes, stop)
        if best is None:
            continue
        v, route, times, removed = best
        routes[v], starts[v] = route, times
        taken_off.append(removed)
    return taken_off


def _cheapest_swap(
    problem: RoutingProblem, routes: list[list[int]], stop: int
) -> tuple[int, list[int], list[int], int] | None:
    """The vehicle, route, starts and removed optional stop of the best swap, if any."""
    best: tuple[tuple[int, int], int, list[int], list[int], int] | None = None
    for v in _allowed(problem, stop):
        route = routes[v]
        before = route_cost(problem, v, route)
        for k, removed in enumerate(route):
            if problem.stops[removed].required:
                continue
            shorter = [*route[:k], *route[k + 1 :]]
            for position in open_positions(problem, v, shorter, stop):
                trial = [*shorter[:position], stop, *shorter[position:]]
                key = (problem.stops[removed].penalty, route_cost(problem, v, trial) - before)
                if best is not None and key >= best[0]:
                    continue
                times = earliest_starts(problem, v, trial)
                if times is not None:
                    best = (key, v, trial, times, removed)
    return None if best is None else best[1:]


def clear_way_for_required(
    problem: RoutingProblem, routes: list[list[int]], starts: list[list[int]]
) -> list[int]:
    """Each required stop still dropped goes on the route that loses least for it.

    A route keeps its required stops, takes the new one, and takes back what it can of
    its optional stops (highest penalty first); the route whose optional stops left out
    cost the least penalty wins. Returns the optional stops left out (now dropped).
    """
    served = {s for route in routes for s in route}
    left_out: list[int] = []
    for stop in range(len(problem.stops)):
        if stop in served or not problem.stops[stop].required:
            continue
        best: tuple[int, int, list[int], list[int], list[int]] | None = None
        for v in _allowed(problem, stop):
            found = _rebuilt(problem, v, routes[v], stop, None if best is None else best[0])
            if found is not None:
                best = (found[0], v, *found[1:])
        if best is not None:
            _, v, routes[v], starts[v], lost = best
            left_out += lost
    return left_out


def _rebuilt(
    problem: RoutingProblem, v: int, route: list[int], stop: int, to_beat: int | None
) -> tuple[int, list[int], list[int], list[int]] | None:
    """The route's required stops with `stop`, then its optional stops where they fit:
    the penalty lost, the route, its starts and the stops left out; None if `stop` does
    not fit or the loss is no better than `to_beat`."""
    optional = [s for s in route if not problem.stops[s].required]
    kept = [s for s in route if problem.stops[s].required]
    found = cheapest_insertion(problem, v, kept, stop) if optional else None
    if found is None:
        return None
    _, new_route, times = found
    lost, left_out = 0, []
    for other in sorted(optional, key=lambda s: -problem.stops[s].penalty):
        back = cheapest_insertion(problem, v, new_route, other)
        if back is None:
            lost += problem.stops[other].penalty
            left_out.append(other)
            if to_beat is not None and lost >= to_beat:
                return None
        else:
            _, new_route, times = back
    return lost, new_route, times, left_out
