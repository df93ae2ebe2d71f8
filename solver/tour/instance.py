"""The tour as integers: days counted from the first window, km per expert and stop."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from planner.model.tour import Tour, TourExpert, TourStop

EARTH_KM = 6371.0


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


def trip_km(tour: Tour, expert: TourExpert, stop: TourStop) -> int:
    """Home to the stop and back, great circle x circuity, rounded to whole km."""
    one_way = great_circle_km(
        expert.location.lat, expert.location.lon, stop.location.lat, stop.location.lon
    )
    return round(2 * one_way * tour.travel.circuity)


@dataclass
class TourInstance:
    """Everything the model and the greedy need, precomputed once.

    Attributes:
        tour: the validated tour.
        origin: day 0, the earliest window start.
        starts: per stop, the allowed start days (offsets from `origin`).
        free_starts: per (expert, stop) index pair, the start days on which the expert
            is off leave for the whole stop; pairs with none are left out.
        km: per (expert, stop) index pair, the round trip in km.
        needs: per stop, (skill, count) in file order.
        candidates: per (stop, skill), the experts with the skill and some free start.
    """

    tour: Tour
    origin: dt.date
    starts: list[list[int]]
    free_starts: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    km: dict[tuple[int, int], int] = field(default_factory=dict)
    needs: list[list[tuple[str, int]]] = field(default_factory=list)
    candidates: dict[tuple[int, str], list[int]] = field(default_factory=dict)

    def day(self, offset: int) -> dt.date:
        """The date of a day offset."""
        return self.origin + dt.timedelta(days=offset)

    def offset(self, day: dt.date) -> int:
        """The day offset of a date."""
        return (day - self.origin).days

    @property
    def horizon(self) -> int:
        """One past the last day any stop, rest or gap can reach."""
        tour = self.tour
        tail = max(tour.crew.rest_days, tour.expert_gap_days)
        last = max((s[-1] if s else 0) for s in self.starts)
        return last + max(stop.days for stop in tour.stops) + tail + 1


def build_instance(tour: Tour) -> TourInstance:
    """Precompute start days, free days, distances and candidates."""
    origin = min(stop.window.first for stop in tour.stops)
    starts = [[(d - origin).days for d in tour.start_days(stop)] for stop in tour.stops]
    inst = TourInstance(tour=tour, origin=origin, starts=starts)
    inst.needs = [list(stop.needs.items()) for stop in tour.stops]
    for e, expert in enumerate(tour.experts):
        free = _free_offsets(expert, origin, inst)
        for s, stop in enumerate(tour.stops):
            if not set(expert.skills) & set(stop.needs):
                continue
            ok = [t for t in starts[s] if all(t + d in free for d in range(stop.days))]
            if not ok:
                continue
            inst.free_starts[e, s] = ok
            inst.km[e, s] = trip_km(tour, expert, stop)
            for skill in stop.needs:
                if skill in expert.skills:
                    inst.candidates.setdefault((s, skill), []).append(e)
    return inst


def _free_offsets(expert: TourExpert, origin: dt.date, inst: TourInstance) -> set[int]:
    """Day offsets within the tour on which the expert is not on leave."""
    last = max((s[-1] if s else 0) for s in inst.starts) + max(t.days for t in inst.tour.stops)
    return {t for t in range(last + 1) if expert.free_on(origin + dt.timedelta(days=t))}


PRUNE_ABOVE = 2_000
"""Candidate (expert, stop, skill) triples above which only the nearest are modelled."""

NEAREST_PER_SEAT = 4
"""Nearest candidates kept per expert a need asks for (at least `NEAREST_MIN`)."""

NEAREST_MIN = 8


def prune_candidates(inst: TourInstance, keep: set[tuple[int, int, str]]) -> int:
    """On big tours, keep only the nearest candidates of each need, plus those in `keep`.

    Far experts rarely belong in a tour that minimises travel, and leaving them out
    makes a 150-stop, 500-expert tour small enough to search. The tour stays correct
    (every rule holds), but an optimum or gap is then that of the reduced model.

    Returns:
        How many candidate triples were left out (0 below `PRUNE_ABOVE`).
    """
    total = sum(len(experts) for experts in inst.candidates.values())
    if total <= PRUNE_ABOVE:
        return 0
    for (s, skill), experts in inst.candidates.items():
        limit = max(NEAREST_MIN, NEAREST_PER_SEAT * inst.tour.stops[s].needs[skill])
        nearest = sorted(experts, key=lambda e: (inst.km[e, s], e))
        kept = nearest[:limit] + [e for e in nearest[limit:] if (e, s, skill) in keep]
        inst.candidates[s, skill] = sorted(kept)
    pairs = {(e, s) for (s, _k), experts in inst.candidates.items() for e in experts}
    for pair in [p for p in inst.free_starts if p not in pairs]:
        del inst.free_starts[pair], inst.km[pair]
    return total - sum(len(experts) for experts in inst.candidates.values())
