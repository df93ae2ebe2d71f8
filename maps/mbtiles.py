"""Base maps with no network: the tiles of a local MBTiles file, embedded in each map.

An MBTiles file (https://github.com/mapbox/mbtiles-spec) is an SQLite database of
Web-Mercator tiles. Its rows are numbered TMS-style, from the south: the XYZ row `y`
that Leaflet asks for is stored as `2**z - 1 - y`. Each map carries the tiles around its
own points, at the chosen zoom levels, as data: URIs; the highest levels are left out
when they would pass the size cap.
"""

from __future__ import annotations

import base64
import math
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from planner.model.errors import InputError
from planner.model.words import gettext as _

Point = tuple[float, float]
"""(lat, lon) in degrees."""

MIME = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"}
DEFAULT_ZOOMS = (8, 14)
"""Zoom levels embedded by default: the county (8) down to lanes and hamlets (14)."""
DEFAULT_CAP_MB = 15.0
"""Largest size of one map's tiles by default: a phone opens a 15 MB page at once."""
MARGIN_TILES = 1
"""Tiles kept around the points at every level, so that a stop near an edge has context."""


@dataclass(frozen=True)
class MBTilesSpec:
    """Which file, which zoom levels, and how much one map may carry."""

    path: Path
    zooms: tuple[int, int] = DEFAULT_ZOOMS
    cap_mb: float = DEFAULT_CAP_MB


@dataclass(frozen=True)
class EmbeddedTiles:
    """The tiles one map carries: `"z/x/y"` (XYZ rows) -> data: URI."""

    tiles: dict[str, str]
    min_zoom: int
    max_zoom: int
    attribution: str
    size_bytes: int


def tile_of(lat: float, lon: float, zoom: int) -> tuple[int, int]:
    """The XYZ (Web-Mercator, rows from the north) tile holding a point."""
    n = 2**zoom
    x = int((lon + 180.0) / 360.0 * n)
    lat_rad = math.radians(max(min(lat, 85.0511), -85.0511))
    y = int((1.0 - math.asinh(math.tan(lat_rad)) / math.pi) / 2.0 * n)
    return min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def embed(spec: MBTilesSpec, points: list[Point], what: str) -> EmbeddedTiles:
    """The tiles around `points` for one map (`what` names it in messages).

    Raises:
        InputError: the file cannot be read as MBTiles, it has no tile under one of the
            points at the lowest zoom level, or even that level passes the cap.
    """
    try:
        with sqlite3.connect(f"{spec.path.resolve().as_uri()}?mode=ro", uri=True) as db:
            meta = dict(db.execute("SELECT name, value FROM metadata").fetchall())
            mime = MIME.get(str(meta.get("format", "png")).lower(), "image/png")
            _check_covered(db, spec, points, what)
            return _gather(db, spec, points, what, mime, str(meta.get("attribution", "")))
    except sqlite3.Error as error:
        raise InputError(
            _("{path}: not a readable MBTiles file ({error})", path=spec.path, error=error)
        ) from None


def _check_covered(
    db: sqlite3.Connection, spec: MBTilesSpec, points: list[Point], what: str
) -> None:
    """Every point lies on a tile of the lowest level: else the file is for elsewhere."""
    zoom = spec.zooms[0]
    for lat, lon in points:
        x, y = tile_of(lat, lon, zoom)
        row = db.execute(
            "SELECT 1 FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?",
            (zoom, x, 2**zoom - 1 - y),
        ).fetchone()
        if row is None:
            raise InputError(
                _(
                    "{path}: does not cover {what}: no tile at zoom {zoom} under "
                    "({lat:.5f}, {lon:.5f}); make the file for an area that holds every "
                    "household and base, or choose other zoom levels",
                    path=spec.path,
                    what=what,
                    zoom=zoom,
                    lat=lat,
                    lon=lon,
                )
            )


def _gather(
    db: sqlite3.Connection,
    spec: MBTilesSpec,
    points: list[Point],
    what: str,
    mime: str,
    attribution: str,
) -> EmbeddedTiles:
    """Level after level from the lowest, while the map stays under its cap."""
    cap = int(spec.cap_mb * 1024 * 1024)
    tiles: dict[str, str] = {}
    size, top = 0, spec.zooms[0]
    for zoom in range(spec.zooms[0], spec.zooms[1] + 1):
        level = _level(db, zoom, points, mime)
        level_size = sum(len(uri) for uri in level.values())
        if size + level_size > cap:
            if zoom == spec.zooms[0]:
                raise InputError(
                    _(
                        "{path}: the tiles of {what} at zoom {zoom} alone take {number:.1f} "
                        "MB, more than the cap of {cap_mb:g} MB",
                        path=spec.path,
                        what=what,
                        zoom=zoom,
                        number=level_size / 1000000.0,
                        cap_mb=spec.cap_mb,
                    )
                )
            break
        tiles.update(level)
        size, top = size + level_size, zoom
    return EmbeddedTiles(tiles, spec.zooms[0], top, attribution, size)


def _level(db: sqlite3.Connection, zoom: int, points: list[Point], mime: str) -> dict[str, str]:
    """The tiles of one level in the box around the points, with a margin."""
    corners = [tile_of(lat, lon, zoom) for lat, lon in points]
    n = 2**zoom
    x0 = max(min(x for x, _ in corners) - MARGIN_TILES, 0)
    x1 = min(max(x for x, _ in corners) + MARGIN_TILES, n - 1)
    y0 = max(min(y for _, y in corners) - MARGIN_TILES, 0)
    y1 = min(max(y for _, y in corners) + MARGIN_TILES, n - 1)
    rows = db.execute(
        "SELECT tile_column, tile_row, tile_data FROM tiles WHERE zoom_level = ? "
        "AND tile_column BETWEEN ? AND ? AND tile_row BETWEEN ? AND ?",
        (zoom, x0, x1, n - 1 - y1, n - 1 - y0),
    ).fetchall()
    prefix = f"data:{mime};base64,"
    return {
        f"{zoom}/{x}/{n - 1 - row}": prefix + base64.b64encode(data).decode("ascii")
        for x, row, data in rows
    }
