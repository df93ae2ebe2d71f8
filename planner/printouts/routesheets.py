"""The volunteers' paper route sheets: one per team and day, numbered as on the maps.

Privacy: a sheet shows only what finding and meeting a household needs (name, village,
address, contact, phone, time window, planned times), the same as the maps. Patients'
names, needs, severities and the visit's purpose never enter a sheet.

Each household gets a box per visit status (the four of the maps' status buttons) and a
line for a note, so that what a volunteer ticks on paper can be typed into a status file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from planner.model import Plan, Route, Scenario, route_file_stem, tel_link
from planner.model.changes import VisitState
from planner.model.visit_rows import VisitRow, clock, route_team, visit_rows
from planner.printouts.labels import Labels


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
    stops: tuple[VisitRow, ...]
    statuses: tuple[str, ...]
    """The words of the visit statuses a volunteer ticks, in the maps' order."""


def route_sheets(scenario: Scenario, plan: Plan, text: Labels) -> list[RouteSheet]:
    """A sheet for every route of the plan, in plan order.

    Raises:
        InputError: when a route names a team or household the scenario lacks.
    """
    return [_sheet(scenario, route, text) for route in plan.routes]


def _sheet(scenario: Scenario, route: Route, text: Labels) -> RouteSheet:
    _, team = route_team(scenario, route)
    stops = visit_rows(scenario, route, text.any_time)
    return RouteSheet(
        file_stem=route_file_stem(team.id, route.day),
        team=team.name or team.id,
        day=text.date(route.day),
        phone=team.phone,
        tel=tel_link(team.phone) if team.phone else None,
        members=tuple(team.members),
        base=team.start_name or team.name or team.id,
        depart=clock(scenario, route.depart) if route.depart else None,
        back=clock(scenario, route.back) if route.back else None,
        distance=f"{route.distance_km:.1f} {text.km}",
        drive=text.duration(route.drive_min),
        breaks=tuple(f"{clock(scenario, b.start)}–{clock(scenario, b.end)}" for b in route.breaks),
        stops=tuple(stops),
        statuses=tuple(text[status] for status in get_args(VisitState)),
    )
