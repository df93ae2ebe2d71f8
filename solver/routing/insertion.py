"""Could a dropped stop still join a solved route? The check behind its reason.

The final plan's routes are replayed with the stop tried at every position, with the
same timing rules the engines' answers are checked by (`evaluate.earliest_starts`):
visits start as early as their windows allow, lunch is placed in a gap, the vehicle is
back by its shift end and keeps its driving limit.
"""

from __future__ import annotations

from solver.routing.evaluate import earliest_starts, route_drive
from solver.routing.problem import RoutingProblem

FITS = "fits"
DRIVE = "drive"
HOURS = "hours"


def insertion_issue(problem: RoutingProblem, vehicle: int, route: list[int], stop: int) -> str:
    """FITS if `stop` fits somewhere in the route; else DRIVE when only the driving
    limit stands in the way, HOURS otherwise (windows, shift end)."""
    drive_only = False
    for position in range(len(route) + 1):
        issue = _replay(problem, vehicle, [*route[:position], stop, *route[position:]])
        if issue == FITS:
            return FITS
        drive_only = drive_only or issue == DRIVE
    return DRIVE if drive_only else HOURS


def _replay(problem: RoutingProblem, vehicle: int, route: list[int]) -> str:
    if earliest_starts(problem, vehicle, route, keep_drive_limit=False) is None:
        return HOURS
    limit = problem.vehicles[vehicle].max_drive
    if limit is not None and route_drive(problem, vehicle, route) > limit:
        return DRIVE
    return FITS
