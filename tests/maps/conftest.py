"""A tiny stop with two teams and a hand-made plan of three routes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from planner.model import Plan, Route, RouteVisit, Scenario, SolverInfo

DAY_1 = dt.date(2025, 7, 6)
DAY_2 = dt.date(2025, 7, 7)
HOTEL = {"lat": 27.3400, "lon": 103.7100}
DEPOT = {"lat": 27.3000, "lon": 103.7600}

PRIVATE_WORDS = (
    "severe",
    "intermediate",
    "carrier",
    "Carrier",
    "transfusion",
    "重型",
    "携带",
    "输血",
    "Wang Xiaoming",
    "Li Xiaohong",
    "mdt",
)
"""Patients' names, severities, needs and diagnoses that the scenario holds but no map may show."""


def _household(number: int, lat: float, lon: float, **extra: Any) -> dict[str, Any]:
    return {
        "id": f"h{number}",
        "name": f"Family {number}",
        "village": f"Village {number}",
        "location": {"lat": lat, "lon": lon},
        "contact": f"Parent {number}",
        "phone": f"139 0000 020{number}",
        **extra,
    }


def scenario_data() -> dict[str, Any]:
    """The tiny stop as scenario data: two patients, two teams, five households."""
    return {
        "name": "Tiny stop",
        "venues": [
            {
                "id": "nyc",
                "name": "Regional Medical Center",
                "location": {"lat": 27.33, "lon": 103.72},
                "open": [{"date": "2025-07-05", "start": "08:00", "end": "17:00"}],
                "rooms": [{"id": "c1", "kind": "consult"}],
            }
        ],
        "experts": [
            {
                "id": "hem-1",
                "name": "Dr Hem",
                "hospital": "First People's Hospital",
                "skills": ["hematology"],
                "available": [{"date": "2025-07-05", "start": "08:00", "end": "17:00"}],
            }
        ],
        "services": [
            {
                "id": "mdt",
                "name": "MDT",
                "duration_min": 30,
                "needs": ["hematology"],
                "room_kind": "consult",
            },
        ],
        "patients": [
            {
                "id": "p01",
                "name": "Wang Xiaoming",
                "family": "f01",
                "severity": "severe",
                "arrives": "2025-07-05T08:00",
                "leaves": "2025-07-05T12:00",
                "needs": ["mdt"],
            },
            {
                "id": "p02",
                "name": "Li Xiaohong",
                "family": "f02",
                "severity": "carrier",
                "arrives": "2025-07-05T08:00",
                "leaves": "2025-07-05T12:00",
                "needs": ["mdt"],
            },
        ],
        "visits": {
            "days": [DAY_1.isoformat(), DAY_2.isoformat()],
            "teams": [
                {
                    "id": "team-a",
                    "name": "Team A",
                    "phone": "13800000011",
                    "start": HOTEL,
                    "start_name": "Hotel",
                    "shift": {"start": "08:00", "end": "18:00"},
                },
                {
                    "id": "team-b",
                    "start": HOTEL,
                    "end": DEPOT,
                    "start_name": "Hotel",
                    "shift": {"start": "08:00", "end": "18:00"},
                },
            ],
            "households": [
                _household(
                    1,
                    27.4000,
                    103.6500,
                    patients=["p01"],
                    windows=[
                        {"start": "08:00", "end": "11:00"},
                        {"start": "15:00", "end": "18:00"},
                    ],
                    purpose="Follow-up on transfusion",
                    purpose_zh="随访输血情况",
                ),
                _household(
                    2,
                    27.4500,
                    103.7000,
                    patients=["p02"],
                    purpose="Carrier counselling",
                    purpose_zh="携带者咨询",
                ),
                _household(3, 27.3800, 103.8000, address="3 River Road"),
                _household(4, 27.2500, 103.6000),
                _household(5, 27.5000, 103.9000),
            ],
        },
    }


@pytest.fixture(scope="package")
def scenario() -> Scenario:
    """The tiny stop."""
    return Scenario.model_validate(scenario_data())


def _route(scenario: Scenario, team: str, day: dt.date, stops: list[tuple[str, int]]) -> Route:
    """A route visiting (household, arrival minute) in order, each for 40 minutes after 5.

    The team leaves half an hour before the first arrival and is back an hour after the
    last visit ends.
    """
    visits = [
        RouteVisit(
            household=household,
            arrive=scenario.at(day, minute),
            start=scenario.at(day, minute + 5),
            end=scenario.at(day, minute + 45),
        )
        for household, minute in stops
    ]
    return Route(
        team=team,
        day=day,
        depart=scenario.at(day, stops[0][1] - 30),
        back=scenario.at(day, stops[-1][1] + 45 + 60),
        distance_km=42.14,
        drive_min=95,
        visits=visits,
    )


@pytest.fixture(scope="package")
def plan(scenario: Scenario) -> Plan:
    """Team A visits h2, h1, h3 on day 1 and h5 on day 2; team B visits h4 on day 1."""
    return Plan(
        scenario=scenario.name,
        status="feasible",
        routes=[
            _route(
                scenario, "team-a", DAY_1, [("h2", 8 * 60 + 30), ("h1", 10 * 60), ("h3", 15 * 60)]
            ),
            _route(scenario, "team-b", DAY_1, [("h4", 9 * 60)]),
            _route(scenario, "team-a", DAY_2, [("h5", 9 * 60 + 15)]),
        ],
        solver=SolverInfo(wall_s=0.1, objective=0.0, bound=0.0, gap=0.0),
    )
