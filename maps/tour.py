"""`maps/tour.html`: the tour's stops in date order on one offline map.

Each stop is labelled with its number and city; a tap opens its dates and experts. Each
expert is a layer of the layer control, drawing their trips from home to each of their
stops. Leaflet is inlined (see `elements.OfflineMap`); only the tiles need a network.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from html import escape
from pathlib import Path

import folium
import jinja2

from maps.elements import (
    TEMPLATES,
    DivMarker,
    FitAboveControls,
    HtmlPopup,
    HtmlTooltip,
    OfflineMap,
    SpreadLabels,
)
from maps.render import offline_map
from maps.tiles import Point, TileSource, tile_source
from maps.views import TEAM_COLOURS
from planner.model.common import Location
from planner.model.tour import Tour, TourExpert, TourPlan, TourStop, TourStopPlan
from planner.model.words import translate

STOP_COLOUR = "#333333"
ZOOM_SNAP = 0.25
"""The zoom comes in quarter steps: each whole step doubles the scale, so a fit in whole
steps may fill only half the screen and crowd the stops; in quarter steps it fills 84 %."""
LABEL_SIDES = ["right", "left", "above-right", "below-right", "above-left", "below-left",
               "above", "below"]  # fmt: skip
"""Where a city's label may go beside its stop, in order of preference (maps.css)."""
_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)


def tour_map(
    tour: Tour, plan: TourPlan, lang: str = "zh", tiles: TileSource | None = None
) -> OfflineMap:
    """The map: numbered stops in date order, then one layer of trips per expert.

    Each stop's marker carries its number and city, and a tap (or click) on either opens
    a popup with its dates and experts; each expert's home opens the list of their trips.
    The first view fits every stop and every home, at a fractional zoom; each city's
    label goes on a side of its stop where it covers no other label or marker, or shows
    only once a closer zoom leaves room for it. `tiles` is the background
    (`maps.tiles.tile_source`; OpenStreetMap by default); on Gaode tiles every point is
    shifted to GCJ-02, with an MBTiles file the map carries the tiles around the stops
    and the experts' homes.
    """
    places = _Places(tour, tiles or tile_source("osm"), lang)
    points = [places.at(places.stops[p.stop].location) for p in plan.stops]
    points = points or [places.at(s.location) for s in tour.stops]
    homes = [places.at(e.location) for e in tour.experts]
    fmap = offline_map(places.source, tour.name, points + homes, "the tour map")
    fmap.options["zoom_snap"] = ZOOM_SNAP
    _draw_stops(fmap, plan, places)
    for index, expert in enumerate(tour.experts):
        trips = [p for p in plan.stops if any(s.expert == expert.id for s in p.experts)]
        if trips:
            _draw_expert(fmap, expert, TEAM_COLOURS[index % len(TEAM_COLOURS)], trips, places)
    folium.LayerControl(collapsed=True, position="topright").add_to(fmap)
    FitAboveControls(tour_bounds(points + homes), 36, 9).add_to(fmap)
    labels = SpreadLabels(".stop-marker .marker-label", ".stop-symbol, .base-symbol", LABEL_SIDES)
    labels.add_to(fmap)
    return fmap


@dataclass(frozen=True)
class _Places:
    """The map's points on its tiles, and its names of cities and experts in its language."""

    tour: Tour
    source: TileSource
    lang: str

    @cached_property
    def stops(self) -> dict[str, TourStop]:
        return {s.id: s for s in self.tour.stops}

    def at(self, location: Location) -> Point:
        return self.source.project(location.lat, location.lon)

    def city(self, stop_id: str) -> str:
        stop = self.stops[stop_id]
        return (stop.city_zh or stop.city) if self.lang == "zh" else stop.city

    def name(self, expert_id: str) -> str:
        expert = self.tour.expert(expert_id)
        return (expert.name_zh or expert.name) if self.lang == "zh" else expert.name


def _draw_stops(fmap: OfflineMap, plan: TourPlan, places: _Places) -> None:
    """A marker per stop with its number and city; a tap opens its dates and experts."""
    for number, planned in enumerate(plan.stops, start=1):
        stop, city = places.stops[planned.stop], places.city(planned.stop)
        marker = _marker("tour_marker.html.j2", places.at(stop.location), "stop",
                         colour=STOP_COLOUR, number=number, city=city).add_to(fmap)  # fmt: skip
        HtmlTooltip(escape(f"{number}. {city} {_dates(planned)}")).add_to(marker)
        popup = _ENV.get_template("tour_popup.html.j2").render(
            number=number, city=city, province=stop.province, dates=_dates(planned),
            experts=[places.name(seat.expert) for seat in planned.experts],
            experts_label=translate(places.lang, "Experts"),
        )  # fmt: skip
        HtmlPopup(popup).add_to(marker)


def _draw_expert(
    fmap: OfflineMap, expert: TourExpert, colour: str, trips: list[TourStopPlan], places: _Places
) -> None:
    """The expert's layer: home (a tap lists the trips) and a line to each of their stops."""
    name = places.name(expert.id)
    layer = folium.FeatureGroup(name=f'<span style="color: {colour}">■</span> {escape(name)}')
    layer.add_to(fmap)
    home = places.at(expert.location)
    marker = _marker("marker.html.j2", home, "base", colour=colour, text="⌂").add_to(layer)
    HtmlTooltip(escape(name)).add_to(marker)
    HtmlPopup(_ENV.get_template("tour_home_popup.html.j2").render(
        name=name, hospital=expert.hospital,
        trips=[f"{places.city(p.stop)} {_dates(p)}" for p in trips],
    )).add_to(marker)  # fmt: skip
    for planned in trips:
        line = folium.PolyLine([home, places.at(places.stops[planned.stop].location)],
                               color=colour, weight=3, opacity=0.8).add_to(layer)  # fmt: skip
        HtmlTooltip(escape(f"{name} → {places.city(planned.stop)} {planned.start}")).add_to(line)


def tour_bounds(points: list[Point]) -> list[list[float]]:
    """The south-west and north-east corners around `points` (stops and homes alike)."""
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _dates(planned: TourStopPlan) -> str:
    if planned.start == planned.end:
        return planned.start.isoformat()
    return f"{planned.start.isoformat()} – {planned.end.isoformat()}"


def _marker(template: str, point: Point, kind: str, **context: object) -> DivMarker:
    html = _ENV.get_template(template).render(kind=kind, **context).strip()
    return DivMarker(point, html, class_name=f"{kind}-marker")


def write_tour_map(
    tour: Tour, plan: TourPlan, path: Path, lang: str = "zh", tiles: TileSource | None = None
) -> Path:
    """Write the tour map (on `tiles`, OpenStreetMap by default) to `path` and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    html_lang = "zh-CN" if lang == "zh" else "en"
    html = tour_map(tour, plan, lang, tiles).get_root().render()
    path.write_text(html.replace("<html>", f'<html lang="{html_lang}">', 1), encoding="utf-8")
    return path
