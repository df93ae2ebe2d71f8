"""The adapter from a scenario's home visits to the integer `RoutingProblem`.

Units: minutes after local midnight for times, metres for distances. Nodes are the
teams' start points (and their end points where they differ), then the households that
some team can serve at all. Each team x each day it works is one vehicle. Households
that no vehicle could serve even alone are left out here, each with its reason
(see `reasons.py`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

import numpy as np

from planner.model import Household, Location, Scenario, Team, Visits
from solver.routing.problem import BreakRule, RoutingProblem, Stop, Vehicle, Window
from solver.routing.reasons import TripIssue, unreachable_reason
from solver.travel import TravelMatrix, build_travel

OPTIONAL_BASE = 1_000_000
"""What dropping an optional household costs, in metres of driving: a team drives
1,000 km further before it leaves out a priority-3 household."""
PRIORITY_WEIGHT = {1: 4, 2: 2, 3: 1}
"""Dropping priority 1 costs twice priority 2, which costs twice priority 3."""
SPAN_COST_PER_MIN = 20
"""Each minute a team is out costs as much as 20 m of driving: leave late, wait less."""
GLOBAL_SPAN_COST_PER_MIN = 20
"""Each minute of the latest return after the earliest start: balanced days."""
FINISH_COST_PER_MIN = 1
"""Each minute a team is back after its shift starts: of equal plans, finish early."""
TIME_COSTS_UP_TO_STOPS = 150
"""Working-time costs (the three above) make OR-Tools schedule each route with a linear
program at every move; on 500 households that visits about 5 % fewer in the same time
(benchmarks/routing.py). Larger problems go without them: visits then start as early as
they can, and the timeline still has each team leave as late as its first visit allows."""


@dataclass(frozen=True)
class TeamDay:
    """One vehicle: a team on one of its days."""

    team: Team
    day: dt.date


@dataclass
class VisitProblem:
    """The routing problem of a scenario's visits, and how to read its answers back.

    Attributes:
        problem: the integer problem every engine solves.
        households: the household of each stop, in stop order.
        vehicles: the team and day of each vehicle, in vehicle order.
        travel: km and minutes between the problem's nodes (depots first).
        excluded: households no vehicle can serve, by id, with the reason.
    """

    problem: RoutingProblem
    households: list[Household]
    vehicles: list[TeamDay]
    travel: TravelMatrix
    excluded: dict[str, str]


def team_days(visits: Visits) -> list[TeamDay]:
    """Every team on every visit day it works, team by team."""
    return [
        TeamDay(team, day)
        for team in visits.teams
        for day in sorted(visits.days)
        if team.days is None or day in team.days
    ]


def build_visit_problem(scenario: Scenario) -> VisitProblem:
    """Build the routing problem of the scenario's home visits."""
    visits = scenario.visits
    assert visits is not None, "build_visit_problem needs a scenario with visits"
    depots, depot_of = _depots(visits.teams)
    points = depots + [(h.id, h.location) for h in visits.households]
    full = build_travel(points, visits.travel, scenario.measured_times)
    vehicles = team_days(visits)
    stops, kept, excluded = _screen(visits, vehicles, depot_of, full)
    nodes = list(range(len(depots))) + [
        len(depots) + k for k, h in enumerate(visits.households) if h.id not in excluded
    ]
    travel = TravelMatrix(
        ids=[full.ids[n] for n in nodes],
        km=full.km[np.ix_(nodes, nodes)],
        minutes=full.minutes[np.ix_(nodes, nodes)],
    )
    problem = RoutingProblem(
        depots=[point_id for point_id, _ in depots],
        stops=stops,
        vehicles=[_vehicle(v, td, visits, depot_of) for v, td in enumerate(vehicles)],
        duration=travel.minutes,
        distance=np.rint(travel.km * 1000).astype(np.int64),
    )
    if len(stops) <= TIME_COSTS_UP_TO_STOPS:
        problem.span_cost = SPAN_COST_PER_MIN
        problem.global_span_cost = GLOBAL_SPAN_COST_PER_MIN
        problem.finish_cost = FINISH_COST_PER_MIN
    return VisitProblem(problem, kept, vehicles, travel, excluded)


