"""The map backgrounds: which tile servers, and the datum the points are drawn in.

The tile layer is a map's only network use. Gaode (Amap) tiles are drawn in GCJ-02,
so every point on a Gaode map is shifted from WGS-84 to GCJ-02 first; OpenStreetMap
and Tianditu (CGCS2000, within a metre of WGS-84) take the points as they are.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from maps.mbtiles import DEFAULT_CAP_MB, DEFAULT_ZOOMS, MBTilesSpec
from planner.model.crs import wgs84_to_gcj02
from planner.model.errors import InputError
from planner.model.words import gettext as _

Point = tuple[float, float]
"""(lat, lon) in degrees."""

TILE_CHOICES = ("osm", "gaode", "tianditu", "none", "mbtiles:FILE")
MBTILES = "mbtiles:"

OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
GAODE_URL = (
    "https://webrd0{s}.is.autonavi.com/appmaptile"
    "?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}"
)
TIANDITU_URL = (
    "https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
    "&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={key}"
)


@dataclass(frozen=True)
class TileLayerSpec:
    """One Leaflet tile layer: a URL template, its attribution and its subdomains."""

    url: str
    attribution: str
    subdomains: str = "abc"
    max_zoom: int = 18


@dataclass(frozen=True)
class TileSource:
    """A map background: its tile layers (drawn in order) and how points are drawn.

    `mbtiles` is a local file whose tiles each map carries instead of any layer.
    """

    name: str
    layers: tuple[TileLayerSpec, ...]
    project: Callable[[float, float], Point]
    mbtiles: MBTilesSpec | None = None


def _as_is(lat: float, lon: float) -> Point:
    return lat, lon


def tile_source(
    name: str,
    tianditu_key: str | None = None,
    zooms: tuple[int, int] = DEFAULT_ZOOMS,
    cap_mb: float = DEFAULT_CAP_MB,
) -> TileSource:
    """The background called `name`: 'osm', 'gaode', 'tianditu' (needs a key), 'none',
    or 'mbtiles:FILE' (tiles at the `zooms` levels embedded, at most `cap_mb` per map).

    Raises:
        InputError: for an unknown name, 'tianditu' without a key, or an MBTiles file
            that is missing or unreadable.
    """
    if name.startswith(MBTILES):
        return TileSource("mbtiles", (), _as_is, mbtiles_spec(name[len(MBTILES) :], zooms, cap_mb))
    if name == "osm":
        osm = TileLayerSpec(OSM_URL, "&copy; OpenStreetMap contributors", "abc", 19)
        return TileSource(name, (osm,), _as_is)
    if name == "gaode":
        gaode = TileLayerSpec(GAODE_URL, "&copy; 高德地图 AutoNavi", "1234", 18)
        return TileSource(name, (gaode,), wgs84_to_gcj02)
    if name == "tianditu":
        return TileSource(name, _tianditu_layers(tianditu_key), _as_is)
    if name == "none":
        return TileSource(name, (), _as_is)
    choices = ", ".join(TILE_CHOICES)
    raise InputError(
        _("unknown map tiles {name!r} (choose one of {choices})", name=name, choices=choices)
    )


def _tianditu_layers(key: str | None) -> tuple[TileLayerSpec, ...]:
    """Tianditu's vector map and, above it, its Chinese place names."""
    if not key or not key.strip():
        raise InputError(
            _(
                "tiles 'tianditu' need a Tianditu key (--tianditu-key KEY; get one at "
                "https://console.tianditu.gov.cn)"
            )
        )
    safe_key = quote(key.strip(), safe="")
    return tuple(
        TileLayerSpec(
            TIANDITU_URL.format(layer=layer, key=safe_key),
            "&copy; 天地图 Tianditu",
            "01234567",
            18,
        )
        for layer in ("vec", "cva")
    )


def mbtiles_spec(file: str, zooms: tuple[int, int], cap_mb: float) -> MBTilesSpec:
    """A checked MBTiles file: it exists and has a `tiles` table; sensible levels and cap.

    Raises:
        InputError: naming the file and the problem.
    """
    path = Path(file)
    if not file or not path.is_file():
        raise InputError(_("--tiles mbtiles:{file}: no such file", file=file))
    low, high = zooms
    if not 0 <= low <= high <= 22:
        raise InputError(
            _("--tile-zooms {low}-{high}: levels from 0 to 22, lowest first", low=low, high=high)
        )
    if cap_mb <= 0:
        raise InputError(_("--tile-cap-mb {cap_mb:g}: the cap must be above 0", cap_mb=cap_mb))
    try:
        with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as db:
            db.execute("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles LIMIT 1")
    except sqlite3.Error as error:
        raise InputError(
            _("{path}: not a readable MBTiles file ({error})", path=path, error=error)
        ) from None
    return MBTilesSpec(path, (low, high), cap_mb)
