"""The visit re-plan keeps its promises: for random day-1 statuses, no household that the
published plan promised a later team-day is dropped or moved while that team-day exists
(the two-team campaign of `tests/support/two_teams.py`, whose day 2 is nearly full)."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from planner.check import check_plan
from planner.model.changes import VisitStatus
from solver.limits import Limits
from solver.routing.revisit import replan_visits
from tests.support.two_teams import D1, D2, DAYS, two_team_plan, two_team_scenario

STATUSES = (None, "visited", "not_home", "refused", "moved")
NOW = dt.datetime(2025, 7, 7, 7, 0)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(marks=["not_home"] * 6, team_b_gone=False)  # every mop-up competes with a promise
@given(
    marks=st.lists(st.sampled_from(STATUSES), min_size=6, max_size=6),
    team_b_gone=st.booleans(),
)
def test_no_promise_is_dropped_while_its_team_day_exists(
    marks: list[str | None], team_b_gone: bool
) -> None:
    plan = two_team_plan()
    s = two_team_scenario(team_b_days=[DAYS[0]] if team_b_gone else None)
    day_1 = [(r.team, v) for r in plan.routes if r.day == D1 for v in r.visits]
    statuses = [
        VisitStatus(household=v.household, status=mark, at=v.start, team=team_id, day=D1)  # type: ignore[arg-type]
        for (team_id, v), mark in zip(day_1, marks, strict=True)
        if mark is not None
    ]
    revisit = replan_visits(s, plan, statuses, NOW, Limits(time_limit_s=0.3, seed=1))
    placed = {v.household: (r.team, r.day) for r in revisit.routes for v in r.visits
              if v.status is None}  # fmt: skip
    promised = {v.household: (r.team, r.day) for r in plan.routes if r.day == D2
                for v in r.visits}  # fmt: skip
    kept = {h: where for h, where in promised.items() if where[0] == "team-a" or not team_b_gone}
    assert {h: placed.get(h) for h in kept} == kept
    new_plan = plan.model_copy(update={"routes": revisit.routes, "unvisited": revisit.unvisited})
    assert [str(v) for v in check_plan(s, new_plan)] == []
    reasons = {c.household: c.reason for c in revisit.diff if c.what != "kept"}
    for h in set(promised) - set(kept):
        assert reasons[h].startswith(
            f"the team-day it was promised (team-b on {D2}) is no longer in the plan"
        )


def test_a_mop_up_left_out_says_the_promises_came_first() -> None:
    plan = two_team_plan()
    statuses = [
        VisitStatus(household=v.household, status="not_home", at=v.start, team=r.team, day=D1)
        for r in plan.routes
        if r.day == D1
        for v in r.visits
    ]
    revisit = replan_visits(two_team_scenario(), plan, statuses, NOW, Limits(0.4, seed=1))
    reasons = {u.household: u.reason for u in revisit.unvisited}
    assert reasons  # day 2 has no room for all six
    for household, reason in reasons.items():
        assert household[1] in "123"  # a day-1 household: a mop-up, never a promise
        assert reason.endswith(
            "(team-a on 7 July and team-b on 7 July) were full: "
            "the visits promised on those days come first"
        )