def _screen(
    visits: Visits,
    vehicles: list[TeamDay],
    depot_of: dict[str, tuple[int, int]],
    full: TravelMatrix,
) -> tuple[list[Stop], list[Household], dict[str, str]]:
    """The stops some vehicle can serve, their households, and the others' reasons."""
    stops: list[Stop] = []
    kept: list[Household] = []
    excluded: dict[str, str] = {}
    first = len(full.ids) - len(visits.households)
    for k, household in enumerate(visits.households):
        node = first + k
        issue = partial(_trip_issue, household=household, depot_of=depot_of, travel=full, node=node)
        allowed = [v for v, td in enumerate(vehicles) if _can_serve(td, household, issue)]
        if allowed:
            kept.append(household)
            stops.append(_stop(household, frozenset(allowed)))
        else:
            excluded[household.id] = unreachable_reason(household, vehicles, issue)
    return stops, kept, excluded


def _depots(teams: list[Team]) -> tuple[list[tuple[str, Location]], dict[str, tuple[int, int]]]:
    """One start node per team and one end node where its end differs; ids are team ids."""
    depots: list[tuple[str, Location]] = []
    depot_of: dict[str, tuple[int, int]] = {}
    for team in teams:
        start = len(depots)
        depots.append((team.id, team.start))
        end = start
        if team.end is not None and team.end != team.start:
            end = len(depots)
            depots.append((team.id, team.end))
        depot_of[team.id] = (start, end)
    return depots, depot_of


def _vehicle(v: int, td: TeamDay, visits: Visits, depot_of: dict[str, tuple[int, int]]) -> Vehicle:
    team = td.team
    rule = team.lunch or visits.lunch
    lunch = None
    if rule is not None:
        window = rule.window
        lunch = BreakRule(window.start_min, window.end_min - rule.duration_min, rule.duration_min)
    start, end = depot_of[team.id]
    return Vehicle(
        id=f"{team.id}@{td.day.isoformat()}",
        day=v,
        start_depot=start,
        end_depot=end,
        shift=Window(team.shift.start_min, team.shift.end_min),
        max_drive=team.max_drive_min,
        lunch=lunch,
    )


def _stop(household: Household, vehicles: frozenset[int]) -> Stop:
    service = household.service_min
    windows = tuple(
        Window(w.start_min, w.end_min - service)
        for w in household.windows
        if w.end_min - w.start_min >= service
    )
    penalty = 0 if household.required else OPTIONAL_BASE * PRIORITY_WEIGHT[household.priority]
    return Stop(
        id=household.id,
        windows=windows,
        service=service,
        required=household.required,
        penalty=penalty,
        vehicles=vehicles,
        weight=PRIORITY_WEIGHT[household.priority],
    )


def _can_serve(td: TeamDay, household: Household, trip_issue: TripIssue) -> bool:
    """Whether the vehicle could visit the household alone: skills, day, hours and driving."""
    if not set(household.needs) <= set(td.team.skills):
        return False
    if household.days is not None and td.day not in household.days:
        return False
    return trip_issue(td) is None


def _trip_issue(
    td: TeamDay,
    household: Household,
    depot_of: dict[str, tuple[int, int]],
    travel: TravelMatrix,
    node: int,
) -> str | None:
    """Why a trip out to the household alone breaks the team's driving limit or shift."""
    start, end = depot_of[td.team.id]
    out, back = int(travel.minutes[start, node]), int(travel.minutes[node, end])
    limit = td.team.max_drive_min
    if limit is not None and out + back > limit:
        return "drive"
    shift = td.team.shift
    service = household.service_min
    windows = [(w.start_min, w.end_min) for w in household.windows] or [
        (shift.start_min, shift.end_min)
    ]
    fits = any(
        max(low, shift.start_min + out) + service <= min(high, shift.end_min - back)
        for low, high in windows
    )
    return None if fits else "hours"
