"""The diff of re-routed home visits (the plan's `changes`): one entry per household the
re-plan touched.

- visited on a past route: `kept`; visited, refused or moved otherwise: `cancelled`,
  with the status and the volunteer's note as the reason;
- not at home or not reached: `moved` to the mop-up visit (the reason records when and in
  which window it was missed), or `cancelled` with the reason nothing was found;
- on a past team-day from which no status came back: `kept` as published, saying so;
- planned on a later day: `kept` when team, day and time stay, else `moved` (another
  time the same day, or another team or day) or `cancelled`; a promise that its team-day
  can no longer keep says why;
- left out before and routed now: `new`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from planner.model import Plan, Route, RouteVisit, Scenario, TimeRange, Unvisited
from planner.model.changes import VisitStatus
from planner.model.plan import DiffEntry, Placing
from planner.model.statuses import UNKNOWN
from planner.model.words import N_
from planner.model.words import gettext as _

CLOSED_WORDS = {
    "visited": N_("visited"), "refused": N_("refused the visit"), "moved": N_("moved away"),
}  # fmt: skip


@dataclass(frozen=True)
class Missed:
    """A household whose visit did not happen.

    Attributes:
        route: the past route it was missed on (None: marked ahead of a later route).
        visit: its visit on that route.
        status: "not_home" or "not_reached".
        at: when it was marked (else the planned start), if known.
        window: the household's window in which it was missed, if it has windows.
        day: the day it was missed; mop-up visits come after it.
    """

    route: Route | None
    visit: RouteVisit | None
    status: str
    at: dt.datetime | None
    window: TimeRange | None
    day: dt.date | None


def closed_reason(entry: VisitStatus) -> str:
    """Why a closed household is not visited (again): its status and the note."""
    words = _(CLOSED_WORDS.get(entry.status, entry.status))
    if entry.day is not None:
        words = _("{words} on {day}", words=words, day=entry.day.isoformat())
    return _("{words}: {note}", words=words, note=entry.note) if entry.note.strip() else words


def visit_diff(
    scenario: Scenario,
    plan: Plan,
    routes: list[Route],
    unvisited: list[Unvisited],
    closed: dict[str, VisitStatus],
    missed: dict[str, Missed],
    lost: Mapping[str, str] | None = None,
) -> list[DiffEntry]:
    """The changes entries, in the scenario's household order.

    `lost` gives, for each promise that its team and day can no longer keep, why.
    """
    lost = lost or {}
    assert scenario.visits is not None
    new = {v.household: (r, v) for r in routes for v in r.visits if v.status is None}
    past = {v.household: (r, v) for r in routes for v in r.visits if v.status is not None}
    old = {v.household: (r, v) for r in plan.routes for v in r.visits}
    left_out = {u.household: u.reason for u in unvisited}
    before = {u.household: u.reason for u in plan.unvisited}
    changes = []
    for household in (h.id for h in scenario.visits.households):
        to = _placing(*new[household]) if household in new else None
        if household in closed:
            change = _closed(household, closed[household], old.get(household), household in past)
        elif household in missed:
            why = left_out.get(household, "")
            change = _missed(scenario, household, missed[household], old.get(household), to, why)
        elif household in past and past[household][1].status == UNKNOWN:
            route = past[household][0]
            reason = _("no statuses came back from {team} on {day}: kept as published",
                       team=route.team, day=route.day)  # fmt: skip
            where = _placing(*past[household])
            change = DiffEntry(household=household, what="kept", from_=where, to=where,
                               reason=reason)  # fmt: skip
        elif household in old:
            change = _later(
                household, old[household], to, left_out.get(household, ""), lost.get(household)
            )
        elif to is not None:
            reason = _("routed in the re-plan (left out before: {reason})",
                       reason=before.get(household, ""))  # fmt: skip
            change = DiffEntry(household=household, what="new", to=to, reason=reason)
        else:
            continue
        changes.append(change)
    return changes


def _placing(route: Route, visit: RouteVisit) -> Placing:
    return Placing(team=route.team, day=route.day, start=visit.start, end=visit.end)


def _closed(
    household: str, entry: VisitStatus, old: tuple[Route, RouteVisit] | None, on_past: bool
) -> DiffEntry:
    where = _placing(*old) if old is not None else None
    reason = closed_reason(entry)
    if entry.status == "visited" and on_past:
        return DiffEntry(household=household, what="kept", from_=where, to=where, reason=reason)
    return DiffEntry(household=household, what="cancelled", from_=where, reason=reason)


def _missed(
    scenario: Scenario,
    household: str,
    miss: Missed,
    old: tuple[Route, RouteVisit] | None,
    to: Placing | None,
    left_out: str,
) -> DiffEntry:
    where = _placing(miss.route, miss.visit) if miss.route and miss.visit else None
    where = where or (_placing(*old) if old is not None else None)
    reason = _("not at home") if miss.status == "not_home" else _("not reached")
    if miss.day is not None:
        reason = _("{words} on {day}", words=reason, day=miss.day.isoformat())
    if miss.at is not None:
        at = f"{scenario.localize(miss.at):%H:%M}"
        reason = _("{words} at {time}", words=reason, time=at)
    if miss.window is not None:
        window = f"{miss.window.start:%H:%M}–{miss.window.end:%H:%M}"
        reason = _("{words}, missed in the window {window}", words=reason, window=window)
    if to is None:
        reason = f"{reason}; {left_out}"
        return DiffEntry(household=household, what="cancelled", from_=where, reason=reason)
    mop_up = f"{scenario.localize(to.start):%H:%M}"
    reason = _("{words}; mop-up visit on {day} at {time}", words=reason, day=to.day, time=mop_up)
    return DiffEntry(household=household, what="moved", from_=where, to=to, reason=reason)


def _later(
    household: str,
    old: tuple[Route, RouteVisit],
    to: Placing | None,
    left_out: str,
    lost: str | None,
) -> DiffEntry:
    where = _placing(*old)
    if to is None:
        reason = f"{lost}; {left_out}" if lost else left_out
        return DiffEntry(household=household, what="cancelled", from_=where, reason=reason)
    if (to.team, to.day, to.start) == (where.team, where.day, where.start):
        return DiffEntry(household=household, what="kept", from_=where, to=to, reason="")
    if (to.team, to.day) == (where.team, where.day):
        reason = _("same team and day, another time")
    else:
        reason = _("moved from {team} on {day} to {team2} on {day2}", team=where.team,
                   day=where.day, team2=to.team, day2=to.day)  # fmt: skip
        reason = f"{lost}: {reason}" if lost else reason
    return DiffEntry(household=household, what="moved", from_=where, to=to, reason=reason)
