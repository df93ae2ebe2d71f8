"""What a map shows, worked out from the scenario and the plan, before any drawing.

A view holds only what a volunteer needs to find and meet a household: the
household's name and contact, village and address, time windows, planned times and
navigation links. Patients' needs, diagnoses and severities never enter a view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from urllib.parse import quote

from maps.labels import Labels
from maps.tiles import Point, TileSource
from planner.model import Route, Scenario, Team, route_file_stem, tel_link
from planner.model.changes import VisitStatus
from planner.model.crs import wgs84_to_gcj02
from planner.model.visit_rows import VisitRow, clock, route_team, visit_rows

TEAM_COLOURS = ("#1f6feb", "#d1242f", "#1a7f37", "#8250df", "#bc4c00", "#0a7e8c", "#9a6700")


@dataclass(frozen=True)
class StopView(VisitRow):
    """One numbered stop: the household's row, as on the paper route sheet, with where to
    draw it and the links that navigate there.

    `status` is what the volunteers marked for this visit, when the maps are drawn
    with statuses (the overview after a re-plan); empty otherwise.
    """

    point: Point
    geo_link: str
    amap_link: str
    status: str = ""


@dataclass(frozen=True)
class BaseView:
    """Where the team sets out from and comes back to."""

    name: str
    start: Point
    end: Point
    depart: str | None
    back: str | None
    phone: str | None

    @property
    def phone_link(self) -> str | None:
        """A `tel:` link to the team's phone, if it has one."""
        return tel_link(self.phone) if self.phone else None


@dataclass(frozen=True)
class RouteView:
    """One team's day, ready to draw."""

    team_id: str
    team_name: str
    day: dt.date
    day_label: str
    distance: str
    drive: str
    colour: str
    base: BaseView
    stops: tuple[StopView, ...]

    @property
    def line(self) -> list[Point]:
        """The route as drawn: base, each stop in order, base (or the team's end)."""
        return [self.base.start, *(stop.point for stop in self.stops), self.base.end]

    @property
    def file_stem(self) -> str:
        """`<team>-<day>`, with characters unsafe in file names replaced."""
        return route_file_stem(self.team_id, self.day)


def geo_link(lat: float, lon: float) -> str:
    """A `geo:` link (RFC 5870, WGS-84) that opens the phone's map app at the point."""
    return f"geo:{lat:.6f},{lon:.6f}"


def amap_link(lat: float, lon: float, name: str) -> str:
    """Amap's driving navigation to a WGS-84 point, given to Amap in GCJ-02, lon first."""
    g_lat, g_lon = wgs84_to_gcj02(lat, lon)
    return (
        f"https://uri.amap.com/navigation?to={g_lon:.6f},{g_lat:.6f},{quote(name, safe='')}"
        "&mode=car&coordinate=gaode&callnative=1"
    )


def route_view(
    scenario: Scenario,
    route: Route,
    labels: Labels,
    tiles: TileSource,
    statuses: Sequence[VisitStatus] = (),
) -> RouteView:
    """The view of one route of the plan, with the statuses marked on its visits.

    Raises:
        InputError: when the route names a team or household the scenario lacks.
    """
    team_index, team = route_team(scenario, route)
    stops = []
    for row in visit_rows(scenario, route, labels.any_time):
        stop = _stop_view(row, tiles)
        status = _status_of(scenario, route, row.household, statuses)
        stops.append(stop if status is None else replace(stop, status=status))
    return RouteView(
        team_id=team.id,
        team_name=team.name or team.id,
        day=route.day,
        day_label=labels.date(route.day),
        distance=f"{route.distance_km:.1f} {labels.km}",
        drive=labels.duration(route.drive_min),
        # By the team's place in the scenario: the same colour on every map.
        colour=TEAM_COLOURS[team_index % len(TEAM_COLOURS)],
        base=_base_view(scenario, team, route, tiles),
        stops=tuple(stops),
    )


def _stop_view(row: VisitRow, tiles: TileSource) -> StopView:
    lat, lon = row.location.lat, row.location.lon
    return StopView(
        **{field.name: getattr(row, field.name) for field in fields(VisitRow)},
        point=tiles.project(lat, lon),
        geo_link=geo_link(lat, lon),
        amap_link=amap_link(lat, lon, row.village),
    )


def _status_of(
    scenario: Scenario, route: Route, household: str, statuses: Sequence[VisitStatus]
) -> str | None:
    """The status marked last for this household on this route.

    A status from a map names its team and day; one from a changes file names neither
    and belongs to the route of the day it was marked.
    """
    found = None
    for entry in statuses:
        if entry.household != household:
            continue
        if entry.team is not None and entry.day is not None:
            ours = (entry.team, entry.day) == (route.team, route.day)
        else:
            ours = entry.at is not None and scenario.localize(entry.at).date() == route.day
        if ours:
            found = entry  # the last one read wins: files are read in the order given
    return found.status if found is not None else None


def _base_view(scenario: Scenario, team: Team, route: Route, tiles: TileSource) -> BaseView:
    end = team.end or team.start
    return BaseView(
        name=team.start_name or team.name or team.id,
        start=tiles.project(team.start.lat, team.start.lon),
        end=tiles.project(end.lat, end.lon),
        depart=clock(scenario, route.depart) if route.depart else None,
        back=clock(scenario, route.back) if route.back else None,
        phone=team.phone,
    )
