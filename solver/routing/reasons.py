"""Why a household is not visited, in words a coordinator understands.

Two kinds: households no team could visit even alone (found before the search, by
skills, days, windows and driving), and households the final plan leaves out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Protocol

from planner.model import Household, Team, TimeRange

PRIORITIES = 3


class TeamDayLike(Protocol):
    """A team on a day (see `households.TeamDay`)."""

    @property
    def team(self) -> Team: ...

    @property
    def day(self) -> dt.date: ...


TripIssue = Callable[[TeamDayLike], str | None]
"""Why a vehicle cannot visit the household alone: 'drive', 'hours', or None if it can."""


def day_text(day: dt.date) -> str:
    """`6 July`."""
    return f"{day.day} {day:%B}"


def days_text(days: Sequence[dt.date]) -> str:
    """`6 July`, `6 July or 7 July`, `5 July, 6 July or 7 July`."""
    texts = [day_text(d) for d in sorted(days)]
    return texts[0] if len(texts) == 1 else f"{', '.join(texts[:-1])} or {texts[-1]}"


def window_text(windows: Sequence[TimeRange]) -> str:
    """`its 15:00–16:00 window` or `its 08:00–11:00 and 15:00–18:00 windows`."""
    spans = [f"{w.start:%H:%M}–{w.end:%H:%M}" for w in windows]
    if len(spans) == 1:
        return f"its {spans[0]} window"
    return f"its {', '.join(spans[:-1])} and {spans[-1]} windows"


def skills_text(skills: Sequence[str]) -> str:
    """`skill nurse`, or `skills nurse and yi-language` (skills are ids, not roles)."""
    if len(skills) == 1:
        return f"skill {skills[0]}"
    return f"skills {', '.join(skills[:-1])} and {skills[-1]}"


def unreachable_reason(
    household: Household, vehicles: Sequence[TeamDayLike], trip_issue: TripIssue
) -> str:
    """Why no vehicle can visit the household even on a trip of its own."""
    if not vehicles:
        return "no team works on any of the visit days"
    skilled = [v for v in vehicles if set(household.needs) <= set(v.team.skills)]
    if not skilled:
        return f"no team with {skills_text(household.needs)}"
    days = household.days
    on_days = [v for v in skilled if days is None or v.day in days]
    if not on_days:
        assert days is not None
        who = f"no team with {skills_text(household.needs)}" if household.needs else "no team"
        return f"{who} works on {days_text(days)}"
    short = [w for w in household.windows if w.end_min - w.start_min < household.service_min]
    if household.windows and len(short) == len(household.windows):
        verb = "is" if len(short) == 1 else "are"
        return f"{window_text(short)} {verb} too short for the {household.service_min}-minute visit"
    if all(trip_issue(v) == "drive" for v in on_days):
        return "the drive there and back is longer than any team's daily driving limit"
    if household.windows:
        return f"{window_text(household.windows)} cannot be reached and left within any shift"
    return "it cannot be reached and left within any team's shift"


def dropped_reason(
    household: Household, allowed: Sequence[TeamDayLike], fits_on: TeamDayLike | None, drive: bool
) -> str:
    """Why the final plan leaves out a household some vehicle could have visited.

    Args:
        household: the household left out.
        allowed: the teams and days that could visit it (skills, days, reach).
        fits_on: a route of the final plan it would still fit into, if any.
        drive: whether only the driving limits keep it off those routes.
    """
    if fits_on is not None:
        why = (
            f"it would still fit on the route of {fits_on.team.id} on {day_text(fits_on.day)}, "
            "but the search ran out of time before placing it"
        )
    elif drive:
        why = f"the teams that can visit it ({_teams_text(allowed)}) had used up their driving time"
    else:
        why = f"the hours of the teams that can visit it ({_teams_text(allowed)}) were full"
    if household.required:
        return f"required, but the search found no plan that visits every required household: {why}"
    return f"optional, dropped (priority {household.priority} of {PRIORITIES}): {why}"


def _teams_text(allowed: Sequence[TeamDayLike]) -> str:
    """`team-a on 6 July or 7 July and team-c on 6 July`."""
    by_team: dict[str, list[dt.date]] = {}
    for v in allowed:
        by_team.setdefault(v.team.id, []).append(v.day)
    parts = [f"{team} on {days_text(days)}" for team, days in by_team.items()]
    if len(parts) > 3:
        return f"{len(parts)} teams"
    return " and ".join(parts)
