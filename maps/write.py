"""Writing the volunteers' maps of a plan into its output folder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from maps.elements import OfflineMap
from maps.labels import labels_for
from maps.mbtiles import DEFAULT_CAP_MB, DEFAULT_ZOOMS
from maps.render import overview_map, route_map
from maps.tiles import Point, TileSource, tile_source
from maps.views import route_view
from planner.model import Plan, Scenario
from planner.model.changes import VisitStatus
from planner.model.statuses import VISIT_STATUSES

OVERVIEW = "overview.html"


def write_maps(
    scenario: Scenario,
    plan: Plan,
    out_dir: Path,
    lang: str = "zh",
    tiles: str = "osm",
    tianditu_key: str | None = None,
    statuses: Sequence[VisitStatus] = (),
    tile_zooms: tuple[int, int] = DEFAULT_ZOOMS,
    tile_cap_mb: float = DEFAULT_CAP_MB,
) -> list[Path]:
    """Write one self-contained HTML map per route, and an overview, into `out_dir/maps`.

    Args:
        scenario: The stop the plan is for (households, teams, time zone).
        plan: The plan whose routes are drawn, numbered in route order.
        out_dir: The plan's output folder; the maps go into its `maps` subfolder.
        lang: 'zh' or 'en', the language of every label.
        tiles: The background: 'osm', 'gaode' (points shifted to GCJ-02), 'tianditu'
            (needs `tianditu_key`), 'none' (no network use at all) or 'mbtiles:FILE'
            (each map carries the tiles of a local MBTiles file around its points).
        tianditu_key: The Tianditu key for `tiles='tianditu'`.
        statuses: What the volunteers marked (a re-plan's `--status` files): the
            overview colours each visit by its status. Without them, the statuses that
            a re-planned plan's past visits carry are shown. The route maps start blank and
            keep what is marked on them in the phone.
        tile_zooms: With 'mbtiles:', the lowest and highest zoom levels embedded.
        tile_cap_mb: With 'mbtiles:', the most one map's tiles may take; the highest
            levels are left out to stay under it.

    Returns:
        The paths written: `maps/<team>-<day>.html` in plan order, then `maps/overview.html`.

    Raises:
        InputError: for an unknown language or background, a missing Tianditu key, an
            MBTiles file that is unreadable or does not cover a map, or a route naming a
            team or household the scenario lacks.
    """
    labels = labels_for(lang)
    source = tile_source(tiles, tianditu_key, tile_zooms, tile_cap_mb)
    views = [route_view(scenario, route, labels, source) for route in plan.routes]
    folder = out_dir / "maps"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for view in views:
        fmap = route_map(view, labels, source, storage_key(scenario, view.team_id, view.day))
        written.append(_save(fmap, folder / f"{view.file_stem}.html", labels.html_lang))
    statuses = list(statuses) or _marked_in_plan(plan)
    marked = [route_view(scenario, route, labels, source, statuses) for route in plan.routes]
    overview = overview_map(marked, labels, source, _fallback_points(scenario, source))
    written.append(_save(overview, folder / OVERVIEW, labels.html_lang))
    _remove_stale(folder, written)
    return written


def _marked_in_plan(plan: Plan) -> list[VisitStatus]:
    """The statuses a re-planned plan's past visits carry (not_reached is no mark)."""
    return [
        VisitStatus(household=v.household, status=v.status, team=r.team, day=r.day)
        for r in plan.routes
        for v in r.visits
        if v.status in VISIT_STATUSES
    ]


def storage_key(scenario: Scenario, team: str, day: dt.date) -> str:
    """Where a route map keeps its statuses in the phone's storage.

    Every map opened from files shares one storage, so the key names the stop, the
    team and the day; a re-planned map of the same team and day finds the statuses
    already marked.
    """
    return f"planner-status|{scenario.name}|{team}|{day.isoformat()}"


def _save(fmap: OfflineMap, path: Path, html_lang: str) -> Path:
    """Write a map; its language is declared so phones pick Chinese, not Japanese, glyphs."""
    html = fmap.get_root().render().replace("<html>", f'<html lang="{html_lang}">', 1)
    path.write_text(html, encoding="utf-8")
    return path


def _remove_stale(folder: Path, written: list[Path]) -> None:
    """Delete maps of an earlier plan, so no volunteer follows a route that was re-planned."""
    for path in folder.glob("*.html"):
        if path not in written:
            path.unlink()


def _fallback_points(scenario: Scenario, tiles: TileSource) -> list[Point]:
    """What the overview frames when there are no routes: team bases, else venues."""
    locations = [team.start for team in scenario.visits.teams] if scenario.visits else []
    locations = locations or [venue.location for venue in scenario.venues]
    points = [tiles.project(loc.lat, loc.lon) for loc in locations]
    return points or [(0.0, 0.0)]
