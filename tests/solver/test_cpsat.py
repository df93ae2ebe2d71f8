"""What a level's progress says: improving solutions only, at most every half second, the
one held back said when the solve ends; nothing computed when nobody listens."""

from __future__ import annotations

import pytest

from solver import cpsat
from solver.cpsat import Progress, Value
from solver.limits import Limits


def worth(amount: int) -> Value:
    """A solution whose every expression is worth `amount`."""
    return lambda expr: amount


def describe(value: Value, bound: float) -> str:
    return f"cost {value(0)} · at least {bound:g}"


def test_only_improving_solutions_are_said_and_the_last_one_held_back_at_the_end() -> None:
    lines: list[str] = []
    progress = Progress(Limits(progress=lines.append), describe)
    progress.found(10, worth(10), 1)
    progress.found(12, worth(12), 1)  # worse: never said
    progress.found(9, worth(9), 2)  # better, but too soon after the last line
    progress.found(8, worth(8), 3)
    assert lines == ["cost 10 · at least 1"]
    progress.flush(worth(8), 4)
    progress.flush(worth(8), 4)  # said once
    assert lines == ["cost 10 · at least 1", "cost 8 · at least 4"]


def test_with_time_between_them_every_improvement_is_said(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cpsat, "REPORT_EVERY_S", 0.0)
    lines: list[str] = []
    progress = Progress(Limits(progress=lines.append), describe)
    for cost in (10, 10, 9, 8):
        progress.found(cost, worth(cost), 1)
    progress.flush(worth(8), 1)  # nothing held back
    assert lines == ["cost 10 · at least 1", "cost 9 · at least 1", "cost 8 · at least 1"]


def test_nothing_is_described_when_nobody_listens() -> None:
    def fails(value: Value, bound: float) -> str:
        raise AssertionError("described for nobody")

    progress = Progress(Limits(), fails)
    progress.found(10, worth(10), 1)
    progress.found(9, worth(9), 1)
    progress.flush(worth(9), 1)
