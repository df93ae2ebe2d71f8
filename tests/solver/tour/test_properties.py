"""Hypothesis tours: every plan keeps the rules, lists every stop and need, beats the greedy."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.check.tour import check_tour
from planner.model.tour import TourPlan, TourSolverInfo
from solver.tour import greedy_tour
from tests.solver.tour.helpers import day, expert, make_tour, solve, stop

SKILLS = ["hematology", "transplant"]


@st.composite
def tours(draw: st.DrawFn) -> Any:
    n_stops = draw(st.integers(1, 4))
    stops = []
    for index in range(n_stops):
        first = draw(st.integers(0, 14))
        needs = {k: draw(st.integers(1, 2)) for k in SKILLS if draw(st.booleans())}
        stops.append(stop(f"s{index}", first, first + draw(st.integers(0, 6)),
                          days=draw(st.integers(1, 2)), needs=needs))  # fmt: skip
    experts = []
    for index in range(draw(st.integers(1, 5))):
        skills = draw(st.lists(st.sampled_from(SKILLS), min_size=1, max_size=2, unique=True))
        leave_from = draw(st.integers(0, 20))
        leave = [{"from": day(leave_from).isoformat(),
                  "to": day(leave_from + draw(st.integers(0, 6))).isoformat()}]  # fmt: skip
        experts.append(expert(f"e{index}", skills, km=draw(st.integers(0, 2000)),
                              unavailable=leave if draw(st.booleans()) else [],
                              max_stops=draw(st.none() | st.integers(0, 3))))  # fmt: skip
    crew = {"crews": draw(st.integers(1, 2)), "rest_days": draw(st.integers(0, 2))}
    return make_tour(stops, experts, crew=crew, expert_gap_days=draw(st.integers(0, 5)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tour=tours())
def test_generated_tours_keep_every_rule_and_beat_the_greedy(tour: Any) -> None:
    plan = solve(tour, time_limit_s=5.0)  # checked inside
    listed = [p.stop for p in plan.stops] + [u.stop for u in plan.unscheduled]
    assert sorted(listed) == sorted(s.id for s in tour.stops)
    assert all(u.reason for u in plan.unfilled) and all(u.reason for u in plan.unscheduled)
    greedy = greedy_tour(tour)
    info = TourSolverInfo(wall_s=0, objective=0, bound=0, gap=0)
    greedy_plan = TourPlan(
        stops=greedy.stops, unfilled=greedy.unfilled, unscheduled=greedy.unscheduled, solver=info
    )
    assert check_tour(tour, greedy_plan) == []
    if plan.status == "optimal":
        scheduled = len(plan.stops)
        assert scheduled >= len(greedy.stops)
        if scheduled == len(greedy.stops):
            assert plan.solver.terms["needs_filled"] >= greedy.terms["needs_filled"]
