"""Each hard rule of the tour model, biting and not biting, on tiny tours."""

from __future__ import annotations

import pytest

from planner.model.errors import NoPlanError
from solver.tour.rules import HARD_RULES
from tests.solver.tour.helpers import (
    day,
    expert,
    make_tour,
    seats,
    solve,
    start,
    stop,
    unfilled,
    unscheduled,
)


def test_registry_names_every_rule_in_order() -> None:
    assert [rule.__name__ for rule in HARD_RULES] == [
        "add_start_in_window", "add_crews", "add_need_counts", "add_one_need_per_stop",
        "add_expert_available", "add_max_stops", "add_expert_gap", "add_required_stops",
    ]  # fmt: skip


def test_start_in_window_not_biting_starts_on_an_allowed_day() -> None:
    # 2026-03-01 is a Sunday: the window's only Saturday is day 6.
    plan = solve(make_tour([stop("a", 0, 9, days=2)], [expert("x")], start_weekdays=["sat"]))
    assert start(plan, "a") == day(6)
    assert plan.stops[0].end == day(7)


def test_start_in_window_biting_a_window_without_the_weekday() -> None:
    plan = solve(make_tour([stop("a", 0, 4)], [expert("x")], start_weekdays=["sat"]))
    assert plan.stops == []
    assert unscheduled(plan) == {"a": "its window 1–5 Mar has no sat"}


def test_crews_biting_two_stops_on_one_day_one_crew() -> None:
    tour = make_tour([stop("a", 3, priority=2), stop("b", 3)], [expert("x")])
    plan = solve(tour)
    assert [p.stop for p in plan.stops] == ["a"]
    assert unscheduled(plan) == {
        "b": "the crew is busy on every start day of the window 4 Mar: A 4 Mar"
    }


def test_crews_not_biting_with_two_crews() -> None:
    tour = make_tour([stop("a", 3), stop("b", 3)], [expert("x"), expert("y")], crew={"crews": 2})
    plan = solve(tour)
    assert {p.stop for p in plan.stops} == {"a", "b"} and plan.unscheduled == []


@pytest.mark.parametrize(("rest", "scheduled"), [(0, {"a", "b"}), (2, {"a"})])
def test_crews_rest_days(rest: int, scheduled: set[str]) -> None:
    # b may start on day 1 or 2; after a (day 0) the crew rests `rest` days.
    tour = make_tour([stop("a", 0, priority=2), stop("b", 1, 2)], [expert("x"), expert("y")],
                     crew={"crews": 1, "rest_days": rest})  # fmt: skip
    assert {p.stop for p in solve(tour).stops} == scheduled


@pytest.mark.parametrize("need", [1, 2])
def test_need_counts_fill_no_more_than_needed(need: int) -> None:
    tour = make_tour([stop("a", 0, needs={"hematology": need})],
                     [expert("x"), expert("y", km=10), expert("z", km=20)])  # fmt: skip
    plan = solve(tour)
    assert (
        seats(plan, "a") == {("x", "hematology"), ("y", "hematology")}
        if need == 2
        else {("x", "hematology")}
    )


def test_skill_only_an_unskilled_expert_is_never_sent() -> None:
    tour = make_tour([stop("a", 0, needs={"transplant": 1})], [expert("x", ["hematology"])])
    plan = solve(tour)
    assert seats(plan, "a") == set()
    assert unfilled(plan)[("a", "transplant")][0] == 1


def test_one_need_per_stop_biting_one_expert_with_two_skills() -> None:
    needs = {"hematology": 1, "transplant": 1}
    plan = solve(
        make_tour([stop("a", 0, needs=needs)], [expert("x", ["hematology", "transplant"])])
    )
    assert len(seats(plan, "a")) == 1
    assert sum(missing for missing, _ in unfilled(plan).values()) == 1


def test_one_need_per_stop_not_biting_with_two_experts() -> None:
    needs = {"hematology": 1, "transplant": 1}
    experts = [expert("x", ["hematology", "transplant"]), expert("y", ["transplant"])]
    plan = solve(make_tour([stop("a", 0, needs=needs)], experts))
    assert seats(plan, "a") == {("x", "hematology"), ("y", "transplant")}


def test_expert_available_moves_the_stop_past_the_leave() -> None:
    leave = [{"from": day(0).isoformat(), "to": day(2).isoformat()}]
    plan = solve(make_tour([stop("a", 0, 5)], [expert("x", unavailable=leave)]))
    assert start(plan, "a") == day(3)
    assert seats(plan, "a") == {("x", "hematology")}


def test_expert_available_biting_leave_over_the_whole_window() -> None:
    leave = [{"from": day(0).isoformat(), "to": day(9).isoformat()}]
    plan = solve(make_tour([stop("a", 0, 5)], [expert("x", unavailable=leave)]))
    assert seats(plan, "a") == set()
    assert unfilled(plan)[("a", "hematology")] == (
        1, "no haematologist is free on any start day of the window: Dr X on leave 1–10 Mar"
    )  # fmt: skip


@pytest.mark.parametrize(("limit", "filled"), [(1, 1), (2, 2), (None, 2)])
def test_max_stops(limit: int | None, filled: int) -> None:
    tour = make_tour([stop("a", 0), stop("b", 5)], [expert("x", max_stops=limit)])
    plan = solve(tour)
    assert sum(len(p.experts) for p in plan.stops) == filled


def test_max_stops_reason() -> None:
    tour = make_tour([stop("a", 0), stop("b", 5)], [expert("x", max_stops=1)])
    (reason,) = [r for _m, r in unfilled(solve(tour)).values()]
    assert reason == "every haematologist who could go has reached max_stops: Dr X (1)"


@pytest.mark.parametrize(("gap", "filled"), [(0, 2), (3, 2), (4, 1)])
def test_expert_gap(gap: int, filled: int) -> None:
    # a on day 0, b on day 4: three free days lie between them.
    tour = make_tour([stop("a", 0), stop("b", 4)], [expert("x")], expert_gap_days=gap)
    plan = solve(tour)
    assert sum(len(p.experts) for p in plan.stops) == filled


def test_expert_gap_reason_names_the_other_stop() -> None:
    tour = make_tour([stop("a", 0, priority=2), stop("b", 4)], [expert("x")], expert_gap_days=7)
    ((missing, reason),) = unfilled(solve(tour)).values()
    assert missing == 1
    assert reason in ("no haematologist is free for 5 Mar: Dr X at A 1 Mar",
                      "no haematologist is free for 1 Mar: Dr X at B 5 Mar")  # fmt: skip


def test_required_stop_wins_the_crew() -> None:
    tour = make_tour([stop("a", 3, priority=5), stop("b", 3, required=True)], [expert("x")])
    assert [p.stop for p in solve(tour).stops] == ["b"]


def test_required_stops_that_cannot_all_run_are_diagnosed() -> None:
    stops = [stop("a", 3, required=True), stop("b", 2, 3, required=True, days=2),
             stop("c", 10, required=True)]  # fmt: skip
    with pytest.raises(NoPlanError) as caught:
        solve(make_tour(stops, [expert("x")]))
    assert caught.value.exit_code == 1
    assert caught.value.messages == [
        "no tour can keep every hard rule:",
        "the crew cannot run all these required stops within their windows "
        "(0 rest days after each):",
        "  stop 'a' (A): 1 days, starting 4 Mar",
        "  stop 'b' (B): 2 days, starting 3–4 Mar",
    ]
