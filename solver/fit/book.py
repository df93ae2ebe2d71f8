"""The published plan as a book of who and what is busy when, for fitting a walk-in.

Everything in the book stays where the plan put it: appointments, lectures and the
experts' lunch breaks. A walk-in is only ever fitted into the gaps.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from planner.model import (
    Appointment,
    Break,
    DayHours,
    Expert,
    Patient,
    Plan,
    Room,
    Scenario,
    Venue,
)

Span = tuple[dt.datetime, dt.datetime]
"""A half-open interval of aware local time."""


def clash(spans: list[Span], start: dt.datetime, end: dt.datetime) -> bool:
    """Whether [start, end) shares time with any of the spans."""
    return any(a < end and start < b for a, b in spans)


def within(scenario: Scenario, hours: list[DayHours], start: dt.datetime, end: dt.datetime) -> bool:
    """Whether [start, end) lies inside one of the `DayHours` spans."""
    return any(
        scenario.at(h.date, h.start_min) <= start and end <= scenario.at(h.date, h.end_min)
        for h in hours
    )


@dataclass
class Book:
    """The plan's bookings by expert, room, patient and family, in local time."""

    scenario: Scenario
    expert: dict[str, list[Span]] = field(default_factory=lambda: defaultdict(list))
    lunch: dict[tuple[str, dt.date], Span] = field(default_factory=dict)
    seen: Counter[tuple[str, dt.date]] = field(default_factory=Counter)
    room: dict[tuple[str, str], list[Span]] = field(default_factory=lambda: defaultdict(list))
    course: dict[tuple[str, str], list[Span]] = field(default_factory=lambda: defaultdict(list))
    patient: dict[str, list[Span]] = field(default_factory=lambda: defaultdict(list))
    family: dict[str, list[Appointment]] = field(default_factory=lambda: defaultdict(list))
    experts: dict[str, Expert] = field(default_factory=dict)
    rooms: list[tuple[Venue, Room]] = field(default_factory=list)

    @staticmethod
    def of(scenario: Scenario, plan: Plan) -> Book:
        """The book of a published plan (its ids are assumed to be the scenario's)."""
        book = Book(scenario)
        book.experts = {e.id: e for e in scenario.experts}
        book.rooms = [(v, r) for v in scenario.venues for r in v.rooms]
        families = {p.id: p.family for p in scenario.patients}
        for a in plan.appointments:
            local = book.local(a)
            book.add(local, families.get(a.patient, a.patient))
        for t in plan.trainings:
            span = (scenario.localize(t.start), scenario.localize(t.end))
            for lecturer in t.lecturers:
                book.expert[lecturer].append(span)
            book.course[(t.venue, t.room)].append(span)
        for expert_id, breaks in plan.breaks.items():
            for b in breaks:
                book.add_lunch(expert_id, b)
        return book

    def local(self, a: Appointment) -> Appointment:
        """The appointment with its times in the scenario's zone."""
        start, end = self.scenario.localize(a.start), self.scenario.localize(a.end)
        return a.model_copy(update={"start": start, "end": end})

    def add(self, a: Appointment, family: str) -> None:
        """Book an appointment (in local time) for its experts, room, patient and family."""
        span = (a.start, a.end)
        for expert_id in dict.fromkeys(a.experts):
            self.expert[expert_id].append(span)
            self.seen[(expert_id, a.start.date())] += 1
        self.room[(a.venue, a.room)].append(span)
        self.patient[a.patient].append(span)
        self.family[family].append(a)

    def add_lunch(self, expert_id: str, b: Break) -> None:
        """Book an expert's lunch break: it blocks their time and settles that day's lunch."""
        span = (self.scenario.localize(b.start), self.scenario.localize(b.end))
        self.expert[expert_id].append(span)
        self.lunch[(expert_id, span[0].date())] = span

    def room_free(self, venue: Venue, room: Room, start: dt.datetime, end: dt.datetime) -> bool:
        """Open, not closed, no course in it, fewer than `parallel` appointments at once."""
        key = (venue.id, room.id)
        if not within(self.scenario, venue.open, start, end) or clash(self.course[key], start, end):
            return False
        if any(self._overlaps_hours(h, start, end) for h in room.closed):
            return False
        inside = [(a, b) for a, b in self.room[key] if a < end and start < b]
        moments = [start] + [a for a, _ in inside if a > start]
        return all(sum(a <= m < b for a, b in inside) < room.parallel for m in moments)

    def _overlaps_hours(self, hours: DayHours, start: dt.datetime, end: dt.datetime) -> bool:
        first = self.scenario.at(hours.date, hours.start_min)
        return first < end and start < self.scenario.at(hours.date, hours.end_min)

    def expert_free(self, expert: Expert, start: dt.datetime, end: dt.datetime) -> bool:
        """On duty, not busy, under the daily limit, and still able to take lunch."""
        day = start.date()
        if not within(self.scenario, expert.available, start, end):
            return False
        if clash(self.expert[expert.id], start, end):
            return False
        limit = self.scenario.max_patients_for(expert)
        if limit is not None and self.seen[(expert.id, day)] >= limit:
            return False
        return self.lunch_with(expert, day, [(start, end)])[0]

    def lunch_with(
        self, expert: Expert, day: dt.date, extra: list[Span]
    ) -> tuple[bool, Break | None]:
        """Whether the expert still gets lunch on `day` with `extra` booked, and the new
        break that takes (None when no lunch rule applies or a break is already planned).
        """
        rule = self.scenario.lunch_for(expert)
        if rule is None or (expert.id, day) in self.lunch:
            return True, None
        cursor = self.scenario.at(day, rule.window.start_min)
        window_end = self.scenario.at(day, rule.window.end_min)
        need = dt.timedelta(minutes=rule.duration_min)
        busy = sorted(s for s in [*self.expert[expert.id], *extra] if s[0].date() == day)
        for a, b in busy:
            if a - cursor >= need or a >= window_end:
                break
            cursor = max(cursor, b)
        if window_end - cursor < need:
            return False, None
        return True, Break(start=cursor, end=cursor + need)

    def family_of(self, patient: Patient) -> list[Appointment]:
        """The appointments already booked for the patient's family."""
        return self.family.get(patient.family, [])
