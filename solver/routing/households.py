"""The adapter from a scenario's home visits to the integer `RoutingProblem`.

Units: minutes after local midnight for times, metres for distances. Nodes are the
teams' start points (and their end points where they differ), then the households that
some team can serve at all. Each team x each day it works is one vehicle. Households
that no vehicle could serve even alone are left out here, each with its reason
(see `reasons.py`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from planner.model import Household, Scenario, Team, Visits
from solver.routing.problem import BreakRule, RoutingProblem, Stop, Vehicle, Window
from solver.routing.reasons import TeamDayLike, unreachable_reason
from solver.travel import Points, TravelMatrix, build_travel, legs

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
    vehicles = team_days(visits)
    stops, kept, excluded = _screen(scenario, vehicles, depots, depot_of)
    points = depots + [(h.id, h.location) for h in kept]
    travel = build_travel(points, visits.travel, scenario.measured_times)
    problem = RoutingProblem(
        depots=[point_id for point_id, _ in depots],
        stops=stops,
        vehicles=[_vehicle(v, td, visits, depot_of) for v, td in enumerate(vehicles)],
        duration=travel.minutes,
        distance=travel.metres(),
    )
    if len(stops) <= TIME_COSTS_UP_TO_STOPS:
        problem.span_cost = SPAN_COST_PER_MIN
        problem.global_span_cost = GLOBAL_SPAN_COST_PER_MIN
        problem.finish_cost = FINISH_COST_PER_MIN
    return VisitProblem(problem, kept, vehicles, travel, excluded)


def _screen(
    scenario: Scenario,
    vehicles: list[TeamDay],
    depots: Points,
    depot_of: dict[str, tuple[int, int]],
) -> tuple[list[Stop], list[Household], dict[str, str]]:
    """The stops some vehicle can serve, their households, and the others' reasons.

    A vehicle can serve a household alone if its team has the skills, works on one of
    the household's days, and can drive out and back within its hours and driving limit.
    Skills and the trip are the team's, so each is asked once per team, not per day.
    """
    visits = scenario.visits
    assert visits is not None
    homes = [(h.id, h.location) for h in visits.households]
    _, out = legs(depots, homes, visits.travel, scenario.measured_times)
    _, back = legs(homes, depots, visits.travel, scenario.measured_times)
    skills = {team.id: set(team.skills) for team in visits.teams}
    stops: list[Stop] = []
    kept: list[Household] = []
    excluded: dict[str, str] = {}
    for k, household in enumerate(visits.households):
        issue = _TripIssues(household, depot_of, out[:, k], back[k])
        needs = set(household.needs)
        able = {
            team.id for team in visits.teams if needs <= skills[team.id] and issue.of(team) is None
        }
        allowed = [
            v
            for v, td in enumerate(vehicles)
            if td.team.id in able and (household.days is None or td.day in household.days)
        ]
        if allowed:
            kept.append(household)
            stops.append(_stop(household, frozenset(allowed)))
        else:
            excluded[household.id] = unreachable_reason(household, vehicles, issue)
    return stops, kept, excluded


def _depots(teams: list[Team]) -> tuple[Points, dict[str, tuple[int, int]]]:
    """One start node per team and one end node where its end differs; ids are team ids."""
    depots: Points = []
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


@dataclass
class _TripIssues:
    """Why each team could not drive out to the household alone and back (a `TripIssue`),
    found once per team."""

    household: Household
    depot_of: dict[str, tuple[int, int]]
    out: npt.NDArray[np.int64]
    """Minutes from each depot to the household."""
    back: npt.NDArray[np.int64]
    """Minutes from the household to each depot."""
    found: dict[str, str | None] = field(default_factory=dict)

    def __call__(self, td: TeamDayLike) -> str | None:
        return self.of(td.team)

    def of(self, team: Team) -> str | None:
        """'drive' or 'hours' if the trip breaks the team's driving limit or shift."""
        if team.id not in self.found:
            self.found[team.id] = self._issue(team)
        return self.found[team.id]

    def _issue(self, team: Team) -> str | None:
        start, end = self.depot_of[team.id]
        out, back = int(self.out[start]), int(self.back[end])
        limit = team.max_drive_min
        if limit is not None and out + back > limit:
            return "drive"
        shift = team.shift
        service = self.household.service_min
        windows = [(w.start_min, w.end_min) for w in self.household.windows] or [
            (shift.start_min, shift.end_min)
        ]
        fits = any(
            max(low, shift.start_min + out) + service <= min(high, shift.end_min - back)
            for low, high in windows
        )
        return None if fits else "hours"
