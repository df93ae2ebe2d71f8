"""Each route rule, shown holding on a valid plan and catching a mutated one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from planner.check import ROUTE_RULES, check_plan
from planner.model import Break, Plan, RouteVisit, Scenario, Unvisited
from planner.model.travel import MeasuredLeg

TZ = dt.timezone(dt.timedelta(hours=8))
Mutation = Callable[[Scenario, Plan], None]


def at(clock: str) -> dt.datetime:
    """An aware moment of the visit day."""
    hour, minute = map(int, clock.split(":"))
    return dt.datetime(2025, 7, 6, hour, minute, tzinfo=TZ)


def messages(scenario: Scenario, plan: Plan) -> list[str]:
    """What the checker says, one line per violation."""
    return [str(v) for v in check_plan(scenario, plan)]


def _unknown_household(s: Scenario, p: Plan) -> None:
    p.unvisited.append(Unvisited(household="h9", reason="moved"))


def _household_dropped(s: Scenario, p: Plan) -> None:
    p.unvisited = []


def _household_twice(s: Scenario, p: Plan) -> None:
    p.unvisited.append(Unvisited(household="h1", reason="no time"))


def _blank_reason(s: Scenario, p: Plan) -> None:
    p.unvisited[0].reason = ""


def _household_not_that_day(s: Scenario, p: Plan) -> None:
    s.visits.households[0].days = [dt.date(2025, 7, 7)]  # type: ignore[union-attr]


def _team_off_that_day(s: Scenario, p: Plan) -> None:
    s.visits.teams[0].days = [dt.date(2025, 7, 7)]  # type: ignore[union-attr]


def _team_without_nurse(s: Scenario, p: Plan) -> None:
    s.visits.teams[0].skills = []  # type: ignore[union-attr]


def _window_opens_later(s: Scenario, p: Plan) -> None:
    s.visits.households[0].windows[0].start = dt.time(9, 30)  # type: ignore[union-attr]


def _visit_too_short(s: Scenario, p: Plan) -> None:
    s.visits.households[1].service_min = 45  # type: ignore[union-attr]


def _starts_before_arriving(s: Scenario, p: Plan) -> None:
    p.routes[0].visits[1].arrive = at("10:35")


def _drive_too_fast(s: Scenario, p: Plan) -> None:
    p.routes[0].visits[1].arrive = at("10:20")


def _shift_starts_later(s: Scenario, p: Plan) -> None:
    s.visits.teams[0].shift.start = dt.time(8, 50)  # type: ignore[union-attr]


def _shift_ends_earlier(s: Scenario, p: Plan) -> None:
    s.visits.teams[0].shift.end = dt.time(11, 10)  # type: ignore[union-attr]


def _distance_overstated(s: Scenario, p: Plan) -> None:
    p.routes[0].distance_km = 30.0


def _drive_understated(s: Scenario, p: Plan) -> None:
    p.routes[0].drive_min = 51


def _no_lunch(s: Scenario, p: Plan) -> None:
    p.routes[0].breaks = []


def _lunch_during_visit(s: Scenario, p: Plan) -> None:
    p.routes[0].breaks = [Break(start=at("10:30"), end=at("11:15"))]


def _drive_limit(s: Scenario, p: Plan) -> None:
    s.visits.teams[0].max_drive_min = 50  # type: ignore[union-attr]


CAUGHT: list[tuple[Mutation, list[str]]] = [
    (_unknown_household, [
        "unknown-id: unvisited names unknown household 'h9'"]),
    (_household_dropped, [
        "nothing-lost: household h3 is neither on a route nor in unvisited"]),
    (_household_twice, [
        "nothing-lost: household h1 appears 2 times in routes and unvisited"]),
    (_blank_reason, ["unvisited-reason: unvisited household h3 gives no reason"]),
    (_household_not_that_day, ["route-day: household h1 cannot be visited on 2025-07-06"]),
    (_team_off_that_day, ["route-day: team team-a does not work on 2025-07-06"]),
    (_team_without_nurse, ["team-skills: team team-a visits h1 without nurse"]),
    (_window_opens_later, ["visit-window: visit to h1 (09:00-10:00) is outside 09:30-12:00"]),
    (_visit_too_short, ["visit-times: visit to h2 lasts 30 min, not 45"]),
    (_starts_before_arriving, ["visit-times: visit to h2 starts 10:30, before arriving 10:35"]),
    (_drive_too_fast, [
        "travel: team team-a reaches h2 at 10:20, but leaving h1 at 10:00 and driving 23 min "
        "arrives 10:23"]),
    (_shift_starts_later, [
        "shift: team team-a leaves at 08:43 on 2025-07-06, before its shift starts 08:50"]),
    (_shift_ends_earlier, [
        "shift: team team-a is back at 11:15 on 2025-07-06, after its shift ends 11:10"]),
    (_distance_overstated, [
        "route-totals: route of team-a on 2025-07-06 states 30.0 km; its legs add up to 26.9 km"]),
    (_drive_understated, [
        "route-totals: route of team-a on 2025-07-06 states 51 min of driving; "
        "its legs add up to 55 min"]),
    (_no_lunch, [
        "route-lunch: team team-a has no lunch break of 45 min within 12:00-14:00 on 2025-07-06"]),
    (_lunch_during_visit, [
        "route-lunch: team team-a has no lunch break of 45 min within 12:00-14:00 on 2025-07-06",
        "route-lunch: team team-a's break (10:30-11:15) on 2025-07-06 overlaps the visit to "
        "h2 (10:30-11:00)"]),
    (_drive_limit, ["max-drive: team team-a drives 55 min on 2025-07-06, more than 50"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("mutate", "expected"), CAUGHT, ids=[m.__name__.strip("_") for m, _ in CAUGHT]
)
def test_each_rule_catches_its_mutation(
    scenario: Scenario, plan: Plan, mutate: Mutation, expected: list[str]
) -> None:
    mutate(scenario, plan)
    assert messages(scenario, plan) == expected


def test_drive_totals_allow_a_minute_per_leg(scenario: Scenario, plan: Plan) -> None:
    plan.routes[0].drive_min = 52
    plan.routes[0].distance_km = 27.1
    assert check_plan(scenario, plan) == []


def test_a_route_with_an_unknown_team_is_reported_once(scenario: Scenario, plan: Plan) -> None:
    plan.routes[0].team = "team-z"
    assert messages(scenario, plan) == [
        "unknown-id: route of team 'team-z' on 2025-07-06: unknown team"
    ]


def test_a_household_without_windows_may_be_visited_any_time_in_the_shift(
    scenario: Scenario, plan: Plan
) -> None:
    late = RouteVisit(household="h2", arrive=at("17:30"), start=at("17:30"), end=at("18:00"))
    plan.routes[0].visits[1] = late
    plan.routes[0].back = None
    assert messages(scenario, plan) == [
        "shift: team team-a is back at 18:15 on 2025-07-06, after its shift ends 18:00"
    ]


def test_a_measured_matrix_overrides_the_formula(scenario: Scenario, plan: Plan) -> None:
    scenario.visits.travel.matrix = "times.csv"  # type: ignore[union-attr]
    scenario._measured_times = {("team-a", "h1"): MeasuredLeg(minutes=30)}
    assert messages(scenario, plan) == [
        "travel: team team-a reaches h1 at 09:00, but leaving base at 08:43 and driving 30 min "
        "arrives 09:13",
        "route-totals: route of team-a on 2025-07-06 states 55 min of driving; "
        "its legs add up to 68 min",
    ]


def test_the_route_registry_lists_every_rule_once() -> None:
    names = [rule.__name__ for rule in ROUTE_RULES]
    assert names[0] == "check_route_ids"
    assert len(names) == len(set(names)) == 12
