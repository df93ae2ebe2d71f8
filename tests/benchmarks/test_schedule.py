"""The scheduling benchmark's table of repeated runs: each seed's worst, median and best."""

from __future__ import annotations

from benchmarks.schedule import spread_table


def _row(seed: int, served: int, gap: float | None, baseline: int | None = None) -> dict:
    row: dict = {"size": "120 hard", "seed": seed, "cpsat": {"served_weight": served, "gap": gap}}
    if baseline is not None:
        row["baseline"] = {"served_weight": baseline, "gap": None}
    return row


def test_each_seeds_worst_run_is_its_least_served_and_its_widest_gap() -> None:
    rows = [_row(1, 530, 0.0149), _row(2, 517, 0.0134), _row(1, 524, 0.0260), _row(1, 534, 0.0074)]
    lines = spread_table(rows).splitlines()
    assert lines[0].startswith("| stop | seed | runs | cpsat served (worst, median, best)")
    assert lines[2] == "| 120 hard | 1 | 3 | 524, 530, 534 | 2.6, 1.49, 0.74 % |"
    assert lines[3] == "| 120 hard | 2 | 1 | 517, 517, 517 | 1.34, 1.34, 1.34 % |"


def test_the_baseline_gets_its_own_columns_and_a_run_without_a_gap_is_left_out() -> None:
    rows = [_row(3, 498, 0.0158, baseline=502), _row(3, 496, None, baseline=498)]
    lines = spread_table(rows).splitlines()
    assert "baseline served (worst, median, best)" in lines[0]
    assert lines[2] == (
        "| 120 hard | 3 | 2 | 496, 497, 498 | 1.58, 1.58, 1.58 % | 498, 500, 502 | - |"
    )
