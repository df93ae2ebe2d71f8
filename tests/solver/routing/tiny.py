"""Tiny home-visit scenarios on a straight road, where a kilometre is a minute.

The base sits at (27, 103); `north(km)` and `south(km)` place households on the
meridian. Travel is great circle x 1.0 at 60 km/h, so a household 30.5 km away is a
31-minute drive. Distances end in .5 so that no leg sits on a minute boundary.
"""

from __future__ import annotations

import math
from typing import Any

from planner.check import check_plan
from planner.model import Plan, Scenario
from solver.limits import Limits
from solver.routing import VisitsResult, route_visits

KM_PER_DEGREE = 2 * math.pi * 6371.0088 / 360
BASE = {"lat": 27.0, "lon": 103.0}
DAY = "2025-07-06"
LIMITS_S = 0.5


def north(km: float) -> dict[str, float]:
    """A point `km` north of the base."""
    return {"lat": BASE["lat"] + km / KM_PER_DEGREE, "lon": BASE["lon"]}


def south(km: float) -> dict[str, float]:
    """A point `km` south of the base."""
    return {"lat": BASE["lat"] - km / KM_PER_DEGREE, "lon": BASE["lon"]}


def team(team_id: str = "team-a", **fields: Any) -> dict[str, Any]:
    """A team at the base working 08:00-18:00, with any field overridden."""
    return {"id": team_id, "start": BASE, "shift": {"start": "08:00", "end": "18:00"}, **fields}


def household(household_id: str, km: float = 10.5, **fields: Any) -> dict[str, Any]:
    """A household `km` north of the base (negative: south), 30-minute visit."""
    location = north(km) if km >= 0 else south(-km)
    return {"id": household_id, "village": "V", "location": location, "service_min": 30,
            **fields}  # fmt: skip


def window(start: str, end: str) -> dict[str, str]:
    """A time window."""
    return {"start": start, "end": end}


def scenario(
    households: list[dict[str, Any]],
    teams: list[dict[str, Any]] | None = None,
    days: tuple[str, ...] = (DAY,),
    **visits: Any,
) -> Scenario:
    """A visits-only scenario."""
    data = {
        "name": "Tiny visits",
        "visits": {
            "days": list(days),
            "travel": {"circuity": 1.0, "speed_kmh": 60},
            "teams": teams or [team()],
            "households": households,
            **visits,
        },
    }
    return Scenario.model_validate(data)


def solve(s: Scenario, engine: str = "ortools", time_limit_s: float = LIMITS_S) -> VisitsResult:
    """Route the scenario and assert the independent checker finds nothing wrong."""
    result = route_visits(s, Limits(time_limit_s=time_limit_s, seed=1), engine=engine)
    assert violations(s, result) == []
    return result


def violations(s: Scenario, result: VisitsResult) -> list[str]:
    """The checker's findings on a plan made of the result's routes."""
    plan = Plan(scenario=s.name, status="feasible", routes=result.routes,
                unvisited=result.unvisited, solver=result.solver_info())  # fmt: skip
    return [str(v) for v in check_plan(s, plan)]


def visited(result: VisitsResult) -> dict[str, tuple[str, str]]:
    """Household id -> (team, day) of its visit."""
    return {v.household: (r.team, r.day.isoformat()) for r in result.routes for v in r.visits}


def reasons(result: VisitsResult) -> dict[str, str]:
    """Household id -> reason it is not visited."""
    return {u.household: u.reason for u in result.unvisited}


def clock(moment: Any) -> str:
    """`14:05`."""
    return f"{moment:%H:%M}"
