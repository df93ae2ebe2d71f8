"""A solved route as a team's day: departure, arrivals, visits, lunch and return.

Engines give the order of the stops and when each visit starts. The rest follows here:
the team leaves as late as still reaches the first visit on time, drives on as soon as a
visit ends, and takes lunch in the first gap of its window where it fits. Lunch is taken
at a stop (the base, a village before the visit, a household before driving on) when
the gap allows, and otherwise during the gap's drive.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from planner.model import Break, Route, RouteVisit, Scenario
from solver.routing.households import TeamDay, VisitProblem
from solver.routing.problem import BreakRule


@dataclass
class Day:
    """A route in minutes of the day, before it becomes a `Route`."""

    depart: int
    back: int
    arrive: list[int]
    start: list[int]
    end: list[int]
    lunch: tuple[int, int] | None = None
    legs: list[int] = field(default_factory=list)


def build_day(
    legs: list[int], starts: list[int], services: list[int], shift: tuple[int, int],
    lunch: BreakRule | None,
) -> Day:  # fmt: skip
    """Times of a route whose visits start at `starts`; `legs` has one more leg than visits."""
    ends = [s + d for s, d in zip(starts, services, strict=True)]
    day = Day(
        depart=starts[0] - legs[0],
        back=ends[-1] + legs[-1],
        arrive=[starts[0]] + [e + leg for e, leg in zip(ends, legs[1:-1], strict=False)],
        start=list(starts),
        end=ends,
        legs=legs,
    )
    if lunch is not None:
        _place_lunch(day, shift, lunch)
    return day


def _place_lunch(day: Day, shift: tuple[int, int], rule: BreakRule) -> None:
    """Put lunch in the first gap that holds it at a stop; failing that, on the road."""
    low, high, length = rule.earliest, rule.latest + rule.duration, rule.duration
    for k in range(len(day.start) + 1):
        at = _at_a_stop(day, k, shift, (low, high, length))
        if at is not None:
            day.lunch = (at, at + length)
            return
    gaps = [(day.depart, day.start[0])]
    gaps += [(day.end[k], day.start[k + 1]) for k in range(len(day.start) - 1)]
    gaps.append((day.end[-1], day.back))
    for begin, finish in gaps:
        at = max(begin, low)
        if at + length <= min(finish, high):
            day.lunch = (at, at + length)
            return


def _at_a_stop(day: Day, k: int, shift: tuple[int, int], rule: tuple[int, int, int]) -> int | None:
    """Lunch before visit k (k = number of visits: the drive home) at either end of the
    drive, adjusting departure, arrival or return; None if neither end has room."""
    low, high, length = rule
    drive, visits = day.legs[k], len(day.start)
    if k == 0:
        at = max(shift[0], low)  # at the base, before leaving
        if at + length <= min(day.depart, high):
            return at
        at = max(shift[0] + drive, low)  # in the village, before the first visit
        if at + length <= min(day.start[0], high):
            day.depart, day.arrive[0] = at - drive, at
            return at
        return None
    left = day.end[k - 1]
    finish = day.start[k] if k < visits else shift[1]
    at = max(left + drive, low)  # after the drive: in the village, or back at the base
    if at + length <= min(finish if k < visits else high, high):
        return at
    at = max(left, low)  # before the drive, at the household just left
    if at + length <= high and at + length + drive <= finish:
        if k < visits:
            day.arrive[k] = at + length + drive
        else:
            day.back = at + length + drive
        return at
    return None


def to_route(
    vp: VisitProblem, scenario: Scenario, v: int, stops: list[int], starts: list[int]
) -> Route:
    """The `Route` of vehicle `v` visiting `stops` (problem indices) at `starts` (minutes)."""
    problem = vp.problem
    vehicle, td = problem.vehicles[v], vp.vehicles[v]
    nodes = [vehicle.start_depot] + [problem.node(s) for s in stops] + [vehicle.end_depot]
    pairs = list(itertools.pairwise(nodes))
    legs = [int(vp.travel.minutes[a, b]) for a, b in pairs]
    services = [problem.stops[s].service for s in stops]
    shift = (vehicle.shift.start, vehicle.shift.end)
    day = build_day(legs, starts, services, shift, vehicle.lunch)
    return _route(scenario, td, vp, stops, day, float(sum(vp.travel.km[a, b] for a, b in pairs)))


def _route(
    scenario: Scenario, td: TeamDay, vp: VisitProblem, stops: list[int], day: Day, km: float
) -> Route:
    at = scenario.at
    visits = [
        RouteVisit(
            household=vp.households[s].id,
            arrive=at(td.day, day.arrive[k]),
            start=at(td.day, day.start[k]),
            end=at(td.day, day.end[k]),
        )
        for k, s in enumerate(stops)
    ]
    breaks = (
        [Break(start=at(td.day, day.lunch[0]), end=at(td.day, day.lunch[1]))] if day.lunch else []
    )
    return Route(
        team=td.team.id,
        day=td.day,
        depart=at(td.day, day.depart),
        back=at(td.day, day.back),
        distance_km=round(km, 3),
        drive_min=sum(day.legs),
        visits=visits,
        breaks=breaks,
    )
