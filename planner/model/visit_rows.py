"""The households of a route as volunteers read them: one row per visit, numbered.

The paper route sheets (`planner/printouts/routesheets.py`) and the maps
(`maps/views.py`) show the same row, so a sheet and its map agree line for line.

Privacy: a row holds only what finding and meeting a household needs (name, village,
address, contact, phone, time windows, planned times, where it is). Patients' names,
needs, severities and the visit's purpose never enter a row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner.model.common import Location
from planner.model.errors import InputError
from planner.model.plan import Route, tel_link
from planner.model.scenario import Scenario
from planner.model.visits import Team, Visits
from planner.model.words import gettext as _


@dataclass(frozen=True)
class VisitRow:
    """One numbered household of a route (1 = first visit), its times in local HH:MM."""

    number: int
    household: str
    title: str
    village: str
    address: str | None
    contact: str | None
    phone: str | None
    tel_link: str | None
    windows: str
    arrive: str
    start: str
    end: str
    location: Location


def visit_rows(scenario: Scenario, route: Route, any_time: str) -> list[VisitRow]:
    """The rows of a route's visits, in route order; `any_time` for a household without windows.

    Raises:
        InputError: the scenario has no home visits, or the route names a household it lacks.
    """
    households = {household.id: household for household in _visits(scenario).households}
    rows = []
    for number, visit in enumerate(route.visits, start=1):
        household = households.get(visit.household)
        if household is None:
            raise InputError(
                _(
                    "route of {team} on {day}: unknown household {household!r}",
                    team=route.team,
                    day=route.day,
                    household=visit.household,
                )
            )
        windows = ", ".join(f"{w.start:%H:%M}–{w.end:%H:%M}" for w in household.windows)
        rows.append(VisitRow(
            number=number, household=household.id, title=household.name or household.village,
            village=household.village, address=household.address, contact=household.contact,
            phone=household.phone, tel_link=tel_link(household.phone) if household.phone else None,
            windows=windows or any_time, arrive=clock(scenario, visit.arrive),
            start=clock(scenario, visit.start), end=clock(scenario, visit.end),
            location=household.location,
        ))  # fmt: skip
    return rows


def route_team(scenario: Scenario, route: Route) -> tuple[int, Team]:
    """The route's team, and its place in the scenario's list (for its colour on the maps).

    Raises:
        InputError: the scenario has no home visits, or no team of the route's id.
    """
    for index, team in enumerate(_visits(scenario).teams):
        if team.id == route.team:
            return index, team
    raise InputError(_("the plan has a route for an unknown team {team!r}", team=route.team))


def _visits(scenario: Scenario) -> Visits:
    """The scenario's home visits, which a plan with routes needs.

    Raises:
        InputError: the scenario has none.
    """
    if scenario.visits is None:
        raise InputError(_("the plan has routes, but the scenario has no home visits"))
    return scenario.visits


def clock(scenario: Scenario, moment: dt.datetime) -> str:
    """A plan time as the local clock time of the stop, HH:MM."""
    return f"{scenario.localize(moment):%H:%M}"
