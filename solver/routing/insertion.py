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
    v = problem.vehicles[vehicle]
    d = problem.duration
    nodes = [v.start_depot, *(problem.node(s) for s in route), v.end_depot]
    busy = sum(problem.stops[s].service for s in route) + problem.stops[stop].service
    busy += sum(int(d[a, b]) for a, b in pairwise(nodes))
    busy += v.lunch.duration if v.lunch is not None else 0
    room = v.shift.end - v.shift.start - busy
    node = problem.node(stop)
    return [
        p
        for p, (a, b) in enumerate(pairwise(nodes))
        if int(d[a, node]) + int(d[node, b]) - int(d[a, b]) <= room
    ]


def _replay(problem: RoutingProblem, vehicle: int, route: list[int]) -> str:
    if earliest_starts(problem, vehicle, route, keep_drive_limit=False) is None:
        return HOURS
    limit = problem.vehicles[vehicle].max_drive
    if limit is not None and route_drive(problem, vehicle, route) > limit:
        return DRIVE
    return FITS
