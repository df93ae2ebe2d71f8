"""The shipped tour solves to a proven optimum, checked independently."""

from __future__ import annotations

from planner.files.tour import load_tour
from tests.conftest import ROOT
from tests.solver.tour.helpers import solve


def test_tour_2026_is_solved_to_optimality_with_every_need_filled() -> None:
    tour = load_tour(ROOT / "scenarios" / "tour-2026.yaml")
    plan = solve(tour, time_limit_s=60.0)
    assert plan.status == "optimal"
    assert len(plan.stops) == 12 and plan.unscheduled == [] and plan.unfilled == []
    assert sum(len(p.experts) for p in plan.stops) == sum(sum(s.needs.values()) for s in tour.stops)
    assert all(p.start.weekday() == 5 for p in plan.stops)  # every stop starts on a Saturday
