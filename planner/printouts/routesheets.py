"""The volunteers' paper route sheets: one per team and day, numbered as on the maps.

Privacy: a sheet shows only what finding and meeting a household needs (name, village,
address, contact, phone, time window, planned times), the same as the maps. Patients'
names, needs, severities and the visit's purpose never enter a sheet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner.model import Household, Plan, Route, Scenario, Team, route_file_stem, tel_link
from planner.model.errors import InputError
from planner.printouts.text import Text


@dataclass(frozen=True)
class SheetStop:
    """One numbered household (1 = first visit, as on the map)."""

    number: int
    arrive: str
    start: str
    end: str
    name: str
    village: str
    address: str | None
    contact: str | None
    phone: str | None
    tel: str | None
    windows: str


@dataclass(frozen=True)
class RouteSheet:
    """One team's day on paper."""

    file_stem: str
    team: str
    day: str
    phone: str | None
    tel: str | None
    members: tuple[str, ...]
    base: str
    depart: str | None
    back: str | None
    distance: str
    drive: str
    breaks: tuple[str, ...]
    stops: tuple[SheetStop, ...]


def route_sheets(scenario: Scenario, plan: Plan, text: Text) -> list[RouteSheet]:
    """A sheet for every route of the plan, in plan order.

    Raises:
        InputError: when a route names a team or household the scenario lacks.
    """
    return [_sheet(scenario, route, text) for route in plan.routes]


def _sheet(scenario: Scenario, route: Route, text: Text) -> RouteSheet:
    if scenario.visits is None:
        raise InputError("the plan has routes, but the scenario has no home visits")
    teams = {team.id: team for team in scenario.visits.teams}
    households = {household.id: household for household in scenario.visits.households}
    team: Team | None = teams.get(route.team)
    if team is None:
        raise InputError(f"the plan has a route for an unknown team {route.team!r}")
    stops = []
    for number, visit in enumerate(route.visits, start=1):
        household = households.get(visit.household)
        if household is None:
            raise InputError(
                f"route of {route.team} on {route.day}: unknown household {visit.household!r}"
            )
        times = tuple(_clock(scenario, t) for t in (visit.arrive, visit.start, visit.end))
        stops.append(_stop(number, household, times, text))
    return RouteSheet(
        file_stem=route_file_stem(team.id, route.day),
        team=team.name or team.id,
        day=text.date(route.day),
        phone=team.phone,
        tel=tel_link(team.phone) if team.phone else None,
        members=tuple(team.members),
        base=team.start_name or team.name or team.id,
        depart=_clock(scenario, route.depart) if route.depart else None,
        back=_clock(scenario, route.back) if route.back else None,
        distance=f"{route.distance_km:.1f} {text.km}",
        drive=text.duration(route.drive_min),
        breaks=tuple(
            f"{_clock(scenario, b.start)}–{_clock(scenario, b.end)}" for b in route.breaks
        ),
        stops=tuple(stops),
    )


def _stop(number: int, household: Household, times: tuple[str, ...], text: Text) -> SheetStop:
    windows = ", ".join(f"{w.start:%H:%M}–{w.end:%H:%M}" for w in household.windows)
    return SheetStop(
        number=number,
        arrive=times[0],
        start=times[1],
        end=times[2],
        name=household.name or household.village,
        village=household.village,
        address=household.address,
        contact=household.contact,
        phone=household.phone,
        tel=tel_link(household.phone) if household.phone else None,
        windows=windows or text.any_time,
    )


def _clock(scenario: Scenario, moment: dt.datetime) -> str:
    return f"{scenario.localize(moment):%H:%M}"
