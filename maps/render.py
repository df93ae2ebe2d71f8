"""Drawing route views on folium maps: one map per route, and an overview."""

from __future__ import annotations

from html import escape

import folium
import jinja2

from maps.elements import (
    TEMPLATES,
    ClusterLayer,
    DivMarker,
    EmbeddedTileLayer,
    FitAboveControls,
    HtmlPopup,
    HtmlTooltip,
    LegendControl,
    MetricScale,
    OfflineMap,
    StatusControl,
    StopsData,
)
from maps.labels import Labels
from maps.mbtiles import embed
from maps.tiles import Point, TileSource
from maps.views import RouteView

MAX_FIT_ZOOM = 15
"""Closest zoom when fitting a route: a one-stop route would otherwise zoom in to streets."""

FIT_PADDING = 36
"""Pixels kept clear around the route when fitting, besides the legend's height."""

CLUSTER_OPTIONS = {
    "maxClusterRadius": 40,
    "showCoverageOnHover": False,
    "spiderfyOnMaxZoom": True,
    "disableClusteringAtZoom": 14,
}
"""Leaflet.markercluster on the overview: nearby stops of a team gather into one disc
until the map is zoomed in to villages (zoom 14), where every stop shows."""

DATA_FROM_STOPS = 1000
"""From this many stops the overview carries its stops as data (`StopsData`) rather
than a script per stop: a province's page is a quarter smaller (docs/benchmarks.md)."""

LEGEND_OPEN_UP_TO = 12
"""The overview's legend starts folded beyond this many routes (a county has 200)."""

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)


def _html(template: str, **context: object) -> str:
    return _ENV.get_template(template).render(**context).strip()


def route_map(route: RouteView, labels: Labels, tiles: TileSource, storage_key: str) -> OfflineMap:
    """The map of one team's day: base, numbered stops, the route line and a legend.

    Each stop's popup marks the household's status; the statuses are kept in the
    phone's storage under `storage_key`, which must differ from map to map.
    """
    title = f"{labels.team} {route.team_name} · {route.day_label}"
    what = f"the route of {route.team_id} on {route.day.isoformat()}"
    fmap = offline_map(tiles, title, route.line, what, plugins=("status",))
    _draw_base(route, labels, fmap)
    _draw_route(route, labels, fmap, buttons=True)
    LegendControl(_html("legend_route.html.j2", route=route, t=labels)).add_to(fmap)
    # Export and copy sit apart from the legend, top right, to keep the legend low.
    actions = _html("status_actions.html.j2", t=labels)
    LegendControl(actions, position="topright", class_name="map-actions").add_to(fmap)
    config = {
        "key": storage_key,
        "team": route.team_id,
        "day": route.day.isoformat(),
        "file": f"status-{route.file_stem}.csv",
        "households": [stop.household for stop in route.stops],
    }
    StatusControl(config).add_to(fmap)
    FitAboveControls(_bounds(route.line), FIT_PADDING, MAX_FIT_ZOOM).add_to(fmap)
    return fmap


def overview_map(
    routes: list[RouteView], labels: Labels, tiles: TileSource, fallback: list[Point]
) -> OfflineMap:
    """Every route on one map, one layer per team that the layer control switches.

    Each team's stops gather into clusters when zoomed out, so that a county's 200
    routes stay readable; stops show the statuses their views carry. `fallback` are
    the points to frame when the plan has no routes.
    """
    points = [point for route in routes for point in route.line] or fallback
    fmap = offline_map(tiles, labels.overview, points, "the overview", plugins=("cluster",))
    layers: dict[str, ClusterLayer] = {}
    as_data = sum(len(route.stops) for route in routes) >= DATA_FROM_STOPS
    for route in routes:
        if route.team_id not in layers:
            # Leaflet's layer control shows names as HTML.
            name = f'<span style="color: {route.colour}">■</span> {escape(route.team_name)}'
            layers[route.team_id] = ClusterLayer(
                name=name, options=CLUSTER_OPTIONS, icon_create_function=_cluster_icon(route.colour)
            )
            layers[route.team_id].add_to(fmap)
            _draw_base(route, labels, layers[route.team_id], with_times=False)
        if as_data:
            _draw_route_data(route, labels, layers[route.team_id])
        else:
            _draw_route(route, labels, layers[route.team_id], with_day=True)
    if layers:
        folium.LayerControl(collapsed=len(layers) > LEGEND_OPEN_UP_TO, position="topright").add_to(
            fmap
        )
    counts = _status_counts(routes, labels)
    legend = _html(
        "legend_overview.html.j2", routes=routes, t=labels, counts=counts,
        open=len(routes) <= LEGEND_OPEN_UP_TO,
    )  # fmt: skip
    LegendControl(legend).add_to(fmap)
    FitAboveControls(_bounds(points), FIT_PADDING, MAX_FIT_ZOOM).add_to(fmap)
    return fmap


