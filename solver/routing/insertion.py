"""Could a dropped stop still join a solved route? The check behind its reason.

The final plan's routes are replayed with the stop tried at every position, with the
same timing rules the engines' answers are checked by (`evaluate.earliest_starts`):
visits start as early as their windows allow, lunch is placed in a gap, the vehicle is
back by its shift end and keeps its driving limit. Positions where the hours cannot
suffice even without waiting are not replayed (`open_positions`), which is what keeps
the reasons quick on thousands of households.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from solver.routing.evaluate import earliest_starts, route_drive
from solver.routing.problem import RoutingProblem

FITS = "fits"
DRIVE = "drive"
HOURS = "hours"


def insertion_issue(problem: RoutingProblem, vehicle: int, route: list[int], stop: int) -> str:
    """FITS if `stop` fits somewhere in the route; else DRIVE when only the driving
    limit stands in the way, HOURS otherwise (windows, shift end)."""
    drive_only = False
    for position in open_positions(problem, vehicle, route, stop):
        issue = _replay(problem, vehicle, [*route[:position], stop, *route[position:]])
        if issue == FITS:
            return FITS
        drive_only = drive_only or issue == DRIVE
    return DRIVE if drive_only else HOURS


def open_positions(problem: RoutingProblem, vehicle: int, route: list[int], stop: int) -> list[int]:
    """The positions in the route where `stop` could go as far as the hours go.

    A route takes at least its services, its lunch and its legs, one after another, so a
    position whose detour leaves that sum longer than the shift cannot fit; the others
    may (windows and waiting are for the replay to say).
    """
    nodes = _nodes(problem, vehicle, route)
    d = problem.duration
    room = _spare(problem, vehicle, route, nodes) - problem.stops[stop].service
    node = problem.node(stop)
    return [
        p
        for p, (a, b) in enumerate(pairwise(nodes))
        if int(d[a, node]) + int(d[node, b]) - int(d[a, b]) <= room
    ]


class OpenRoutes:
    """Which routes have a position open to a stop: `open_positions` asked of every route
    at once (one array of all the routes' legs), for trying thousands of dropped stops
    against a thousand team-days. `update` a route after changing it."""

    def __init__(self, problem: RoutingProblem, routes: list[list[int]]) -> None:
        self.problem = problem
        self._legs = [self._route_legs(v, route) for v, route in enumerate(routes)]
        self._join()

    def update(self, vehicle: int, route: list[int]) -> None:
        self._legs[vehicle] = self._route_legs(vehicle, route)
        self._join()

    def vehicles(self, stop: int) -> set[int]:
        """The vehicles whose routes have at least one open position for `stop`."""
        d, node = self.problem.duration, self.problem.node(stop)
        detour = d[self._from, node] + d[node, self._to] - self._direct
        room = self._spare - self.problem.stops[stop].service
        return set(np.unique(self._vehicle[detour <= room]).tolist())

    def _route_legs(self, vehicle: int, route: list[int]) -> tuple[list[int], int]:
        nodes = _nodes(self.problem, vehicle, route)
        return nodes, _spare(self.problem, vehicle, route, nodes)

    def _join(self) -> None:
        self._from = np.array([n for nodes, _ in self._legs for n in nodes[:-1]], dtype=np.int64)
        self._to = np.array([n for nodes, _ in self._legs for n in nodes[1:]], dtype=np.int64)
        self._direct = self.problem.duration[self._from, self._to]
        counts = [len(nodes) - 1 for nodes, _ in self._legs]
        self._vehicle = np.repeat(np.arange(len(self._legs)), counts)
        self._spare = np.repeat(np.array([spare for _, spare in self._legs]), counts)


def _nodes(problem: RoutingProblem, vehicle: int, route: list[int]) -> list[int]:
    v = problem.vehicles[vehicle]
    return [v.start_depot, *(problem.node(s) for s in route), v.end_depot]


def _spare(problem: RoutingProblem, vehicle: int, route: list[int], nodes: list[int]) -> int:
    """The shift's minutes left after the route's services, legs (between `nodes`, the
    route's with its depots) and lunch, end to end."""
    v = problem.vehicles[vehicle]
    d = problem.duration
    busy = sum(problem.stops[s].service for s in route)
    busy += sum(int(d[a, b]) for a, b in pairwise(nodes))
    busy += v.lunch.duration if v.lunch is not None else 0
    return v.shift.end - v.shift.start - busy


def _replay(problem: RoutingProblem, vehicle: int, route: list[int]) -> str:
    if earliest_starts(problem, vehicle, route, keep_drive_limit=False) is None:
        return HOURS
    limit = problem.vehicles[vehicle].max_drive
    if limit is not None and route_drive(problem, vehicle, route) > limit:
        return DRIVE
    return FITS
