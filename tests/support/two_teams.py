"""A tiny two-team, two-day home-visit campaign whose day 2 is nearly full.

Two teams work a short morning (08:00-11:00) on two days. team-a's households lie north
of the base, team-b's south, 3 km apart. Day 1 was published with three households a
team, day 2 with four, so every mop-up visit competes with the promises for the hours.
"""

from __future__ import annotations

import datetime as dt
import functools

from planner.model import Plan, Scenario, SolverInfo
from solver.limits import Limits
from solver.routing import route_visits
from tests.solver.routing.tiny import household, scenario, team

D1, D2 = dt.date(2025, 7, 6), dt.date(2025, 7, 7)
DAYS = (D1.isoformat(), D2.isoformat())
SHORT = {"start": "08:00", "end": "11:00"}
DAY_1 = {"team-a": ("a1", "a2", "a3"), "team-b": ("b1", "b2", "b3")}
DAY_2 = {"team-a": ("a4", "a5", "a6", "a7"), "team-b": ("b4", "b5", "b6", "b7")}
KM = {"a": 4.5, "b": -4.5}


def _households(held: bool) -> list[dict[str, object]]:
    """Every household; `held` to the day it was published on."""
    found = []
    for day, plan in ((DAYS[0], DAY_1), (DAYS[1], DAY_2)):
        for ids in plan.values():
            for k, h in enumerate(ids):
                km = KM[h[0]] + 3 * k * (1 if KM[h[0]] > 0 else -1)
                found.append(household(h, km, **({"days": [day]} if held else {})))
    return found


def two_team_scenario(held: bool = False, team_b_days: list[str] | None = None) -> Scenario:
    """The campaign: any household on any day unless `held`; team-b on `team_b_days`."""
    teams = [team("team-a", shift=SHORT), team("team-b", shift=SHORT, days=team_b_days)]
    return scenario(_households(held), teams=teams, days=DAYS)


@functools.cache
def two_team_plan() -> Plan:
    """Routes made with each household held to its day (solved once, then shared)."""
    result = route_visits(two_team_scenario(held=True), Limits(time_limit_s=1.0, seed=1), "ortools")
    assert not result.unvisited
    info = SolverInfo(wall_s=0.0, objective=0.0, bound=0.0, gap=0.0)
    return Plan(scenario="Tiny visits", status="feasible", routes=result.routes, solver=info)
