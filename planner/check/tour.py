"""The independent tour checker: every hard rule of a tour, verified from tour.json.

It shares no code with `solver/tour` (nothing from `solver/` is imported), so that a
bug in the model cannot hide itself by being checked with the same code.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from planner.check.violation import Violation
from planner.model.tour import Tour, TourPlan, TourStopPlan


@dataclass
class TourContext:
    """The tour and its plan, with the lookups every rule needs."""

    tour: Tour
    plan: TourPlan

    def __post_init__(self) -> None:
        self.stops = {s.id: s for s in self.tour.stops}
        self.experts = {e.id: e for e in self.tour.experts}
        self.trips: dict[str, list[TourStopPlan]] = defaultdict(list)
        for planned in self.plan.stops:
            for seat in planned.experts:
                self.trips[seat.expert].append(planned)

    def known_stops(self) -> Iterator[TourStopPlan]:
        """Scheduled stops whose id the tour knows."""
        return (p for p in self.plan.stops if p.stop in self.stops)


def check_stops_listed(c: TourContext) -> Iterator[Violation]:
    """Every stop of the tour appears once, scheduled or unscheduled; no unknown stops."""
    listed = Counter([p.stop for p in c.plan.stops] + [u.stop for u in c.plan.unscheduled])
    for stop_id, count in listed.items():
        if stop_id not in c.stops:
            yield Violation("tour-stops", f"unknown stop '{stop_id}'")
        elif count > 1:
            yield Violation("tour-stops", f"stop '{stop_id}' listed {count} times")
    for stop in c.tour.stops:
        if stop.id not in listed:
            yield Violation("tour-stops", f"stop '{stop.id}' is neither scheduled nor unscheduled")
        elif stop.required and any(u.stop == stop.id for u in c.plan.unscheduled):
            yield Violation("tour-required", f"required stop '{stop.id}' is unscheduled")
    for unscheduled in c.plan.unscheduled:
        if not unscheduled.reason.strip():
            yield Violation("tour-reasons", f"unscheduled stop '{unscheduled.stop}' has no reason")


def check_window(c: TourContext) -> Iterator[Violation]:
    """A stop starts on an allowed weekday of its window and lasts its days."""
    allowed = {["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(d)
               for d in c.tour.start_weekdays}  # fmt: skip
    for p in c.known_stops():
        stop = c.stops[p.stop]
        if not stop.window.first <= p.start <= stop.window.last:
            yield Violation("tour-window", f"'{p.stop}' starts {p.start}, outside its window")
        if p.start.weekday() not in allowed:
            yield Violation("tour-window", f"'{p.stop}' starts on a {p.start:%A}")
        if (p.end - p.start).days + 1 != stop.days:
            yield Violation(
                "tour-window", f"'{p.stop}' runs {p.start}..{p.end}, not {stop.days} days"
            )


def check_crews(c: TourContext) -> Iterator[Violation]:
    """On no day do more than `crews` stops run or rest."""
    busy: Counter[dt.date] = Counter()
    for p in c.known_stops():
        days = c.stops[p.stop].days + c.tour.crew.rest_days
        for n in range(days):
            busy[p.start + dt.timedelta(days=n)] += 1
    for day, count in sorted(busy.items()):
        if count > c.tour.crew.crews:
            yield Violation("tour-crews", f"{count} stops need a crew on {day}")


def check_experts(c: TourContext) -> Iterator[Violation]:
    """Known experts, with the skill, a need for it, once per stop, never on leave."""
    for p in c.known_stops():
        stop = c.stops[p.stop]
        seen = Counter(seat.expert for seat in p.experts)
        for seat in p.experts:
            expert = c.experts.get(seat.expert)
            where = f"'{seat.expert}' at '{p.stop}'"
            if expert is None:
                yield Violation("tour-experts", f"unknown expert {where}")
                continue
            if seat.skill not in expert.skills:
                yield Violation("tour-skill", f"{where} fills {seat.skill} without the skill")
            if seat.skill not in stop.needs:
                yield Violation("tour-skill", f"{where} fills {seat.skill}, which it does not need")
            if seen[seat.expert] > 1:
                yield Violation("tour-one-need", f"{where} fills {seen[seat.expert]} needs")
            days = [p.start + dt.timedelta(days=n) for n in range((p.end - p.start).days + 1)]
            for r in expert.unavailable:
                if any(r.first <= d <= r.last for d in days):
                    yield Violation("tour-leave", f"{where} while on leave {r.first}..{r.last}")


def check_needs(c: TourContext) -> Iterator[Violation]:
    """No need over-filled; each short need listed in `unfilled` with its count and reason."""
    unfilled = {(u.stop, u.skill): u for u in c.plan.unfilled}
    for p in c.known_stops():
        counts = Counter(seat.skill for seat in p.experts)
        for skill, need in c.stops[p.stop].needs.items():
            missing, entry = need - counts[skill], unfilled.pop((p.stop, skill), None)
            if missing < 0:
                yield Violation(
                    "tour-needs", f"'{p.stop}' has {counts[skill]} {skill}, needs {need}"
                )
            elif missing > 0 and (entry is None or entry.missing != missing):
                yield Violation("tour-needs", f"'{p.stop}' lacks {missing} {skill}, not listed")
            elif entry is not None and missing == 0:
                yield Violation("tour-needs", f"'{p.stop}' {skill} is full but listed unfilled")
            elif entry is not None and not entry.reason.strip():
                yield Violation("tour-reasons", f"'{p.stop}' {skill} unfilled with no reason")
    for stop_id, skill in unfilled:
        yield Violation("tour-needs", f"unfilled '{stop_id}' {skill} is not a scheduled need")


def check_expert_load(c: TourContext) -> Iterator[Violation]:
    """At most `max_stops` stops per expert, and `expert_gap_days` free days between two."""
    gap = c.tour.expert_gap_days
    for expert_id, trips in sorted(c.trips.items()):
        expert = c.experts.get(expert_id)
        if expert is not None and expert.max_stops is not None and len(trips) > expert.max_stops:
            yield Violation("tour-max-stops", f"'{expert_id}' does {len(trips)} stops")
        ordered = sorted(trips, key=lambda p: p.start)
        for a, b in itertools.pairwise(ordered):
            free = (b.start - a.end).days - 1
            if free < gap:
                yield Violation(
                    "tour-gap",
                    f"'{expert_id}' has {free} free days between '{a.stop}' and '{b.stop}'",
                )


TOUR_RULES: list[Callable[[TourContext], Iterator[Violation]]] = [
    check_stops_listed,
    check_window,
    check_crews,
    check_experts,
    check_needs,
    check_expert_load,
]
"""Every rule the tour checker verifies, in order."""


def check_tour(tour: Tour, plan: TourPlan) -> list[Violation]:
    """Every hard rule the tour plan breaks, in registry order, sorted within a rule."""
    context = TourContext(tour, plan)
    found: list[Violation] = []
    for rule in TOUR_RULES:
        found += sorted(set(rule(context)))
    return found
