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
from planner.model.words import gettext as _


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
            yield Violation("tour-stops", _("unknown stop '{stop_id}'", stop_id=stop_id))
        elif count > 1:
            yield Violation(
                "tour-stops",
                _("stop '{stop_id}' listed {count} times", stop_id=stop_id, count=count),
            )
    for stop in c.tour.stops:
        if stop.id not in listed:
            yield Violation(
                "tour-stops", _("stop '{id}' is neither scheduled nor unscheduled", id=stop.id)
            )
        elif stop.required and any(u.stop == stop.id for u in c.plan.unscheduled):
            yield Violation("tour-required", _("required stop '{id}' is unscheduled", id=stop.id))
    for unscheduled in c.plan.unscheduled:
        if not unscheduled.reason.strip():
            yield Violation(
                "tour-reasons", _("unscheduled stop '{stop}' has no reason", stop=unscheduled.stop)
            )


def check_window(c: TourContext) -> Iterator[Violation]:
    """A stop starts on an allowed weekday of its window and lasts its days."""
    allowed = {["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(d)
               for d in c.tour.start_weekdays}  # fmt: skip
    for p in c.known_stops():
        stop = c.stops[p.stop]
        if not stop.window.first <= p.start <= stop.window.last:
            yield Violation(
                "tour-window",
                _("'{stop}' starts {start}, outside its window", stop=p.stop, start=p.start),
            )
        if p.start.weekday() not in allowed:
            yield Violation(
                "tour-window", _("'{stop}' starts on a {start:%A}", stop=p.stop, start=p.start)
            )
        if (p.end - p.start).days + 1 != stop.days:
            yield Violation(
                "tour-window",
                _(
                    "'{stop}' runs {start}..{end}, not {days} days",
                    stop=p.stop,
                    start=p.start,
                    end=p.end,
                    days=stop.days,
                ),
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
            yield Violation(
                "tour-crews", _("{count} stops need a crew on {day}", count=count, day=day)
            )


def check_experts(c: TourContext) -> Iterator[Violation]:
    """Known experts, with the skill, a need for it, once per stop, never on leave."""
    for p in c.known_stops():
        stop = c.stops[p.stop]
        seen = Counter(seat.expert for seat in p.experts)
        for seat in p.experts:
            expert = c.experts.get(seat.expert)
            where = _("'{expert}' at '{stop}'", expert=seat.expert, stop=p.stop)
            if expert is None:
                yield Violation("tour-experts", _("unknown expert {where}", where=where))
                continue
            if seat.skill not in expert.skills:
                yield Violation(
                    "tour-skill",
                    _("{where} fills {skill} without the skill", where=where, skill=seat.skill),
                )
            if seat.skill not in stop.needs:
                yield Violation(
                    "tour-skill",
                    _(
                        "{where} fills {skill}, which it does not need",
                        where=where,
                        skill=seat.skill,
                    ),
                )
            if seen[seat.expert] > 1:
                yield Violation(
                    "tour-one-need",
                    _("{where} fills {seen} needs", where=where, seen=seen[seat.expert]),
                )
            days = [p.start + dt.timedelta(days=n) for n in range((p.end - p.start).days + 1)]
            for r in expert.unavailable:
                if any(r.first <= d <= r.last for d in days):
                    yield Violation(
                        "tour-leave",
                        _(
                            "{where} while on leave {first}..{last}",
                            where=where,
                            first=r.first,
                            last=r.last,
                        ),
                    )


def check_needs(c: TourContext) -> Iterator[Violation]:
    """No need over-filled; each short need listed in `unfilled` with its count and reason."""
    unfilled = {(u.stop, u.skill): u for u in c.plan.unfilled}
    for p in c.known_stops():
        counts = Counter(seat.skill for seat in p.experts)
        for skill, need in c.stops[p.stop].needs.items():
            missing, entry = need - counts[skill], unfilled.pop((p.stop, skill), None)
            if missing < 0:
                yield Violation(
                    "tour-needs",
                    _(
                        "'{stop}' has {counts} {skill}, needs {need}",
                        stop=p.stop,
                        counts=counts[skill],
                        skill=skill,
                        need=need,
                    ),
                )
            elif missing > 0 and (entry is None or entry.missing != missing):
                yield Violation(
                    "tour-needs",
                    _(
                        "'{stop}' lacks {missing} {skill}, not listed",
                        stop=p.stop,
                        missing=missing,
                        skill=skill,
                    ),
                )
            elif entry is not None and missing == 0:
                yield Violation(
                    "tour-needs",
                    _("'{stop}' {skill} is full but listed unfilled", stop=p.stop, skill=skill),
                )
            elif entry is not None and not entry.reason.strip():
                yield Violation(
                    "tour-reasons",
                    _("'{stop}' {skill} unfilled with no reason", stop=p.stop, skill=skill),
                )
    for stop_id, skill in unfilled:
        yield Violation(
            "tour-needs",
            _("unfilled '{stop_id}' {skill} is not a scheduled need", stop_id=stop_id, skill=skill),
        )


def check_expert_load(c: TourContext) -> Iterator[Violation]:
    """At most `max_stops` stops per expert, and `expert_gap_days` free days between two."""
    gap = c.tour.expert_gap_days
    for expert_id, trips in sorted(c.trips.items()):
        expert = c.experts.get(expert_id)
        if expert is not None and expert.max_stops is not None and len(trips) > expert.max_stops:
            yield Violation(
                "tour-max-stops",
                _("'{expert_id}' does {count} stops", expert_id=expert_id, count=len(trips)),
            )
        ordered = sorted(trips, key=lambda p: p.start)
        for a, b in itertools.pairwise(ordered):
            free = (b.start - a.end).days - 1
            if free < gap:
                yield Violation(
                    "tour-gap",
                    _(
                        "'{expert_id}' has {free} free days between '{stop}' and '{stop2}'",
                        expert_id=expert_id,
                        free=free,
                        stop=a.stop,
                        stop2=b.stop,
                    ),
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
