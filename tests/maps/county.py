"""A county-sized plan for the overview map: 25 teams x 8 days, 5 households a route.

Households lie on a grid around Zhaotong; the routes are made by hand (the maps draw
what a plan says, they do not check it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner.model import Plan, Route, RouteVisit, Scenario, SolverInfo

TEAMS, DAYS, PER_ROUTE = 25, 8, 5
FIRST_DAY = dt.date(2025, 7, 6)


def county() -> tuple[Scenario, Plan]:
    """The scenario and its plan of 200 routes."""
    days = [FIRST_DAY + dt.timedelta(days=d) for d in range(DAYS)]
    teams = [
        {"id": f"t{t:02d}", "start": _point(t, 0), "shift": {"start": "08:00", "end": "18:00"}}
        for t in range(TEAMS)
    ]
    households = [
        {
            "id": f"h{t:02d}-{d}-{k}",
            "village": f"V{t}-{d}-{k}",
            "location": _point(t, d * 5 + k + 1),
        }
        for t in range(TEAMS)
        for d in range(DAYS)
        for k in range(PER_ROUTE)
    ]
    data: dict[str, Any] = {
        "name": "County",
        "visits": {"days": [d.isoformat() for d in days], "teams": teams, "households": households},
    }
    scenario = Scenario.model_validate(data)
    routes = [_route(scenario, t, d, day) for t in range(TEAMS) for d, day in enumerate(days)]
    info = SolverInfo(wall_s=0.0, objective=0.0, bound=0.0, gap=0.0)
    return scenario, Plan(scenario="County", status="feasible", routes=routes, solver=info)


def _point(team: int, step: int) -> dict[str, float]:
    """Team `team`'s patch of the county (a 5 x 5 grid of 0.1-degree patches)."""
    row, col = divmod(team, 5)
    return {
        "lat": 27.0 + row * 0.1 + (step % 7) * 0.012,
        "lon": 103.4 + col * 0.1 + (step // 7) * 0.012,
    }


def _route(scenario: Scenario, team: int, d: int, day: dt.date) -> Route:
    visits = [
        RouteVisit(
            household=f"h{team:02d}-{d}-{k}",
            arrive=scenario.at(day, 540 + 60 * k),
            start=scenario.at(day, 540 + 60 * k),
            end=scenario.at(day, 585 + 60 * k),
        )
        for k in range(PER_ROUTE)
    ]
    return Route(team=f"t{team:02d}", day=day, distance_km=40.0, drive_min=90, visits=visits)
