"""Each weight of `weights` moves the plan when it changes.

Every instance is built so that two plans tie but for the weight under test; the test
sets it on either side of the tie and sees the plan change. Plans go through the
independent checker (`helpers.solve`).
"""

from __future__ import annotations

from typing import Any

from planner.model import Weights
from tests.solver.schedule.helpers import clock, expert, patient, served, service, solve, stop

SEVERITY = {"severe": 8, "intermediate": 4, "unknown": 2, "carrier": 1}


def _two_haematologists(**weights: int) -> list[tuple[str, str]]:
    """hem-y comes at 10:00. Both patients with hem-x: one waits 30 min, hem-y idles
    (spread 60 min). One each: the second waits 60 min, the day ends 30 min later."""
    data = stop(
        experts=[expert("hem-x", ["hematology"]), expert("hem-y", ["hematology"], "10:00")],
        patients=[patient("p1", ["consult"]), patient("p2", ["consult"])],
        weights=weights,
    )
    result = solve(data)
    return sorted((a.experts[0], clock(a.start)) for a in result.appointments)


BOTH_WITH_X = [("hem-x", "09:00"), ("hem-x", "09:30")]
ONE_EACH = [("hem-x", "09:00"), ("hem-y", "10:00")]


def test_wait_per_min() -> None:
    assert _two_haematologists(wait_per_min=1, load_balance=1, finish=0) == ONE_EACH
    assert _two_haematologists(wait_per_min=3, load_balance=1, finish=0) == BOTH_WITH_X


def test_load_balance() -> None:
    assert _two_haematologists(wait_per_min=1, load_balance=1, finish=0) == ONE_EACH
    assert _two_haematologists(wait_per_min=1, load_balance=0, finish=0) == BOTH_WITH_X


def test_finish() -> None:
    assert _two_haematologists(wait_per_min=0, load_balance=1, finish=1) == ONE_EACH
    assert _two_haematologists(wait_per_min=0, load_balance=1, finish=3) == BOTH_WITH_X


def _who_first(p1: dict[str, Any], **weights: Any) -> str:
    """One haematologist; p1 needs an hour, p2 half an hour, both from 09:00. p2 first
    makes p1 wait 30 min; p1 first makes p2 wait 60 min."""
    data = stop(
        services=[service("consult", ["hematology"]), service("long", ["hematology"], 60)],
        patients=[patient("p1", ["long"], **p1), patient("p2", ["consult"])],
        weights=weights,
    )
    first = min(solve(data).appointments, key=lambda a: a.start)
    return first.patient


def test_early_or_far_factor() -> None:
    assert _who_first({"set_out": "06:00"}, early_or_far_factor=1) == "p2"
    assert _who_first({"set_out": "06:00"}, early_or_far_factor=3) == "p1"


def test_early_before() -> None:
    early = {"set_out": "06:30"}
    assert _who_first(early, early_or_far_factor=3, early_before="07:00") == "p1"
    assert _who_first(early, early_or_far_factor=3, early_before="06:00") == "p2"


def test_far_km() -> None:
    far = {"travel_km": 200}
    assert _who_first(far, early_or_far_factor=3, far_km=150) == "p1"
    assert _who_first(far, early_or_far_factor=3, far_km=250) == "p2"


def test_severity() -> None:
    def one_slot(severity: dict[str, int]) -> set[tuple[str, str]]:
        data = stop(
            experts=[expert("hem-1", ["hematology"], "09:00", "09:30")],
            patients=[patient("p1", ["consult"], severity="severe"),
                      patient("p2", ["consult"], severity="carrier")],
            weights={"severity": severity},
        )  # fmt: skip
        return served(solve(data))

    assert one_slot(SEVERITY) == {("p1", "consult")}
    assert one_slot({**SEVERITY, "severe": 1, "carrier": 8}) == {("p2", "consult")}


def test_every_weight_has_its_test_here() -> None:
    tests = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    assert set(Weights.model_fields) <= tests
