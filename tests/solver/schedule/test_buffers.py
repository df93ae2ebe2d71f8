"""The `buffers` rule: free minutes kept in every clock hour of an expert.

Every plan made here goes through the independent checker (see `helpers.solve`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planner.files.scenario import load_scenario
from planner.model import Buffers, Scenario
from solver.schedule.model import build_model
from tests.solver.schedule.helpers import clock, expert, patient, reason, solve, stop


def _minutes_in_hours(result: Any) -> dict[str, int]:
    """Appointment minutes per clock hour, `HH` -> minutes."""
    used: dict[str, int] = {}
    for a in result.appointments:
        for minute in range(a.start.hour * 60 + a.start.minute, a.end.hour * 60 + a.end.minute):
            used[f"{minute // 60:02d}"] = used.get(f"{minute // 60:02d}", 0) + 1
    return used


def test_buffers_keep_free_minutes_in_every_hour() -> None:
    two = [patient("p1", ["consult"], end="10:00"), patient("p2", ["consult"], end="10:00")]
    assert len(solve(stop(patients=two)).appointments) == 2  # 60 min in 09:00-10:00
    kept = solve(stop(patients=two, buffers={"free_min_per_hour": 20}))
    assert len(kept.appointments) == 1 and _minutes_in_hours(kept) == {"09": 30}
    four = [patient(f"p{i}", ["consult"], end="11:00") for i in range(1, 5)]
    assert len(solve(stop(patients=four)).appointments) == 4
    spread = solve(stop(patients=four, buffers={"free_min_per_hour": 20}))
    assert len(spread.appointments) == 2  # 80 min in two hours hold two, not three
    assert all(used <= 40 for used in _minutes_in_hours(spread).values())


def test_an_expert_of_buffers_experts_keeps_their_own_free_minutes() -> None:
    staff = [expert("hem-1", ["hematology"]), expert("hem-2", ["hematology"])]
    four = [patient(f"p{i}", ["consult"], end="10:00") for i in range(1, 5)]
    buffers = {"free_min_per_hour": 0, "experts": {"hem-2": 30}}
    result = solve(stop(patients=four, experts=staff, buffers=buffers,
                        venues=_two_rooms()))  # fmt: skip
    by_expert = sorted((a.experts[0], clock(a.start)) for a in result.appointments)
    assert [e for e, _ in by_expert] == ["hem-1", "hem-1", "hem-2"]


def test_a_consultation_across_the_hour_counts_in_both() -> None:
    long = [patient("p1", ["consult"], start="09:40", end="10:40")]
    result = solve(stop(patients=long, buffers={"free_min_per_hour": 50}))
    assert result.appointments == []  # a 30-min consultation never fits in 10 min an hour
    assert reason(result, "p1", "consult") == (
        "every hematology expert free while the patient is here (09:40–10:40) keeps 50 free "
        "min an hour"
    )
    fits = solve(stop(patients=long, buffers={"free_min_per_hour": 40}))
    assert [clock(a.start) for a in fits.appointments] == ["09:40"]  # 20 min, then 10


def test_without_buffers_the_model_is_unchanged() -> None:
    two = [patient("p1", ["consult"], end="10:00"), patient("p2", ["consult"], end="10:00")]
    plain = str(build_model(Scenario.model_validate(stop(patients=two))).model.proto)
    for buffers in ({"free_min_per_hour": 0}, {"experts": {"hem-1": 0}}):
        same = build_model(Scenario.model_validate(stop(patients=two, buffers=buffers)))
        assert str(same.model.proto) == plain
    kept = build_model(
        Scenario.model_validate(stop(patients=two, buffers={"free_min_per_hour": 20}))
    )
    assert len(str(kept.model.proto)) > len(plain)
    assert [(a.patient, clock(a.start)) for a in solve(stop(patients=two)).appointments] == [
        ("p1", "09:00"),
        ("p2", "09:30"),
    ]


def _two_rooms() -> list[dict[str, Any]]:
    venue = stop()["venues"][0]
    return [{**venue, "rooms": [{"id": "c1", "kind": "consult"}, {"id": "c2", "kind": "consult"}]}]


def test_a_shipped_stop_with_buffers_keeps_every_rule() -> None:
    scenario = load_scenario(Path(__file__).parents[3] / "scenarios" / "zhaotong.yaml")
    kept = scenario.model_copy(update={"buffers": Buffers(free_min_per_hour=15)})
    result = solve(kept, seconds=4)  # the checker, `check_expert_buffers` included, finds nothing
    assert result.status in ("optimal", "feasible") and result.appointments
    per_hour: dict[tuple[str, str], int] = {}
    for a in result.appointments:
        for expert_id in a.experts:
            for minute in range(a.start.hour * 60 + a.start.minute, a.end.hour * 60 + a.end.minute):
                key = (expert_id, f"{a.start:%Y-%m-%d} {minute // 60:02d}")
                per_hour[key] = per_hour.get(key, 0) + 1
    assert max(per_hour.values()) <= 45
