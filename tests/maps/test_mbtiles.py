"""Base maps from a local MBTiles file: the tiles around a map's points, embedded."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from maps import write_maps
from maps.mbtiles import MBTilesSpec, embed, tile_of
from maps.tiles import mbtiles_spec, tile_source
from planner.model import Plan, Scenario
from planner.model.errors import InputError
from tests.support.mbtiles_file import make_mbtiles

COUNTY = ((27.15, 103.45), (27.65, 104.05))
"""Around the tiny stop's households and bases."""
ELSEWHERE = ((30.0, 110.0), (30.2, 110.2))
POINTS = [(27.40, 103.65), (27.45, 103.70), (27.34, 103.71)]


def test_tiles_are_read_by_xyz_rows_from_tms_rows(tmp_path: Path) -> None:
    path = tmp_path / "county.mbtiles"
    written = make_mbtiles(path, COUNTY, range(9, 12))
    found = embed(MBTilesSpec(path, (9, 11), 10.0), POINTS, "the route")
    assert (found.min_zoom, found.max_zoom, found.attribution) == (9, 11, "test tiles")
    x, y = tile_of(27.40, 103.65, 11)
    uri = found.tiles[f"11/{x}/{y}"]
    assert base64.b64decode(uri.removeprefix("data:image/png;base64,")) == written[(11, x, y)]
    assert set(found.tiles) <= {f"{z}/{x}/{y}" for z, x, y in written}
    assert found.size_bytes == sum(len(uri) for uri in found.tiles.values())


def test_the_cap_leaves_out_the_highest_levels(tmp_path: Path) -> None:
    path = tmp_path / "county.mbtiles"
    make_mbtiles(path, COUNTY, range(9, 13))
    full = embed(MBTilesSpec(path, (9, 12), 10.0), POINTS, "the route")
    level_12 = sum(len(v) for k, v in full.tiles.items() if k.startswith("12/"))
    cap_mb = (full.size_bytes - level_12 / 2) / 1024 / 1024
    capped = embed(MBTilesSpec(path, (9, 12), cap_mb), POINTS, "the route")
    assert (full.max_zoom, capped.max_zoom) == (12, 11)
    assert not [k for k in capped.tiles if k.startswith("12/")]


def test_a_cap_below_the_lowest_level_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "county.mbtiles"
    make_mbtiles(path, COUNTY, range(9, 10))
    with pytest.raises(InputError, match=r"county\.mbtiles: the tiles of the route at zoom 9"):
        embed(MBTilesSpec(path, (9, 9), 0.0001), POINTS, "the route")


def test_a_file_for_another_area_is_named_with_the_map_it_fails(
    scenario: Scenario, plan: Plan, tmp_path: Path
) -> None:
    path = tmp_path / "elsewhere.mbtiles"
    make_mbtiles(path, ELSEWHERE, range(9, 11))
    with pytest.raises(InputError) as caught:
        write_maps(scenario, plan, tmp_path, tiles=f"mbtiles:{path}", tile_zooms=(9, 10))
    (message,) = caught.value.messages
    assert message.startswith(
        f"{path}: does not cover the route of team-a on 2025-07-06: no tile at zoom 9 under ("
    )


def test_a_missing_or_foreign_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"mbtiles:nowhere\.mbtiles: no such file"):
        tile_source("mbtiles:nowhere.mbtiles")
    text = tmp_path / "notes.mbtiles"
    text.write_text("not a database", encoding="utf-8")
    with pytest.raises(InputError, match=r"notes\.mbtiles: not a readable MBTiles file"):
        mbtiles_spec(str(text), (8, 14), 15.0)
    with pytest.raises(InputError, match=r"--tile-zooms 14-8"):
        mbtiles_spec(str(text), (14, 8), 15.0)


def test_each_map_carries_only_its_own_area(scenario: Scenario, plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "county.mbtiles"
    make_mbtiles(path, COUNTY, range(9, 13))
    paths = write_maps(scenario, plan, tmp_path, tiles=f"mbtiles:{path}", tile_zooms=(9, 12))
    sizes = {p.name: p.stat().st_size for p in paths}
    # Team B's one-stop day covers less ground than the overview of every route.
    assert sizes["team-b-2025-07-06.html"] < sizes["overview.html"]
    html = (tmp_path / "maps" / "team-b-2025-07-06.html").read_text(encoding="utf-8")
    assert "tile.openstreetmap.org" not in html and '"maxNativeZoom": 12' in html
