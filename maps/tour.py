"""`maps/tour.html`: the tour's stops in date order on one offline map.

Each expert is a layer of the layer control, drawing their trips from home to each of
their stops. Leaflet is inlined (see `elements.OfflineMap`); only the tiles need a network.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import folium
import jinja2

from maps.elements import TEMPLATES, DivMarker, FitAboveControls, HtmlTooltip, OfflineMap
from maps.render import offline_map
from maps.tiles import Point, TileSource, tile_source
from maps.views import TEAM_COLOURS
from planner.model.common import Location
from planner.model.tour import Tour, TourPlan

STOP_COLOUR = "#333333"
_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)


def tour_map(
    tour: Tour, plan: TourPlan, lang: str = "zh", tiles: TileSource | None = None
) -> OfflineMap:
    """The map: numbered stops in date order, then one layer of trips per expert.

    `tiles` is the background (`maps.tiles.tile_source`; OpenStreetMap by default); on
    Gaode tiles every point is shifted to GCJ-02, with an MBTiles file the map carries
    the tiles around the stops and the experts' homes.
    """
    source = tiles or tile_source("osm")
    zh = lang == "zh"
    stops = {s.id: s for s in tour.stops}

    def at(location: Location) -> Point:
        return source.project(location.lat, location.lon)

    points = [at(stops[p.stop].location) for p in plan.stops]
    points = points or [at(s.location) for s in tour.stops]
    homes = [at(e.location) for e in tour.experts]
    fmap = offline_map(source, tour.name, points + homes, "the tour map")
    for number, planned in enumerate(plan.stops, start=1):
        stop = stops[planned.stop]
        city = (stop.city_zh or stop.city) if zh else stop.city
        marker = _marker(at(stop.location), "stop", STOP_COLOUR, str(number))
        marker.add_to(fmap)
        HtmlTooltip(escape(f"{number}. {city} {planned.start}–{planned.end}")).add_to(marker)
    for index, expert in enumerate(tour.experts):
        trips = [p for p in plan.stops if any(s.expert == expert.id for s in p.experts)]
        if not trips:
            continue
        colour = TEAM_COLOURS[index % len(TEAM_COLOURS)]
        name = (expert.name_zh or expert.name) if zh else expert.name
        layer = folium.FeatureGroup(name=f'<span style="color: {colour}">■</span> {escape(name)}')
        layer.add_to(fmap)
        home = at(expert.location)
        HtmlTooltip(escape(name)).add_to(_marker(home, "base", colour, "⌂").add_to(layer))
        for planned in trips:
            stop = stops[planned.stop]
            line = folium.PolyLine([home, at(stop.location)],
                                   color=colour, weight=3, opacity=0.8).add_to(layer)  # fmt: skip
            HtmlTooltip(escape(f"{name} → {stop.city} {planned.start}")).add_to(line)
    folium.LayerControl(collapsed=True, position="topright").add_to(fmap)
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    FitAboveControls([[min(lats), min(lons)], [max(lats), max(lons)]], 36, 9).add_to(fmap)
    return fmap


def _marker(point: Point, kind: str, colour: str, text: str) -> DivMarker:
    html = _ENV.get_template("marker.html.j2").render(kind=kind, colour=colour, text=text).strip()
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
