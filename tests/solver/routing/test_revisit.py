"""Mop-up re-routing after day 1 of the tiny campaign (`tests/support/field.py`)."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.check import check_plan
from planner.model import Plan, Scenario
from planner.model.changes import VisitStatus
from planner.model.visit_diff import Missed
from solver.limits import Limits
from solver.routing.revisit import Revisit, households_to_route, replan_visits
from tests.support.field import D1, D2, field_scenario, published_plan, route_on

NOW = dt.datetime(2025, 7, 7, 7, 0)  # the morning of day 2, before the team sets out


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    """The campaign."""
    return field_scenario()


@pytest.fixture(scope="module")
def plan() -> Plan:
    """Its published plan."""
    return published_plan()


def _status(s: Scenario, household: str, status: str, minute: int, day: dt.date = D1,
            note: str = "") -> VisitStatus:  # fmt: skip
    return VisitStatus(household=household, status=status, at=s.at(day, minute),  # type: ignore[arg-type]
                       note=note, team="team-a", day=day)  # fmt: skip


@pytest.fixture(scope="module")
def statuses(scenario: Scenario) -> list[VisitStatus]:
    """Day 1: h1 not at home at 08:40, h2 visited, h3 refused, h4 unmarked; h6 (day 2) moved."""
    return [
        _status(scenario, "h1", "not_home", 8 * 60 + 40),
        _status(scenario, "h2", "visited", 10 * 60),
        _status(scenario, "h3", "refused", 11 * 60, note="not interested"),
        _status(scenario, "h6", "moved", 12 * 60, day=D2, note="moved to the city"),
    ]


@pytest.fixture(scope="module")
def revisit(scenario: Scenario, plan: Plan, statuses: list[VisitStatus]) -> Revisit:
    """The re-plan at 07:00 on day 2."""
    return replan_visits(scenario, plan, statuses, NOW, Limits(time_limit_s=2.0, seed=1))


def _new_plan(plan: Plan, revisit: Revisit) -> Plan:
    return plan.model_copy(
        update={
            "routes": revisit.routes,
            "unvisited": revisit.unvisited,
            "changes": revisit.diff,
        }
    )


def test_day_1_stays_as_it_was_with_what_was_marked(plan: Plan, revisit: Revisit) -> None:
    before, after = route_on(plan, D1), route_on(_new_plan(plan, revisit), D1)
    assert [(v.household, v.start) for v in after.visits] == [
        (v.household, v.start) for v in before.visits
    ]
    marks = {v.household: v.status for v in after.visits}
    assert marks == {"h1": "not_home", "h2": "visited", "h3": "refused", "h4": "not_reached"}


def test_day_2_has_the_mop_up_and_its_own_visits_but_no_closed_household(
    scenario: Scenario, plan: Plan, revisit: Revisit
) -> None:
    day_2 = route_on(_new_plan(plan, revisit), D2)
    assert sorted(v.household for v in day_2.visits) == ["h1", "h4", "h5"]
    h1 = next(v for v in day_2.visits if v.household == "h1")
    # Missed in the morning window: the mop-up comes in the afternoon one.
    assert f"{scenario.localize(h1.start):%H:%M}" >= "15:00"
    assert {u.household: u.reason for u in revisit.unvisited} == {
        "h6": "moved away on 2025-07-07: moved to the city"
    }


def test_changes_say_what_happened_to_each_household(revisit: Revisit) -> None:
    what = {c.household: c.what for c in revisit.diff}
    assert what == {"h1": "moved", "h2": "kept", "h3": "cancelled", "h4": "moved",
                    "h5": "moved", "h6": "cancelled"}  # fmt: skip
    reasons = {c.household: c.reason for c in revisit.diff}
    assert reasons["h1"].startswith(
        "not at home on 2025-07-06 at 08:40, missed in the window 08:00–11:00; mop-up visit on "
        "2025-07-07 at "
    )
    assert reasons["h3"] == "refused the visit on 2025-07-06: not interested"
    assert reasons["h4"].startswith("not reached on 2025-07-06 at ")
    # h5 keeps its team and day; the mop-up visits moved its time.
    assert reasons["h5"] == "same team and day, another time"
    h5 = next(c for c in revisit.diff if c.household == "h5")
    assert h5.from_ is not None and h5.to is not None
    assert (h5.from_.team, h5.from_.day) == (h5.to.team, h5.to.day) == ("team-a", D2)
    assert reasons["h2"] == "visited on 2025-07-06"


def test_the_new_plan_passes_the_checker(scenario: Scenario, plan: Plan, revisit: Revisit) -> None:
    assert [str(v) for v in check_plan(scenario, _new_plan(plan, revisit))] == []


def test_not_at_home_raises_priority_but_a_required_household_stays_required(
    scenario: Scenario, plan: Plan, revisit: Revisit
) -> None:
    optional = scenario.model_copy(deep=True)
    assert optional.visits is not None
    optional.visits.households[0] = optional.visits.households[0].model_copy(
        update={"required": False, "priority": 3}
    )
    history = [r for r in revisit.routes if r.day == D1]
    days = {"team-a": [D2]}
    for s, required in ((scenario, True), (optional, False)):
        missed = {"h1": Missed(history[0], history[0].visits[0], "not_home", None, None, D1)}
        left, _ = households_to_route(s, {}, missed, days, history)
        h1 = next(h for h in left if h.id == "h1")
        assert (h1.required, h1.priority, h1.days) == (required, 1 if required else 2, [D2])


def test_nothing_left_to_route_when_every_day_has_begun(
    scenario: Scenario, plan: Plan, statuses: list[VisitStatus]
) -> None:
    late = replan_visits(scenario, plan, statuses, dt.datetime(2025, 7, 7, 9, 0), Limits(1.0))
    assert (late.status, late.engine) == ("optimal", "none")
    assert [r.day for r in late.routes] == [D1, D2]  # both days as they happened
    reasons = {u.household: u.reason for u in late.unvisited}
    assert reasons["h1"] == "no visit day is left after 2025-07-06 for a mop-up visit"
