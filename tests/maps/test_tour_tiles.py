"""The tour map on each background: Gaode shifts the points, MBTiles tiles are carried."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

from maps.tiles import tile_source
from maps.tour import tour_map
from planner.model.crs import wgs84_to_gcj02
from planner.model.tour import Tour, TourPlan
from tests.support.cli import planner
from tests.support.mbtiles_file import make_mbtiles

TOUR = {
    "name": "Two stops",
    "stops": [
        {"id": "longyan", "city": "Longyan", "location": {"lat": 25.08, "lon": 117.02},
         "window": {"from": "2026-03-01", "to": "2026-03-31"}, "days": 1,
         "needs": {"hematology": 1}},
        {"id": "sanming", "city": "Sanming", "location": {"lat": 26.26, "lon": 117.64},
         "window": {"from": "2026-03-01", "to": "2026-03-31"}, "days": 1,
         "needs": {"hematology": 1}},
    ],
    "experts": [{"id": "lin", "name": "Dr Lin", "location": {"lat": 26.0, "lon": 119.2},
                 "skills": ["hematology"]}],
}  # fmt: skip


def plan() -> TourPlan:
    """Both stops, Dr Lin at the first."""
    day = dt.date(2026, 3, 7)
    return TourPlan.model_validate({
        "tour": "Two stops",
        "stops": [
            {"stop": "longyan", "start": day, "end": day,
             "experts": [{"expert": "lin", "skill": "hematology"}]},
            {"stop": "sanming", "start": day + dt.timedelta(days=3),
             "end": day + dt.timedelta(days=3)},
        ],
        "solver": {"wall_s": 0, "objective": 0, "bound": 0, "gap": 0},
    })  # fmt: skip


def test_on_gaode_tiles_every_point_is_shifted_to_gcj02() -> None:
    html = tour_map(Tour.model_validate(TOUR), plan(), "en", tile_source("gaode")).get_root()
    text = html.render()
    lat, lon = wgs84_to_gcj02(25.08, 117.02)
    assert "autonavi" in text and "openstreetmap" not in text
    assert f"[{lat}, {lon}]" in text and "[25.08, 117.02]" not in text


def test_on_osm_tiles_the_points_are_as_given() -> None:
    text = tour_map(Tour.model_validate(TOUR), plan(), "en").get_root().render()
    assert "tile.openstreetmap.org" in text and "[25.08, 117.02]" in text


def test_an_mbtiles_background_is_carried_in_the_map(tmp_path: Path) -> None:
    file = tmp_path / "fujian.mbtiles"
    tiles = make_mbtiles(file, ((24.5, 116.5), (26.8, 119.8)), range(5, 7), (4, 5, 6))
    source = tile_source(f"mbtiles:{file}", zooms=(5, 6))
    text = tour_map(Tour.model_validate(TOUR), plan(), "en", source).get_root().render()
    tile = base64.b64encode(next(iter(tiles.values()))).decode()
    assert tile in text and "tile.openstreetmap.org" not in text


def test_a_missing_mbtiles_file_exits_2_before_the_tour_is_planned(tmp_path: Path) -> None:
    (tmp_path / "tour.yaml").write_text(Tour.model_validate(TOUR).model_dump_json(), "utf-8")
    missing = tmp_path / "none.mbtiles"
    run = planner("tour", str(tmp_path / "tour.yaml"), "--out", str(tmp_path / "out"),
                  "--tiles", f"mbtiles:{missing}")  # fmt: skip
    assert (run.returncode, run.stderr.strip()) == (2, f"--tiles mbtiles:{missing}: no such file")
    assert not (tmp_path / "out").exists()
