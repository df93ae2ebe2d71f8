"""The tour checker catches each broken rule in a hand-made tour.json."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from planner.check.tour import TOUR_RULES, check_tour
from planner.model.tour import Tour, TourPlan

D = dt.date(2026, 3, 7)  # a Saturday


def tour(**fields: Any) -> Tour:
    stops = [
        {"id": "a", "city": "A", "location": {"lat": 25, "lon": 117}, "days": 2,
         "window": {"from": "2026-03-01", "to": "2026-03-31"},
         "needs": {"hematology": 1, "transplant": 1}},
        {"id": "b", "city": "B", "location": {"lat": 26, "lon": 117}, "days": 2,
         "window": {"from": "2026-03-01", "to": "2026-03-31"}, "needs": {"hematology": 1}},
    ]  # fmt: skip
    experts = [
        {"id": "x", "name": "X", "location": {"lat": 31, "lon": 121},
         "skills": ["hematology", "transplant"], "max_stops": 2,
         "unavailable": [{"from": "2026-03-25", "to": "2026-03-26"}]},
        {"id": "y", "name": "Y", "location": {"lat": 31, "lon": 121}, "skills": ["transplant"]},
    ]  # fmt: skip
    data = {"name": "t", "crew": {"crews": 1, "rest_days": 1}, "expert_gap_days": 2,
            "stops": stops, "experts": experts, **fields}  # fmt: skip
    return Tour.model_validate(data)


def plan(**changes: Any) -> TourPlan:
    """A valid plan (a on 7-8 Mar, b on 14-15 Mar), with `changes` merged into its data."""
    data: dict[str, Any] = {
        "stops": [
            {"stop": "a", "start": "2026-03-07", "end": "2026-03-08",
             "experts": [{"expert": "x", "skill": "hematology"},
                         {"expert": "y", "skill": "transplant"}]},
            {"stop": "b", "start": "2026-03-14", "end": "2026-03-15",
             "experts": [{"expert": "x", "skill": "hematology"}]},
        ],
        "unfilled": [], "unscheduled": [],
        "solver": {"wall_s": 0, "objective": 0, "bound": 0, "gap": 0},
    }  # fmt: skip
    data.update(changes)
    return TourPlan.model_validate(data)


def rules(found: list) -> set[str]:
    return {v.rule for v in found}


def test_a_valid_plan_has_no_violations() -> None:
    assert check_tour(tour(), plan()) == []
    assert len(TOUR_RULES) == 6


def moved(stop: str, start: str, end: str, experts: list | None = None) -> dict:
    base = {s["stop"]: s for s in plan().model_dump(mode="json")["stops"]}
    base[stop].update(start=start, end=end)
    if experts is not None:
        base[stop]["experts"] = experts
    return {"stops": list(base.values())}


@pytest.mark.parametrize(
    ("changes", "rule"),
    [
        (moved("a", "2026-02-28", "2026-03-01"), "tour-window"),
        (moved("a", "2026-03-07", "2026-03-09"), "tour-window"),
        (moved("b", "2026-03-09", "2026-03-10"), "tour-crews"),  # a's rest day is 9 Mar
        (moved("b", "2026-03-25", "2026-03-26"), "tour-leave"),
        (moved("b", "2026-03-10", "2026-03-11"), "tour-gap"),  # one free day, two needed
        (moved("b", "2026-03-14", "2026-03-15", [{"expert": "y", "skill": "hematology"}]),
         "tour-skill"),
        (moved("b", "2026-03-14", "2026-03-15", [{"expert": "x", "skill": "hematology"},
                                                 {"expert": "x", "skill": "transplant"}]),
         "tour-one-need"),
        (moved("b", "2026-03-14", "2026-03-15", [{"expert": "z", "skill": "hematology"}]),
         "tour-experts"),
        ({"unscheduled": [{"stop": "b", "reason": "x"}]}, "tour-stops"),
        ({"unfilled": [{"stop": "b", "skill": "hematology", "missing": 1, "reason": "r"}]},
         "tour-needs"),
    ],
)  # fmt: skip
def test_each_broken_rule_is_named(changes: dict, rule: str) -> None:
    assert rule in rules(check_tour(tour(), plan(**changes)))


def test_gap_of_exactly_the_minimum_is_allowed_and_one_less_is_not() -> None:
    # a ends 8 Mar; b starting 11 Mar leaves 9 and 10 Mar free: two days, as required.
    ok = plan(**moved("b", "2026-03-11", "2026-03-12"))
    assert "tour-gap" not in rules(check_tour(tour(crew={"crews": 2}), ok))
    short = plan(**moved("b", "2026-03-10", "2026-03-11"))
    assert rules(check_tour(tour(crew={"crews": 2}), short)) == {"tour-gap"}


def test_max_stops_and_required_and_short_needs() -> None:
    assert rules(check_tour(tour(experts=[
        {"id": "x", "name": "X", "location": {"lat": 31, "lon": 121},
         "skills": ["hematology"], "max_stops": 1},
        {"id": "y", "name": "Y", "location": {"lat": 31, "lon": 121}, "skills": ["transplant"]},
    ]), plan())) == {"tour-max-stops"}  # fmt: skip
    unlisted = plan(**moved("b", "2026-03-14", "2026-03-15", []))
    assert [v.message for v in check_tour(tour(), unlisted)] == [
        "'b' lacks 1 hematology, not listed"
    ]
    data = tour().model_dump(by_alias=True)
    data["stops"][1]["required"] = True
    dropped = plan(stops=plan().model_dump(mode="json")["stops"][:1],
                   unscheduled=[{"stop": "b", "reason": "crew busy"}])  # fmt: skip
    assert rules(check_tour(Tour.model_validate(data), dropped)) == {"tour-required"}
