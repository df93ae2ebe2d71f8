"""Why a household is not visited, in words a coordinator understands.

Two kinds: households no team could visit even alone (found before the search, by
skills, days, windows and driving), and households the final plan leaves out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Protocol

from planner.model import Household, Team, TimeRange
from planner.model.words import gettext as _
from planner.model.words import ngettext, spoken

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
    """`6 July` (`7月6日`)."""
    # A date's shape is the language's, not a message: Chinese puts the month first.
    return f"{day.month}月{day.day}日" if spoken() == "zh" else f"{day.day} {day:%B}"


def days_text(days: Sequence[dt.date]) -> str:
    """`6 July`, `6 July or 7 July`, `5 July, 6 July or 7 July`."""
    texts = [day_text(d) for d in sorted(days)]
    if len(texts) == 1:
        return texts[0]
    return _("{listed} or {last}", listed=", ".join(texts[:-1]), last=texts[-1])


def window_text(windows: Sequence[TimeRange]) -> str:
    """`its 15:00–16:00 window` or `its 08:00–11:00 and 15:00–18:00 windows`."""
    spans = [f"{w.start:%H:%M}–{w.end:%H:%M}" for w in windows]
    if len(spans) == 1:
        return _("its {span} window", span=spans[0])
    return _("its {listed} and {last} windows", listed=", ".join(spans[:-1]), last=spans[-1])


def skills_text(skills: Sequence[str]) -> str:
    """`skill nurse`, or `skills nurse and yi-language` (skills are ids, not roles)."""
    if len(skills) == 1:
        return _("skill {skill}", skill=skills[0])
    return _("skills {listed} and {last}", listed=", ".join(skills[:-1]), last=skills[-1])


def unreachable_reason(
    household: Household, vehicles: Sequence[TeamDayLike], trip_issue: TripIssue
) -> str:
    """Why no vehicle can visit the household even on a trip of its own."""
    if not vehicles:
        return _("no team works on any of the visit days")
    skilled = [v for v in vehicles if set(household.needs) <= set(v.team.skills)]
    if not skilled:
        return _("no team with {skills}", skills=skills_text(household.needs))
    days = household.days
    on_days = [v for v in skilled if days is None or v.day in days]
    if not on_days:
        assert days is not None
        if household.needs:
            return _("no team with {skills} works on {days}", skills=skills_text(household.needs),
                     days=days_text(days))  # fmt: skip
        return _("no team works on {days}", days=days_text(days))
    short = [w for w in household.windows if w.end_min - w.start_min < household.service_min]
    if household.windows and len(short) == len(household.windows):
        return ngettext("{windows} is too short for the {minutes}-minute visit",
                        "{windows} are too short for the {minutes}-minute visit", len(short),
                        windows=window_text(short), minutes=household.service_min)  # fmt: skip
    if all(trip_issue(v) == "drive" for v in on_days):
        return _("the drive there and back is longer than any team's daily driving limit")
    if household.windows:
        return _("{windows} cannot be reached and left within any shift",
                 windows=window_text(household.windows))  # fmt: skip
    return _("it cannot be reached and left within any team's shift")


def dropped_code(fits_on: TeamDayLike | None, drive: bool) -> str:
    """The reason code of a household the final plan leaves out (`dropped_reason`)."""
    return "time_limit" if fits_on is not None else "driving_time_used" if drive else "teams_full"


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
        why = _("it would still fit on the route of {team} on {day}, but the search ran out of "
                "time before placing it", team=fits_on.team.id,
                day=day_text(fits_on.day))  # fmt: skip
    elif drive:
        why = _("the teams that can visit it ({teams}) had used up their driving time",
                teams=_teams_text(allowed))  # fmt: skip
    else:
        why = _("the hours of the teams that can visit it ({teams}) were full",
                teams=_teams_text(allowed))  # fmt: skip
    if household.required:
        return _("required, but the search found no plan that visits every required household: "
                 "{why}", why=why)  # fmt: skip
    return _("optional, dropped (priority {priority} of {count}): {why}",
             priority=household.priority, count=PRIORITIES, why=why)  # fmt: skip


def _teams_text(allowed: Sequence[TeamDayLike]) -> str:
    """`team-a on 6 July or 7 July and team-c on 6 July`."""
    by_team: dict[str, list[dt.date]] = {}
    for v in allowed:
        by_team.setdefault(v.team.id, []).append(v.day)
    if len(by_team) > 3:
        return _("{count} teams", count=len(by_team))
    parts = [
        _("{team} on {days}", team=team, days=days_text(days)) for team, days in by_team.items()
    ]
    return _(" and ").join(parts)
