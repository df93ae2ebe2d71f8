"""Could a dropped stop still join a solved route? The check behind its reason.

The final plan's routes are replayed with the stop tried at every position: visits
start as early as their windows allow, the vehicle must be back by its shift end with
its lunch duration to spare, and must keep its driving limit. Lunch is counted as time
only, not placed, so "fits" is a close estimate, not a proof.
"""

from __future__ import annotations

from solver.routing.problem import RoutingProblem, Window

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
    v = problem.vehicles[vehicle]
    clock, here, driven = v.shift.start, v.start_depot, 0
    for s in route:
        stop, node = problem.stops[s], problem.node(s)
        leg = int(problem.duration[here, node])
        start = _earliest(clock + leg, stop.windows or (v.shift,), stop.service, v.shift)
        if start is None:
            return HOURS
        clock, here, driven = start + stop.service, node, driven + leg
    back = int(problem.duration[here, v.end_depot])
    lunch = v.lunch.duration if v.lunch is not None else 0
    if clock + back + lunch > v.shift.end:
        return HOURS
    if v.max_drive is not None and driven + back > v.max_drive:
        return DRIVE
    return FITS


def _earliest(arrive: int, windows: tuple[Window, ...], service: int, shift: Window) -> int | None:
    """The earliest start at or after `arrive` in a window (service-start windows for
    stops; the shift itself, which holds the whole visit, when a stop has none)."""
    for w in sorted(windows, key=lambda w: w.start):
        latest = w.end - service if w is shift else w.end
        if max(arrive, w.start) <= latest:
            return max(arrive, w.start)
    return None
