"""The map backgrounds: which tile servers, and the datum the points are drawn in.

The tile layer is a map's only network use. Gaode (Amap) tiles are drawn in GCJ-02,
so every point on a Gaode map is shifted from WGS-84 to GCJ-02 first; OpenStreetMap
and Tianditu (CGCS2000, within a metre of WGS-84) take the points as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from planner.model.crs import wgs84_to_gcj02
from planner.model.errors import InputError

Point = tuple[float, float]
"""(lat, lon) in degrees."""

TILE_CHOICES = ("osm", "gaode", "tianditu", "none")

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
    """A map background: its tile layers (drawn in order) and how points are drawn."""

    name: str
    layers: tuple[TileLayerSpec, ...]
    project: Callable[[float, float], Point]


def _as_is(lat: float, lon: float) -> Point:
    return lat, lon


def tile_source(name: str, tianditu_key: str | None = None) -> TileSource:
    """The background called `name`: 'osm', 'gaode', 'tianditu' (needs a key) or 'none'.

    Raises:
        InputError: for an unknown name, or 'tianditu' without a key.
    """
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
    raise InputError(f"unknown map tiles {name!r} (choose one of {choices})")


def _tianditu_layers(key: str | None) -> tuple[TileLayerSpec, ...]:
    """Tianditu's vector map and, above it, its Chinese place names."""
    if not key or not key.strip():
        raise InputError(
            "tiles 'tianditu' need a Tianditu key (--tianditu-key KEY; "
            "get one at https://console.tianditu.gov.cn)"
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
