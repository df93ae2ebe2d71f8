"""The home-visit routes' hard rules, and their registry.

Drive times are recomputed from the scenario (`planner/model/travel.py`), never taken
from the router. Routes that name an unknown team or household are reported by
`unknown-id` and left out of the other rules.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

from planner.check.context import RouteContext
from planner.check.violation import Violation, clock, minutes_between, overlaps, span
from planner.model.statuses import MISSED
from planner.model.words import gettext as _
from planner.model.words import ngettext

DISTANCE_SLACK_KM = 0.2
DRIVE_SLACK_MIN_PER_LEG = 1


RouteRule = Callable[[RouteContext], list[Violation]]


def check_route_ids(ctx: RouteContext) -> list[Violation]:
    """Routes and unvisited entries name known teams and households."""
    found = [
        _("route of team '{team}' on {day}: unknown team", team=r.team, day=r.day)
        for r in ctx.plan.routes
        if r.team not in ctx.teams
    ]
    found += [
        _(
            "route of {team} on {day} visits unknown household '{household}'",
            team=r.team,
            day=r.day,
            household=v.household,
        )
        for r in ctx.plan.routes
        for v in r.visits
        if v.household not in ctx.households
    ]
    found += [
        _("unvisited names unknown household '{household}'", household=u.household)
        for u in ctx.plan.unvisited
        if u.household not in ctx.households
    ]
    return [Violation("unknown-id", message) for message in found]


def check_households_accounted(ctx: RouteContext) -> list[Violation]:
    """Every household appears exactly once, on a route or in unvisited.

    A past visit that did not happen (a re-plan's not_home or not_reached) does not
    place its household: the household must be placed again.
    """
    counts = Counter(
        v.household for r in ctx.plan.routes for v in r.visits if v.status not in MISSED
    )
    counts.update(u.household for u in ctx.plan.unvisited)
    found = []
    for household_id in ctx.households:
        times = counts[household_id]
        if times == 0:
            found.append(
                _(
                    "household {household_id} is neither on a route nor in unvisited",
                    household_id=household_id,
                )
            )
        elif times > 1:
            found.append(
                _(
                    "household {household_id} appears {times} times in routes and unvisited",
                    household_id=household_id,
                    times=times,
                )
            )
    return [Violation("nothing-lost", message) for message in found]


def check_unvisited_reasons(ctx: RouteContext) -> list[Violation]:
    """Every unvisited household says why."""
    return [
        Violation(
            "unvisited-reason",
            _("unvisited household {household} gives no reason", household=u.household),
        )
        for u in ctx.plan.unvisited
        if not u.reason.strip()
    ]


def check_route_day(ctx: RouteContext) -> list[Violation]:
    """Teams work that day, once; households are visited on a day they allow, on that day."""
    assert ctx.scenario.visits is not None or not ctx.routes
    found = []
    seen = Counter((r.team, r.day) for r in ctx.routes)
    found += [
        ngettext(
            "team {team} has {count} route on {day}",
            "team {team} has {count} routes on {day}",
            n,
            team=team,
            day=day,
        )
        for (team, day), n in sorted(seen.items())
        if n > 1
    ]
    for r in ctx.routes:
        team_days = ctx.teams[r.team].days or (
            ctx.scenario.visits.days if ctx.scenario.visits else []
        )
        if r.day not in team_days:
            found.append(_("team {team} does not work on {day}", team=r.team, day=r.day))
        for v in r.visits:
            allowed = ctx.households[v.household].days
            if allowed is not None and r.day not in allowed:
                found.append(
                    _(
                        "household {household} cannot be visited on {day}",
                        household=v.household,
                        day=r.day,
                    )
                )
            if v.start.date() != r.day:
                found.append(
                    _(
                        "visit to {household} on {start:%Y-%m-%d} is on the route of {day}",
                        household=v.household,
                        start=v.start,
                        day=r.day,
                    )
                )
    return [Violation("route-day", message) for message in found]


def check_team_skills(ctx: RouteContext) -> list[Violation]:
    """The team has every skill the household needs."""
    found = []
    for r in ctx.routes:
        skills = ctx.teams[r.team].skills
        for v in r.visits:
            lacking = [n for n in ctx.households[v.household].needs if n not in skills]
            if lacking:
                found.append(
                    _(
                        "team {team} visits {household} without {listed}",
                        team=r.team,
                        household=v.household,
                        listed=", ".join(lacking),
                    )
                )
    return [Violation("team-skills", message) for message in found]


def check_visit_window(ctx: RouteContext) -> list[Violation]:
    """Each visit lies inside one of the household's windows (or the shift, if it has none)."""
    found = []
    for r in ctx.routes:
        for v in r.visits:
            household = ctx.households[v.household]
            windows = household.windows or [ctx.teams[r.team].shift]
            at = ctx.scenario.at
            if not any(
                at(r.day, w.start_min) <= v.start and v.end <= at(r.day, w.end_min) for w in windows
            ):
                allowed = ", ".join(f"{w.start:%H:%M}-{w.end:%H:%M}" for w in windows)
                found.append(
                    _(
                        "visit to {household} ({span}) is outside {allowed}",
                        household=v.household,
                        span=span(v.start, v.end),
                        allowed=allowed,
                    )
                )
    return [Violation("visit-window", message) for message in found]


def check_visit_times(ctx: RouteContext) -> list[Violation]:
    """A visit lasts the household's service time and starts on or after arrival."""
    found = []
    for r in ctx.routes:
        for v in r.visits:
            length, wanted = (
                minutes_between(v.start, v.end),
                ctx.households[v.household].service_min,
            )
            if length != wanted:
                found.append(
                    _(
                        "visit to {household} lasts {length:g} min, not {wanted}",
                        household=v.household,
                        length=length,
                        wanted=wanted,
                    )
                )
            if v.arrive > v.start:
                found.append(
                    _(
                        "visit to {household} starts {clock}, before arriving {clock2}",
                        household=v.household,
                        clock=clock(v.start),
                        clock2=clock(v.arrive),
                    )
                )
    return [Violation("visit-times", message) for message in found]


def check_travel(ctx: RouteContext) -> list[Violation]:
    """Each stop is reached no earlier than the previous one ends plus the drive between them."""
    found = []
    for r in ctx.routes:
        legs = ctx.legs(r)
        if not legs:
            continue
        previous = ("base", ctx.depart(r, legs))
        for v, leg in zip(r.visits, legs, strict=False):
            earliest = previous[1] + dt.timedelta(minutes=leg.minutes)
            if v.arrive < earliest:
                found.append(
                    _(
                        "team {team} reaches {household} at {clock}, but leaving {previous} at "
                        "{clock2} and driving {minutes} min arrives {clock3}",
                        team=r.team,
                        household=v.household,
                        clock=clock(v.arrive),
                        previous=previous[0],
                        clock2=clock(previous[1]),
                        minutes=leg.minutes,
                        clock3=clock(earliest),
                    )
                )
            previous = (v.household, v.end)
    return [Violation("travel", message) for message in found]


def check_shift(ctx: RouteContext) -> list[Violation]:
    """The team leaves no earlier than its shift starts and is back by its end."""
    found = []
    for r in ctx.routes:
        legs = ctx.legs(r)
        if not legs:
            continue
        shift = ctx.teams[r.team].shift
        start, end = ctx.scenario.at(r.day, shift.start_min), ctx.scenario.at(r.day, shift.end_min)
        depart, back = ctx.depart(r, legs), ctx.back(r, legs)
        if depart < start:
            found.append(
                _(
                    "team {team} leaves at {clock} on {day}, before its shift starts {clock2}",
                    team=r.team,
                    clock=clock(depart),
                    day=r.day,
                    clock2=clock(start),
                )
            )
        if back > end:
            found.append(
                _(
                    "team {team} is back at {clock} on {day}, after its shift ends {clock2}",
                    team=r.team,
                    clock=clock(back),
                    day=r.day,
                    clock2=clock(end),
                )
            )
    return [Violation("shift", message) for message in found]


def check_route_totals(ctx: RouteContext) -> list[Violation]:
    """A route's distance_km and drive_min agree with the sum of its legs."""
    found = []
    for r in ctx.routes:
        legs = ctx.legs(r)
        km, minutes = sum(leg.km for leg in legs), sum(leg.minutes for leg in legs)
        if abs(r.distance_km - km) > DISTANCE_SLACK_KM:
            found.append(
                _(
                    "route of {team} on {day} states {distance_km:.1f} km; its legs add up "
                    "to {km:.1f} km",
                    team=r.team,
                    day=r.day,
                    distance_km=r.distance_km,
                    km=km,
                )
            )
        if abs(r.drive_min - minutes) > DRIVE_SLACK_MIN_PER_LEG * len(legs):
            found.append(
                _(
                    "route of {team} on {day} states {drive_min} min of driving; its legs "
                    "add up to {minutes} min",
                    team=r.team,
                    day=r.day,
                    drive_min=r.drive_min,
                    minutes=minutes,
                )
            )
    return [Violation("route-totals", message) for message in found]


def check_route_lunch(ctx: RouteContext) -> list[Violation]:
    """Under a lunch rule, a route with visits holds a break in the window, free of visits."""
    visits = ctx.scenario.visits
    found = []
    for r in ctx.routes:
        rule = ctx.teams[r.team].lunch or (visits.lunch if visits else None)
        breaks = [(ctx.scenario.localize(b.start), ctx.scenario.localize(b.end)) for b in r.breaks]
        found += [
            _(
                "team {team}'s break ({span}) on {day} overlaps the visit to {household} ({span2})",
                team=r.team,
                span=span(*b),
                day=r.day,
                household=v.household,
                span2=span(v.start, v.end),
            )
            for b in breaks
            for v in r.visits
            if overlaps(b[0], b[1], v.start, v.end)
        ]
        if rule is None or not r.visits:
            continue
        low, high = (
            ctx.scenario.at(r.day, rule.window.start_min),
            ctx.scenario.at(r.day, rule.window.end_min),
        )
        if not any(
            low <= s and e <= high and minutes_between(s, e) >= rule.duration_min for s, e in breaks
        ):
            found.append(
                _(
                    "team {team} has no lunch break of {duration_min} min within {span} on {day}",
                    team=r.team,
                    duration_min=rule.duration_min,
                    span=span(low, high),
                    day=r.day,
                )
            )
    return [Violation("route-lunch", message) for message in found]


def check_max_drive(ctx: RouteContext) -> list[Violation]:
    """A team drives no longer in a day than its max_drive_min."""
    found = []
    for r in ctx.routes:
        limit = ctx.teams[r.team].max_drive_min
        minutes = sum(leg.minutes for leg in ctx.legs(r))
        if limit is not None and minutes > limit:
            found.append(
                Violation(
                    "max-drive",
                    _(
                        "team {team} drives {minutes} min on {day}, more than {limit}",
                        team=r.team,
                        minutes=minutes,
                        day=r.day,
                        limit=limit,
                    ),
                )
            )
    return found


ROUTE_RULES: list[RouteRule] = [
    check_route_ids,
    check_households_accounted,
    check_unvisited_reasons,
    check_route_day,
    check_team_skills,
    check_visit_window,
    check_visit_times,
    check_travel,
    check_shift,
    check_route_totals,
    check_route_lunch,
    check_max_drive,
]
"""Every route rule, in the order its findings are listed."""
