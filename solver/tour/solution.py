"""A tour solution in index form, shared by the model, the greedy and the reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from planner.model.tour import TourExpertAssignment, TourStopPlan
from solver.tour.instance import TourInstance


@dataclass
class Solution:
    """Start days of the scheduled stops and who fills which need.

    Attributes:
        starts: stop index -> start day offset, for scheduled stops only.
        assigned: (expert, stop, skill) triples.
    """

    starts: dict[int, int] = field(default_factory=dict)
    assigned: list[tuple[int, int, str]] = field(default_factory=list)

    def trips(self) -> dict[int, list[int]]:
        """Expert index -> the stops they go to."""
        out: dict[int, list[int]] = {}
        for e, s, _skill in self.assigned:
            out.setdefault(e, []).append(s)
        return out

    def filled(self, s: int, skill: str) -> int:
        """How many experts fill this need."""
        return sum(1 for _e, t, k in self.assigned if t == s and k == skill)

    def travel_km(self, inst: TourInstance) -> int:
        """Total round-trip km of every expert."""
        return sum(inst.km[e, s] for e, s, _skill in self.assigned)

    def needs_filled(self) -> int:
        """Number of (expert, need) fillings."""
        return len(self.assigned)


def stop_dates(inst: TourInstance, s: int, start: int) -> tuple[dt.date, dt.date]:
    """First and last date of a stop starting on day `start`."""
    first = inst.day(start)
    return first, first + dt.timedelta(days=inst.tour.stops[s].days - 1)


def stop_plans(inst: TourInstance, sol: Solution) -> list[TourStopPlan]:
    """The scheduled stops in date order, experts listed by the stop's skill order."""
    plans = []
    for s in sorted(sol.starts, key=lambda s: (sol.starts[s], inst.tour.stops[s].id)):
        first, last = stop_dates(inst, s, sol.starts[s])
        stop = inst.tour.stops[s]
        skills = list(stop.needs)
        rows = sorted(
            (skills.index(k), inst.tour.experts[e].id, k) for e, t, k in sol.assigned if t == s
        )
        experts = [TourExpertAssignment(expert=eid, skill=k) for _i, eid, k in rows]
        plans.append(TourStopPlan(stop=stop.id, start=first, end=last, experts=experts))
    return plans
