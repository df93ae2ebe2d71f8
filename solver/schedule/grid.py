"""The slot grid: every time in the model is a whole number of slots.

Slot `t` of the grid is minute `(t % per_day) * slot_min` of date `first + t // per_day`.
Each date gets `per_day = ceil(1440 / slot_min)` slots, so the grid restarts at every
local midnight and appointments land on multiples of `slot_min` from midnight, as the
checker wants.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner.model import DayHours, Scenario
from planner.model.spans import merge, slots_up

Spans = list[tuple[int, int]]
"""Half-open slot spans [start, end), sorted and disjoint; `planner/model/spans.py` does
their arithmetic (merge, intersect, minus, within)."""


@dataclass(frozen=True)
class Grid:
    """Converts between dates and minutes and slot numbers."""

    first: dt.date
    slot_min: int

    @property
    def per_day(self) -> int:
        """Slots given to each date."""
        return slots_up(1440, self.slot_min)

    def day_of(self, slot: int) -> dt.date:
        """The date a slot belongs to."""
        return self.first + dt.timedelta(days=slot // self.per_day)

    def floor(self, day: dt.date, minute: int) -> int:
        """The last slot boundary at or before `minute` of `day`."""
        return (day - self.first).days * self.per_day + minute // self.slot_min

    def ceil(self, day: dt.date, minute: int) -> int:
        """The first slot boundary at or after `minute` of `day`."""
        return (day - self.first).days * self.per_day + slots_up(minute, self.slot_min)

    def slots(self, minutes: int) -> int:
        """How many slots a span of `minutes` occupies (rounded up)."""
        return slots_up(minutes, self.slot_min)

    def moment(self, scenario: Scenario, slot: int) -> dt.datetime:
        """The aware local moment of a slot boundary."""
        minute = (slot % self.per_day) * self.slot_min
        return scenario.at(self.day_of(slot), minute)

    def clock(self, slot: int) -> str:
        """`HH:MM` of a slot boundary."""
        minute = (slot % self.per_day) * self.slot_min
        return f"{minute // 60:02d}:{minute % 60:02d}"

    def hours(self, hours: list[DayHours]) -> Spans:
        """Opening hours or availability as slot spans, shrunk onto the grid."""
        spans = [(self.ceil(h.date, h.start_min), self.floor(h.date, h.end_min)) for h in hours]
        return merge([(a, b) for a, b in spans if a < b])

    def covering(self, hours: list[DayHours]) -> Spans:
        """Spans widened onto the grid: every slot they touch (a room's closed hours)."""
        spans = [(self.floor(h.date, h.start_min), self.ceil(h.date, h.end_min)) for h in hours]
        return merge([(a, b) for a, b in spans if a < b])

    def stay(self, scenario: Scenario, arrives: dt.datetime, leaves: dt.datetime) -> Spans:
        """A patient's stay as one slot span per date it touches."""
        arrives, leaves = scenario.localize(arrives), scenario.localize(leaves)
        spans = []
        day = arrives.date()
        while day <= leaves.date():
            start = arrives.hour * 60 + arrives.minute + (arrives.second > 0)
            begin = self.ceil(day, start) if day == arrives.date() else self.ceil(day, 0)
            end_minute = leaves.hour * 60 + leaves.minute if day == leaves.date() else 1440
            spans.append((begin, self.floor(day, end_minute)))
            day += dt.timedelta(days=1)
        return merge([(a, b) for a, b in spans if a < b])


def first_date(scenario: Scenario) -> dt.date:
    """The earliest date the scenario mentions for the clinic or the course."""
    dates = [h.date for v in scenario.venues for h in v.open]
    dates += [h.date for e in scenario.experts for h in e.available]
    dates += [t.date for t in scenario.trainings]
    dates += [scenario.localize(p.arrives).date() for p in scenario.patients]
    return min(dates, default=dt.date(2000, 1, 1))


def starts(spans: Spans, length: int) -> Spans:
    """Start slots (half-open spans) of a `length`-slot block that fits wholly in one span."""
    return [(a, b - length + 1) for a, b in spans if b - a >= length]


def shift(spans: Spans, by: int) -> Spans:
    """Spans moved by `by` slots."""
    return [(a + by, b + by) for a, b in spans]
