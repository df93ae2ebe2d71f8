"""Re-routing the home visits that are left, from what the volunteers marked.

`replan_visits(scenario, plan, statuses, now, ...)`:
- routes of team-days that began before `now` stay as they were; their visits carry
  what was marked (`RouteVisit.status`), or `not_reached`; a team-day from which no
  status at all came back is `unknown` (`Revisit.unknown`): its visits stay as published
  with that status, unless `assume_not_reached` makes them `not_reached`;
- visited, refused and moved households are closed: never routed again, listed in the
  changes (and in `unvisited` when they were not on a past route);
- a not_home household goes to a later day, preferably in another of its windows, with
  its priority raised one step (a required household stays required); planned visits
  that the day did not reach are routed again; both are kept before the other
  households of their kind (those never promised a day) when hours are short;
- households planned on later days were promised that team and day: the router holds
  them to it and keeps them before any other household (`solver.routing.hints`,
  lexicographic drop penalties in the OR-Tools model), starting from the published
  routes. Only a promise whose team-day is gone (or can no longer take the household)
  is moved or dropped, and the diff says why. The mop-ups and the households left out
  before fill the hours left, by priority.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from planner.model import Household, Plan, Route, Scenario, Team, TimeRange, Unvisited
from planner.model.changes import VisitStatus
from planner.model.plan import DiffEntry
from planner.model.statuses import CLOSED_STATUSES, NOT_REACHED, UNKNOWN
from planner.model.visit_diff import Missed, closed_reason, visit_diff
from planner.model.words import gettext as _
from solver.limits import Limits
from solver.result import wall_since
from solver.routing import RouteHints, VisitsResult, route_visits


@dataclass
class Revisit(VisitsResult):
    """The home visits re-planned: the routes (the past ones as they were, visits with
    their status, then the new routes of the days left, in team and day order), every
    household not placed on a route with its reason, and the diff: one entry per
    household whose plan the re-plan touched or confirmed. With nothing left to route, the
    status is "optimal" and the engine "none"."""

    diff: list[DiffEntry] = field(default_factory=list)
    unknown: list[tuple[str, dt.date]] = field(default_factory=list)
    """Past team-days from which no status came back, kept as published."""


def replan_visits(
    scenario: Scenario,
    plan: Plan,
    statuses: Sequence[VisitStatus],
    now: dt.datetime,
    limits: Limits,
    engine: str = "auto",
    *,
    assume_not_reached: bool = False,
) -> Revisit:
    """Re-route what is left of the home visits at `now` (local time if naive).

    `statuses` must have been checked against the plan (`planner.files.statuses`);
    where a household has several, the last one counts. With `assume_not_reached`, a
    past team-day without any status is taken as not reached, else as unknown.
    """
    started = time.perf_counter()
    assert scenario.visits is not None, "replan_visits needs a scenario with home visits"
    now = scenario.localize(now)
    teams = {team.id: team for team in scenario.visits.teams}
    past = [r for r in plan.routes if _began(scenario, teams[r.team], r.day, now)]
    later = [r for r in plan.routes if r not in past]
    marked = {entry.household: entry for entry in statuses}
    history = [_as_happened(route, marked, assume_not_reached) for route in past]
    unknown = [(r.team, r.day) for r in history if r.visits and r.visits[0].status == UNKNOWN]
    missed = _missed(scenario, history, marked)
    closed = {h: s for h, s in marked.items() if s.status in CLOSED_STATUSES}
    open_days = _open_days(scenario, now)
    households, unvisited = households_to_route(scenario, closed, missed, open_days, history)
    home = {v.household: (r.team, r.day) for r in later for v in r.visits
            if v.household not in closed and v.household not in missed}  # fmt: skip
    lost = promises_lost(scenario, home, open_days)
    hints = RouteHints(
        home=home,
        avoid={h: m.window for h, m in missed.items() if m.window is not None},
        initial=later,
        first=frozenset(missed),  # promised a past day: before those never promised
        promised=frozenset(h for h in home if h not in lost),
    )
    routed: list[Route] = []
    result = VisitsResult("optimal")  # nothing left to route: no engine runs
    if households and any(open_days.values()):
        sub = _scenario_left(scenario, households, open_days)
        result = route_visits(sub, limits, engine, hints=hints)
        routed = result.routes
        unvisited += [_after_promises(u, hints.promised) for u in result.unvisited]
    order = {h.id: k for k, h in enumerate(scenario.visits.households)}
    unvisited.sort(key=lambda u: order[u.household])
    team_order = list(teams)
    routes = sorted(history + routed, key=lambda r: (team_order.index(r.team), r.day))
    diff = visit_diff(scenario, plan, routes, unvisited, closed, missed, lost)
    return Revisit(
        result.status, seed=limits.seed, time_limit_s=limits.time_limit_s,
        wall_s=wall_since(started), objective=result.objective, terms=result.terms,
        routes=routes, unvisited=unvisited, engine=result.engine, diff=diff, unknown=unknown,
    )  # fmt: skip


def _after_promises(left_out: Unvisited, promised: frozenset[str]) -> Unvisited:
    """A household the full hours left out: say that the promised visits came first."""
    if not promised or left_out.household in promised or left_out.code != "teams_full":
        return left_out
    reason = _("{reason}: the visits promised on those days come first", reason=left_out.reason)
    return left_out.model_copy(update={"reason": reason})


def _began(scenario: Scenario, team: Team, day: dt.date, now: dt.datetime) -> bool:
    """Whether the team's shift on `day` started before `now`."""
    return scenario.at(day, team.shift.start_min) < now


