"""The room-change benchmark runs on a small stop and reports both counts."""

from __future__ import annotations

from benchmarks.rooms import compare


def test_the_room_benchmark_compares_both_ways_on_the_same_bookings() -> None:
    row = compare(size=40, seed=3, schedule_s=2.0)
    assert row["bookings"] > 20
    assert 0 <= row["model"] <= row["greedy"] < row["bookings"]
    assert row["model_s"] < 2.5
