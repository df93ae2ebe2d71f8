"""What the tour says while it searches: stops and expert needs, travel, the busiest expert."""

from __future__ import annotations

from ortools.sat.python import cp_model

from solver.limits import Limits
from solver.tour import plan_tour, progress
from solver.tour.instance import build_instance
from solver.tour.solve import build_model
from tests.solver.tour.helpers import expert, make_tour, stop


def test_a_tour_says_its_travel_then_the_load_of_its_experts() -> None:
    stops = [stop("a", 0, 6, needs={"hematology": 2}), stop("b", 3, 12)]
    experts = [expert(f"e{i}", km=37.0 * i, max_stops=1 + i % 2) for i in range(5)]
    tour = make_tour(stops, experts, expert_gap_days=3)
    lines: list[str] = []
    plan_tour(tour, Limits(time_limit_s=5, seed=1, deterministic=True, progress=lines.append))
    # The greedy proved the stops and needs levels: they are held, not searched.
    assert lines == [
        "travel 288 km",  # the greedy's tour
        "travel 192 km",
        "busiest expert 2 stops, least busy 0 · travel 192 km",
    ]


def test_stops_and_needs_are_counted_as_the_summary_counts_them() -> None:
    tour = make_tour([stop("a", 0, needs={"hematology": 2}), stop("b", 0)], [expert("x")])
    v = build_model(build_instance(tour))
    # One crew runs one stop at a time, and x fills one need there.
    v.model.maximize(10 * sum(v.scheduled) + sum(v.assign.values()))
    solver = cp_model.CpSolver()
    assert solver.solve(v.model) == cp_model.OPTIMAL
    say = progress.stops_and_needs(v)
    assert say(solver.value, 0) == "scheduled 1 of 2 stops · 1 of 3 expert needs filled"
