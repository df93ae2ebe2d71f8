"""The lexicographic aims: needs, then travel, then balance; weights from the file."""

from __future__ import annotations

import pytest

from tests.solver.tour.helpers import expert, make_tour, seats, solve, stop


def test_the_nearest_expert_goes_and_travel_is_counted_both_ways() -> None:
    tour = make_tour([stop("a", 0)], [expert("far", km=100), expert("near", km=10)])
    plan = solve(tour)
    assert seats(plan, "a") == {("near", "hematology")}
    # 10 km north, there and back, times the default circuity 1.3.
    assert plan.solver.terms["travel_km"] == 26.0
    assert plan.status == "optimal"


def test_a_far_expert_beats_an_unfilled_need() -> None:
    tour = make_tour([stop("a", 0, needs={"hematology": 2})], [expert("x"), expert("y", km=900)])
    assert seats(solve(tour), "a") == {("x", "hematology"), ("y", "hematology")}


def test_balance_spreads_equal_trips_over_experts() -> None:
    tour = make_tour([stop("a", 0), stop("b", 5)], [expert("x"), expert("y")])
    plan = solve(tour)
    assert {e for p in plan.stops for e, _ in seats(plan, p.stop)} == {"x", "y"}


@pytest.mark.parametrize(
    ("weights", "chosen"), [({"hematology": 3}, "a"), ({"transplant": 3}, "b")]
)
def test_skill_weights_decide_which_need_one_expert_fills(weights: dict, chosen: str) -> None:
    stops = [stop("a", 0), stop("b", 0, needs={"transplant": 1})]
    tour = make_tour(stops, [expert("x", ["hematology", "transplant"])], crew={"crews": 2},
                     weights={"skills": weights})  # fmt: skip
    plan = solve(tour)
    assert [p.stop for p in plan.stops if p.experts] == [chosen]


def test_km_weight_zero_leaves_travel_out_of_the_choice() -> None:
    tour = make_tour([stop("a", 0)], [expert("far", km=100)], weights={"km": 0})
    assert solve(tour).solver.terms["travel_km"] == 0.0


def test_big_tours_model_only_the_nearest_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    from solver.tour import instance

    tour = make_tour([stop("a", 0)], [expert("far", km=300), expert("near", km=10),
                                      expert("mid", km=100)])  # fmt: skip
    inst = instance.build_instance(tour)
    assert instance.prune_candidates(inst, set()) == 0  # small: nothing left out
    monkeypatch.setattr(instance, "PRUNE_ABOVE", 0)
    monkeypatch.setattr(instance, "NEAREST_MIN", 1)
    monkeypatch.setattr(instance, "NEAREST_PER_SEAT", 1)
    far = tour.experts.index(tour.expert("far"))
    assert instance.prune_candidates(inst, {(far, 0, "hematology")}) == 1
    kept = [tour.experts[e].id for e in inst.candidates[0, "hematology"]]
    assert sorted(kept) == ["far", "near"]
    plan = solve(tour)  # the plan of a pruned model is no longer called optimal
    assert plan.status == "feasible" and plan.solver.terms["candidates_left_out"] == 2.0
    assert seats(plan, "a") == {("near", "hematology")}


def test_the_flow_bound_relaxes_only_the_dates() -> None:
    # near could do both stops but for the gap: the flow bound lets it, the tour cannot.
    tour = make_tour([stop("a", 0), stop("b", 4)], [expert("near", km=10), expert("far", km=100)],
                     expert_gap_days=7)  # fmt: skip
    plan = solve(tour)
    assert plan.solver.terms["travel_flow_bound"] == 52.0  # 2 x 26 km
    assert plan.solver.terms["travel_km"] == 26.0 + 260.0
    assert plan.status == "optimal" and plan.solver.gap == 0.0  # CP-SAT's own bound is exact


def test_deterministic_runs_repeat_and_a_stop_keeps_the_greedy_tour() -> None:
    from planner.jobs.tour import solve_tour
    from solver.limits import Limits

    stops = [stop("a", 0, 6, needs={"hematology": 2}), stop("b", 3, 12)]
    experts = [expert(f"e{i}", km=37.0 * i, max_stops=1 + i % 2) for i in range(5)]
    tour = make_tour(stops, experts, expert_gap_days=3)
    first, second = solve(tour, seed=7), solve(tour, seed=7)
    assert first.model_dump(exclude={"solver"}) == second.model_dump(exclude={"solver"})
    stopped = Limits(time_limit_s=10, deterministic=True)
    stopped.stop.set()  # as after Ctrl-C: no search, the greedy tour is kept
    plan = solve_tour(tour, stopped)
    assert plan.status == "feasible" and len(plan.stops) == 2
    assert plan.solver.levels == {"stops_missed": "optimal", "needs_missed": "optimal"}
