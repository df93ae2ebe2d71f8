"""The visit re-plan keeps its promises: for random day-1 statuses, no household that the
published plan promised a later team-day is dropped or moved while that team-day exists.

Two teams work a short morning (08:00-11:00) on two days. Day 2 is nearly full with
its own households, so every mop-up visit competes with the promises for the hours.
"""

from __future__ import annotations

import datetime as dt
import functools

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from planner.check import check_plan
from planner.model import Plan, Scenario, SolverInfo
from planner.model.changes import VisitStatus
from solver.limits import Limits
from solver.routing import route_visits
from solver.routing.revisit import replan_visits
from tests.solver.routing.tiny import household, scenario, team

D1, D2 = dt.date(2025, 7, 6), dt.date(2025, 7, 7)
DAYS = (D1.isoformat(), D2.isoformat())
SHORT = {"start": "08:00", "end": "11:00"}
DAY_1 = {"team-a": ("a1", "a2", "a3"), "team-b": ("b1", "b2", "b3")}
DAY_2 = {"team-a": ("a4", "a5", "a6", "a7"), "team-b": ("b4", "b5", "b6", "b7")}
KM = {"a": 4.5, "b": -4.5}
"""team-a's households lie north of the base, team-b's south, 3 km apart."""
STATUSES = (None, "visited", "not_home", "refused", "moved")
NOW = dt.datetime(2025, 7, 7, 7, 0)


def _households(held: bool) -> list[dict[str, object]]:
    """Every household; `held` to the day and team side it was published on."""
    found = []
    for day, plan in ((DAYS[0], DAY_1), (DAYS[1], DAY_2)):
        for ids in plan.values():
            for k, h in enumerate(ids):
                km = KM[h[0]] + 3 * k * (1 if KM[h[0]] > 0 else -1)
                found.append(household(h, km, **({"days": [day]} if held else {})))
    return found


def _scenario(held: bool = False, team_b_days: list[str] | None = None) -> Scenario:
    teams = [team("team-a", shift=SHORT), team("team-b", shift=SHORT, days=team_b_days)]
    return scenario(_households(held), teams=teams, days=DAYS)


@functools.cache
def published() -> Plan:
    """Routes made with each household held to its day (solved once)."""
    result = route_visits(_scenario(held=True), Limits(time_limit_s=1.0, seed=1), "ortools")
    assert not result.unvisited
    info = SolverInfo(wall_s=0.0, objective=0.0, bound=0.0, gap=0.0)
    return Plan(scenario="Tiny visits", status="feasible", routes=result.routes, solver=info)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(marks=["not_home"] * 6, team_b_gone=False)  # every mop-up competes with a promise
@given(
    marks=st.lists(st.sampled_from(STATUSES), min_size=6, max_size=6),
    team_b_gone=st.booleans(),
)
def test_no_promise_is_dropped_while_its_team_day_exists(
    marks: list[str | None], team_b_gone: bool
) -> None:
    plan = published()
    s = _scenario(team_b_days=[DAYS[0]] if team_b_gone else None)
    day_1 = [(r.team, v) for r in plan.routes if r.day == D1 for v in r.visits]
    statuses = [
        VisitStatus(household=v.household, status=mark, at=v.start, team=team_id, day=D1)  # type: ignore[arg-type]
        for (team_id, v), mark in zip(day_1, marks, strict=True)
        if mark is not None
    ]
    revisit = replan_visits(s, plan, statuses, NOW, Limits(time_limit_s=0.4, seed=1))
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
