"""A tiny two-day home-visit campaign, its published plan, and statuses on day 1.

One team at the base works both days. Day 1 was published with h1-h4 (h1 has a
morning and an afternoon window), day 2 with h5 and h6. Households carry no day
restriction in the scenario itself, so a re-plan may move any of them to day 2.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner.model import Plan, Route, Scenario, SolverInfo
from solver.limits import Limits
from solver.routing import route_visits
from tests.solver.routing.tiny import household, scenario, window

D1, D2 = dt.date(2025, 7, 6), dt.date(2025, 7, 7)
DAYS = (D1.isoformat(), D2.isoformat())
ON_DAY_1 = ("h1", "h2", "h3", "h4")
ON_DAY_2 = ("h5", "h6")


def households(**extra: dict[str, Any]) -> list[dict[str, Any]]:
    """h1-h6 on both sides of the base; `extra` adds fields by household id."""
    windows = [window("08:00", "11:00"), window("15:00", "18:00")]
    found = [
        household("h1", 10.5, windows=windows),
        household("h2", 20.5),
        household("h3", -10.5),
        household("h4", 30.5),
        household("h5", -20.5),
        household("h6", 15.5),
    ]
    return [{**h, **extra.get(h["id"], {})} for h in found]


def field_scenario() -> Scenario:
    """The campaign as the re-plan sees it: any household on any day."""
    return scenario(households(), days=DAYS)


def published_plan() -> Plan:
    """Routes made with h1-h4 held to day 1 and h5, h6 to day 2."""
    held = {h: {"days": [DAYS[0]]} for h in ON_DAY_1} | {h: {"days": [DAYS[1]]} for h in ON_DAY_2}
    result = route_visits(scenario(households(**held), days=DAYS), Limits(time_limit_s=1.0))
    assert not result.unvisited
    info = SolverInfo(wall_s=0.0, objective=0.0, bound=0.0, gap=0.0)
    return Plan(scenario="Tiny visits", status="feasible", routes=result.routes, solver=info)


def route_on(plan: Plan, day: dt.date) -> Route:
    """The plan's one route on `day`."""
    return next(r for r in plan.routes if r.day == day)