def _cluster_icon(colour: str) -> str:
    """A JavaScript function drawing a team's clusters: a disc in its colour, with the count."""
    html = f'<div class="cluster-symbol" style="background: {colour}">'
    return (
        "function (cluster) { return L.divIcon({html: "
        f"'{html}' + cluster.getChildCount() + '</div>', "
        "className: 'marker-cluster team-cluster', iconSize: L.point(36, 36)}); }"
    )


def _status_counts(routes: list[RouteView], labels: Labels) -> list[tuple[str, str, int]]:
    """(status, label, how many stops) for each status some stop shows; empty if none."""
    shown = [stop.status for route in routes for stop in route.stops if stop.status]
    return [(status, label, shown.count(status)) for status, label in labels.statuses
            if status in shown]  # fmt: skip


def offline_map(
    tiles: TileSource, title: str, points: list[Point], what: str, plugins: tuple[str, ...] = ()
) -> OfflineMap:
    """An offline map on the chosen tiles, centred on `points` (already drawn in the
    tiles' datum), with a scale bar.

    With an MBTiles background the map carries the tiles around `points` (`what` names
    the map in messages when the file does not cover them).
    """
    fmap = OfflineMap(location=_centre(points), tiles=None, zoom_start=11, plugins=plugins)
    if tiles.mbtiles is not None:
        found = embed(tiles.mbtiles, points, what)
        EmbeddedTileLayer(found.tiles, found.min_zoom, found.max_zoom, found.attribution).add_to(
            fmap
        )
    fmap.add_to(folium.Figure(title=escape(title)))
    for index, layer in enumerate(tiles.layers):
        folium.TileLayer(
            tiles=layer.url,
            attr=layer.attribution,
            name=f"{tiles.name}-{index}",
            subdomains=layer.subdomains,
            max_zoom=layer.max_zoom,
            control=False,
        ).add_to(fmap)
    MetricScale().add_to(fmap)
    return fmap


def _draw_route(
    route: RouteView,
    labels: Labels,
    parent: folium.Map | ClusterLayer,
    with_day: bool = False,
    buttons: bool = False,
) -> None:
    """The route line and one numbered marker per stop, in route order.

    `buttons` puts the status buttons and a note field in each stop's popup.
    """
    line = folium.PolyLine(route.line, color=route.colour, weight=4, opacity=0.8).add_to(parent)
    HtmlTooltip(escape(route.team_name)).add_to(line)
    prefix = f"{route.day_label} · " if with_day else ""
    for stop in route.stops:
        html = _html("marker.html.j2", kind="stop", colour=route.colour, text=str(stop.number),
                     household=stop.household, status=stop.status)  # fmt: skip
        marker = DivMarker(stop.point, html, class_name="stop-marker").add_to(parent)
        HtmlTooltip(escape(f"{prefix}{stop.number}. {stop.village} {stop.arrive}")).add_to(marker)
        popup = _html("popup_visit.html.j2", stop=stop, t=labels, buttons=buttons)
        HtmlPopup(popup).add_to(marker)


def _draw_route_data(route: RouteView, labels: Labels, layer: ClusterLayer) -> None:
    """The route line, and its stops as `_draw_route(with_day=True)` draws them, as data."""
    line = folium.PolyLine(route.line, color=route.colour, weight=4, opacity=0.8).add_to(layer)
    HtmlTooltip(escape(route.team_name)).add_to(line)
    stops = [
        [*stop.point, str(stop.number), stop.household, stop.status,
         escape(f"{route.day_label} · {stop.number}. {stop.village} {stop.arrive}"),
         _html("popup_visit.html.j2", stop=stop, t=labels, buttons=False)]
        for stop in route.stops
    ]  # fmt: skip
    StopsData(route.colour, stops).add_to(layer)


def _draw_base(
    route: RouteView,
    labels: Labels,
    parent: folium.Map | ClusterLayer,
    with_times: bool = True,
) -> None:
    """The team's base: one marker, or two when the team ends somewhere else.

    `with_times` shows the day's departure and return; the overview leaves them out,
    as its one base marker stands for every day of the team.
    """
    base = route.base
    if base.start == base.end:
        ends = [(base.start, labels.base_start_end, True, True)]
    else:
        ends = [(base.start, labels.base, True, False), (base.end, labels.base_end, False, True)]
    for point, label, is_start, is_end in ends:
        marker = _base_marker(point, route.colour).add_to(parent)
        HtmlTooltip(escape(f"{base.name} ({label})")).add_to(marker)
        popup = _html(
            "popup_base.html.j2", base=base, route=route, label=label, t=labels,
            show_depart=with_times and is_start, show_back=with_times and is_end,
        )  # fmt: skip
        HtmlPopup(popup).add_to(marker)


def _base_marker(point: Point, colour: str) -> DivMarker:
    """A base's square marker in the team's colour."""
    html = _html("marker.html.j2", kind="base", colour=colour, text="⌂", household=None)
    return DivMarker(point, html, class_name="base-marker")


def _bounds(points: list[Point]) -> list[list[float]]:
    lats = [lat for lat, _ in points]
    lons = [lon for _, lon in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _centre(points: list[Point]) -> list[float]:
    (south, west), (north, east) = _bounds(points)
    return [(south + north) / 2, (west + east) / 2]
