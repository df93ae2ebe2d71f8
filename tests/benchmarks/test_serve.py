"""The day server's benchmark harness on a tiny day for three seconds (one was too short
for an expert to call anyone on a loaded machine): every kind of client acts, the screens
hear every call, and the table has each figure."""

from __future__ import annotations

import math

import pytest

from benchmarks.serve import main


def test_the_serve_benchmark_measures_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    rows = main(["--seeds", "1", "--patients", "30", "--clients", "5", "--desks", "1",
                 "--walk-in-desks", "1", "--screens", "2", "--duration", "3", "--think",
                 "0.05", "--walk-in-every", "0.5"])  # fmt: skip
    (row,) = rows
    assert row["errors"] == []
    assert row["check_ins"] > 0 and row["codes"].get("check-in 200") == row["check_ins"]
    assert row["walk_ins"] > 0 and row["calls"] > 0
    assert row["missed"] == 0  # both screens heard every call
    for key in ("check_in_p95", "walk_in_p95", "screen_p95", "rss_mb", "start_mb"):
        assert math.isfinite(row[key]) and row[key] > 0, key
    table = capsys.readouterr().out
    assert "| 1 | 30 |" in table and table.count("\n| median |") == 1
