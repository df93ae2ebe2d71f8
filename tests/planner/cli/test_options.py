"""`planner solve --tiles mbtiles:FILE`: the file is checked before any solving."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT
from tests.support.cli import planner

ZHAOTONG = str(ROOT / "scenarios" / "zhaotong.yaml")


def test_a_missing_mbtiles_file_exits_2_before_the_solve(tmp_path: Path) -> None:
    missing = tmp_path / "county.mbtiles"
    run = planner(
        "solve", ZHAOTONG, "--out", str(tmp_path / "out"), "--tiles", f"mbtiles:{missing}"
    )
    assert run.returncode == 2
    assert run.stderr.strip() == f"--tiles mbtiles:{missing}: no such file"
    assert not (tmp_path / "out" / "plan.json").exists()


def test_an_unknown_background_and_bad_zoom_levels_exit_2(tmp_path: Path) -> None:
    run = planner("solve", ZHAOTONG, "--out", str(tmp_path), "--tiles", "satellite")
    assert run.returncode == 2 and "'satellite' is not one of osm, gaode" in run.stderr
    run = planner("solve", ZHAOTONG, "--out", str(tmp_path), "--tile-zooms", "eight")
    assert run.returncode == 2 and "'eight' is not a range of zoom levels" in run.stderr
