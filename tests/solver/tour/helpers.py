"""Tiny tours with exact answers; every plan made here goes through the tour checker."""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner.check.tour import check_tour
from planner.jobs.tour import solve_tour
from planner.model.tour import Tour, TourPlan
from solver.limits import Limits

DAY0 = dt.date(2026, 3, 1)  # a Sunday


def day(n: int) -> dt.date:
    """The date `n` days after DAY0."""
    return DAY0 + dt.timedelta(days=n)


def stop(sid: str, first: int, last: int | None = None, **fields: Any) -> dict[str, Any]:
    """A stop near Longyan whose window runs from day `first` to day `last`."""
    window = {"from": day(first).isoformat(), "to": day(last or first).isoformat()}
    return {
        "id": sid, "city": sid.title(), "location": {"lat": 25.0, "lon": 117.0},
        "window": window, "days": 1, "needs": {"hematology": 1}, **fields,
    }  # fmt: skip


def expert(eid: str, skills: list[str] | None = None, km: float = 0.0, **fields: Any) -> dict:
    """An expert living `km` north of the stops (about; 1 degree of latitude is 111 km)."""
    home = {"lat": 25.0 + km / 111.2, "lon": 117.0}
    return {
        "id": eid, "name": f"Dr {eid.upper()}", "location": home,
        "skills": skills or ["hematology"], **fields,
    }  # fmt: skip


def make_tour(stops: list[dict], experts: list[dict], **fields: Any) -> Tour:
    """A validated tour."""
    return Tour.model_validate({"name": "tiny", "stops": stops, "experts": experts, **fields})


def solve(tour: Tour, time_limit_s: float = 10.0, seed: int = 0) -> TourPlan:
    """Solve deterministically and check the plan independently."""
    plan = solve_tour(tour, Limits(time_limit_s=time_limit_s, seed=seed, deterministic=True))
    assert check_tour(tour, plan) == []
    return plan


def seats(plan: TourPlan, stop_id: str) -> set[tuple[str, str]]:
    """(expert, skill) pairs at a scheduled stop."""
    planned = next(p for p in plan.stops if p.stop == stop_id)
    return {(s.expert, s.skill) for s in planned.experts}


def start(plan: TourPlan, stop_id: str) -> dt.date:
    """The start date of a scheduled stop."""
    return next(p.start for p in plan.stops if p.stop == stop_id)


def unscheduled(plan: TourPlan) -> dict[str, str]:
    """Stop id -> reason, for the stops without dates."""
    return {u.stop: u.reason for u in plan.unscheduled}


def unfilled(plan: TourPlan) -> dict[tuple[str, str], tuple[int, str]]:
    """(stop, skill) -> (missing, reason)."""
    return {(u.stop, u.skill): (u.missing, u.reason) for u in plan.unfilled}