def _open_days(scenario: Scenario, now: dt.datetime) -> dict[str, list[dt.date]]:
    """The days each team can still go out: its visit days whose shift starts from `now`."""
    assert scenario.visits is not None
    return {
        team.id: [
            day
            for day in sorted(team.days if team.days is not None else scenario.visits.days)
            if day in scenario.visits.days and not _began(scenario, team, day, now)
        ]
        for team in scenario.visits.teams
    }


def _as_happened(route: Route, marked: dict[str, VisitStatus], assume_not_reached: bool) -> Route:
    """A past route with each visit's status: as marked on it, else not reached; every
    visit unknown when nothing at all was marked on it (unless `assume_not_reached`)."""
    found = {}
    for visit in route.visits:
        entry = marked.get(visit.household)
        if entry is not None and (
            entry.team is None or (entry.team, entry.day) == (route.team, route.day)
        ):
            found[visit.household] = entry.status
    silent = UNKNOWN if not found and not assume_not_reached else NOT_REACHED
    visits = [v.model_copy(update={"status": found.get(v.household, silent)}) for v in route.visits]
    return route.model_copy(update={"visits": visits})


def promises_lost(
    scenario: Scenario, home: dict[str, tuple[str, dt.date]], open_days: dict[str, list[dt.date]]
) -> dict[str, str]:
    """The promised households whose team and day can no longer take them, with why."""
    assert scenario.visits is not None
    households = {h.id: h for h in scenario.visits.households}
    teams = {t.id: t for t in scenario.visits.teams}
    lost = {}
    for household, (team, day) in home.items():
        h, where = households[household], _("{team} on {day}", team=team, day=day.isoformat())
        if team not in teams or day not in open_days.get(team, []):
            lost[household] = _("the team-day it was promised ({where}) is no longer in the plan",
                                where=where)  # fmt: skip
        elif h.days is not None and day not in h.days:
            lost[household] = _("it no longer takes visits on the day it was promised ({where})",
                                where=where)  # fmt: skip
        elif not set(h.needs) <= set(teams[team].skills):
            lost[household] = _("the team it was promised ({where}) lacks the skills it needs",
                                where=where)  # fmt: skip
    return lost


