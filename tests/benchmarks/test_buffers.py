"""`benchmarks/buffers.py` on the smallest shipped stop: one row per free minutes, checked."""

from __future__ import annotations

import pytest

from benchmarks.buffers import main


def test_the_harness_prints_one_row_per_stop_and_free_minutes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--stops", "sandu", "--free", "0,15", "--time-limit", "2", "--runs", "20"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4 and lines[0].startswith("| stop | free min/h |")
    assert [line.split(" | ")[1:3] for line in lines[2:]] == [["0", "17/17"], ["15", "17/17"]]
