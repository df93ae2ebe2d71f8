"""The map backgrounds: tile URLs, keys, and the datum points are drawn in."""

from __future__ import annotations

import math

import pytest

from maps.tiles import OSM_URL, tile_source
from planner.model.crs import wgs84_to_gcj02
from planner.model.errors import InputError


def test_osm_draws_wgs84_points_on_openstreetmap_tiles() -> None:
    source = tile_source("osm")
    assert [layer.url for layer in source.layers] == [OSM_URL]
    assert source.layers[0].url.startswith("https://tile.openstreetmap.org/")
    assert source.project(27.34, 103.71) == (27.34, 103.71)


def test_gaode_shifts_points_to_gcj02() -> None:
    source = tile_source("gaode")
    assert len(source.layers) == 1
    assert source.layers[0].url.startswith("https://webrd0{s}.is.autonavi.com/appmaptile?")
    assert source.layers[0].subdomains == "1234"
    lat, lon = source.project(27.34, 103.71)
    assert (lat, lon) == wgs84_to_gcj02(27.34, 103.71)
    # GCJ-02 is a few hundred metres off WGS-84: not zero, not kilometres.
    north_m = (lat - 27.34) * 111_320
    east_m = (lon - 103.71) * 111_320 * math.cos(math.radians(27.34))
    assert 100 < math.hypot(north_m, east_m) < 1000


def test_tianditu_has_vector_and_label_layers_with_the_key() -> None:
    source = tile_source("tianditu", "abc 123")
    urls = [layer.url for layer in source.layers]
    assert len(urls) == 2
    assert "/vec_w/wmts?" in urls[0] and "LAYER=vec" in urls[0]
    assert "/cva_w/wmts?" in urls[1] and "LAYER=cva" in urls[1]
    assert all(url.endswith("&tk=abc%20123") for url in urls)
    assert all(url.startswith("https://t{s}.tianditu.gov.cn/") for url in urls)
    assert "{z}" in urls[0] and "{x}" in urls[0] and "{y}" in urls[0]
    assert source.project(27.34, 103.71) == (27.34, 103.71)


@pytest.mark.parametrize("key", [None, "", "   "])
def test_tianditu_without_a_key_is_an_input_error(key: str | None) -> None:
    with pytest.raises(InputError, match="Tianditu key"):
        tile_source("tianditu", key)


def test_none_has_no_tile_layer() -> None:
    source = tile_source("none")
    assert source.layers == ()
    assert source.project(27.34, 103.71) == (27.34, 103.71)


def test_unknown_tiles_are_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown map tiles 'google'"):
        tile_source("google")