def _missed(
    scenario: Scenario, history: list[Route], marked: dict[str, VisitStatus]
) -> dict[str, Missed]:
    """Households whose past visit did not happen (not at home, or not reached)."""
    assert scenario.visits is not None
    households = {h.id: h for h in scenario.visits.households}
    found: dict[str, Missed] = {}
    for route in history:
        for visit in route.visits:
            if visit.status not in ("not_home", NOT_REACHED):
                continue
            entry = marked.get(visit.household)
            at = entry.at if entry is not None and entry.at is not None else visit.start
            window = _window_at(households[visit.household], scenario.localize(at))
            window = window or _window_at(
                households[visit.household], scenario.localize(visit.start)
            )
            status = visit.status or NOT_REACHED
            found[visit.household] = Missed(route, visit, status, at, window, route.day)
    for household, entry in marked.items():
        if entry.status == "not_home" and household not in found:
            # Marked not at home ahead of a later route (say, on the phone the day before).
            day = entry.day or (scenario.localize(entry.at).date() if entry.at else None)
            found[household] = Missed(None, None, "not_home", entry.at, None, day)
    return found


def _window_at(household: Household, moment: dt.datetime) -> TimeRange | None:
    minute = moment.hour * 60 + moment.minute
    return next((w for w in household.windows if w.start_min <= minute <= w.end_min), None)


def households_to_route(
    scenario: Scenario,
    closed: dict[str, VisitStatus],
    missed: dict[str, Missed],
    open_days: dict[str, list[dt.date]],
    history: list[Route],
) -> tuple[list[Household], list[Unvisited]]:
    """The households left to route, and those already left out, with their reasons.

    Each household to route may go on the open days (after the day it was missed on,
    if it was); one that nobody was at home for has its priority raised one step.
    """
    assert scenario.visits is not None
    on_history = {
        v.household for r in history for v in r.visits if v.status not in ("not_home", NOT_REACHED)
    }
    days_left = sorted({day for days in open_days.values() for day in days})
    households, unvisited = [], []
    for household in scenario.visits.households:
        if household.id in closed:
            if household.id not in on_history:
                unvisited.append(
                    Unvisited(
                        household=household.id,
                        reason=closed_reason(closed[household.id]),
                        code="visit_closed",
                    )
                )
            continue
        if household.id in on_history:
            continue  # visited on a past route (no status needed to keep it there)
        miss = missed.get(household.id)
        after = miss.day if miss is not None and miss.day is not None else None
        days = [d for d in days_left if (after is None or d > after)
                and (household.days is None or d in household.days)]  # fmt: skip
        if not days:
            unvisited.append(
                Unvisited(
                    household=household.id, reason=_no_day_left(household, miss), code="no_day_left"
                )
            )
            continue
        update: dict[str, object] = {"days": days}
        if miss is not None and miss.status == "not_home":
            update["priority"] = max(1, household.priority - 1)
        households.append(household.model_copy(update=update))
    return households, unvisited


def _no_day_left(household: Household, miss: Missed | None) -> str:
    if miss is not None and miss.day is not None:
        return _("no visit day is left after {day} for a mop-up visit", day=miss.day.isoformat())
    return _("no visit day is left")


def _scenario_left(
    scenario: Scenario, households: list[Household], open_days: dict[str, list[dt.date]]
) -> Scenario:
    """The scenario of what is left: these households, each team on its open days (a team
    with none is left out: its depot would be a node that no vehicle starts from, which
    the router would have to visit)."""
    assert scenario.visits is not None
    teams = [
        team.model_copy(update={"days": open_days[team.id]})
        for team in scenario.visits.teams
        if open_days[team.id]
    ]
    days = sorted({day for days in open_days.values() for day in days})
    visits = scenario.visits.model_copy(
        update={"teams": teams, "households": households, "days": days}
    )
    return scenario.model_copy(update={"visits": visits})
