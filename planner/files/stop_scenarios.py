"""`DIR/stops/<stop>.yaml`: a scenario for `planner solve` per scheduled stop.

A stop that names a `scenario:` gets that scenario with every date moved to the chosen
start and its experts replaced by the tour's; any other stop gets a skeleton (a venue
at the stop, open on its days, and its experts) that validates.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner.files.scenario import dump_scenario, load_scenario
from planner.model import DayHours, Expert, Room, Scenario, Venue
from planner.model.tour import Tour, TourStopPlan

SKELETON_HOURS = (dt.time(8, 0), dt.time(17, 30))
"""Opening hours of a skeleton's venue and its experts' hours."""


def stop_scenario(tour: Tour, planned: TourStopPlan) -> Scenario:
    """The scenario of one scheduled stop, with the chosen dates and assigned experts."""
    stop = tour.stop(planned.stop)
    if stop.scenario is None:
        return _skeleton(tour, planned)
    base = load_scenario(tour.base_dir / stop.scenario)
    dates = base.clinic_dates() or (base.visits.days if base.visits else [])
    delta = planned.start - dates[0] if dates else dt.timedelta()
    data = _shifted(base.model_dump(mode="python", exclude_defaults=True), delta)
    moved = Scenario.model_validate(data, context={"defer_references": True})
    hours = {
        day: (min(h.start for h in spans), max(h.end for h in spans))
        for day, spans in _open_by_day(moved).items()
    }
    moved.experts = _experts(tour, planned, hours)
    return Scenario.model_validate(moved.model_dump(mode="python", exclude_defaults=True))


def stop_yaml(tour: Tour, planned: TourStopPlan) -> str:
    """The stop's scenario as YAML, with a header saying where it comes from."""
    stop = tour.stop(planned.stop)
    origin = f"from {stop.scenario}" if stop.scenario else "a skeleton"
    head = (
        f"# Written by `planner tour` for stop '{stop.id}' of {tour.name}: {origin},\n"
        f"# {planned.start} to {planned.end}, with the tour's experts for this stop.\n"
    )
    return head + dump_scenario(stop_scenario(tour, planned))


def _skeleton(tour: Tour, planned: TourStopPlan) -> Scenario:
    stop = tour.stop(planned.stop)
    days = [planned.start + dt.timedelta(days=n) for n in range(stop.days)]
    start, end = SKELETON_HOURS
    venue = Venue(
        id="venue", name=stop.city, name_zh=stop.city_zh, location=stop.location,
        open=[DayHours(date=day, start=start, end=end) for day in days],
        rooms=[Room(id="consult", kind="consult")],
    )  # fmt: skip
    hours = {day: SKELETON_HOURS for day in days}
    return Scenario(
        name=f"{stop.city} ({tour.name})", timezone=tour.timezone, venues=[venue],
        experts=_experts(tour, planned, hours),
    )  # fmt: skip


def _experts(
    tour: Tour, planned: TourStopPlan, hours: dict[dt.date, tuple[dt.time, dt.time]]
) -> list[Expert]:
    """The stop's experts, available through the opening hours of each clinic day."""
    out = []
    for seat in planned.experts:
        expert = tour.expert(seat.expert)
        available = [DayHours(date=day, start=s, end=e) for day, (s, e) in sorted(hours.items())]
        out.append(
            Expert(id=expert.id, name=expert.name, name_zh=expert.name_zh,
                   hospital=expert.hospital or "-", skills=expert.skills, available=available)
        )  # fmt: skip
    return out


def _open_by_day(scenario: Scenario) -> dict[dt.date, list[DayHours]]:
    days: dict[dt.date, list[DayHours]] = {}
    for venue in scenario.venues:
        for hours in venue.open:
            days.setdefault(hours.date, []).append(hours)
    return days


def _shifted(node: Any, delta: dt.timedelta) -> Any:
    """A copy of the dumped scenario with every date and moment moved by `delta`."""
    if isinstance(node, dict):
        return {key: _shifted(value, delta) for key, value in node.items()}
    if isinstance(node, list):
        return [_shifted(item, delta) for item in node]
    if isinstance(node, dt.date):  # dates and datetimes alike
        return node + delta
    return node
