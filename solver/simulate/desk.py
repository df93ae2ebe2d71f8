"""The reception desk fitting walk-ins into the published plan, moving nobody: the rule of
`planner fit` (`solver/fit/`), re-implemented on bitmasks.

Why again, and not `solver/fit` itself: a sub-package of `solver/` may not import another
(docs/architecture.md), and `solver/fit` works on datetimes one walk-in at a time, which
is right for a desk (well under a second) but too slow for a thousand runs of forty
walk-ins each. Here each expert's and room's day is an integer with one bit per minute,
so "free for 30 minutes from here" is a few shifts and ands. The choices are `fit`'s, in
its order, and `tests/solver/simulate/test_desk.py` holds the two to the same answers:

- needs in `after` order, each at the earliest grid start after the patient arrives
  (and after the needs it follows) that ends before they leave;
- the first room of the right kind, in file order, that is open, has no course, is not
  closed and has fewer than `parallel` appointments at every minute;
- one distinct expert per skill, those with the fewest skills first, each on duty, not
  busy, under their daily limit, and still able to take lunch (a new lunch break is
  booked at its earliest if the expert had none planned that day).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from planner.model import Plan, in_after_order
from solver.simulate.chance import WalkIn
from solver.simulate.timeline import Timeline

DAY_MIN = 1440
FULL = (1 << DAY_MIN) - 1


@lru_cache(maxsize=1 << 16)
def window(free: int, length: int) -> int:
    """Bit s is set where bits s .. s+length-1 of `free` are all set."""
    result, covered = free, 1
    while covered * 2 <= length:
        result &= result >> covered
        covered *= 2
    if covered < length:
        result &= result >> (length - covered)
    return result


def span(start: int, end: int) -> int:
    """Bits start .. end-1 (clipped to the day)."""
    start, end = max(start, 0), min(end, DAY_MIN)
    return ((1 << end) - 1) & ~((1 << start) - 1) if end > start else 0


@dataclass(frozen=True)
class Booking:
    """A walk-in's need booked by the desk (stop minutes)."""

    service: str
    start: float
    length: float
    experts: tuple[int, ...]
    room: int


@dataclass
class Book:
    """Who and which room is busy when, one bitmask per (expert or room, day)."""

    busy: dict[tuple[int, int], int] = field(default_factory=dict)
    seen: dict[tuple[int, int], int] = field(default_factory=dict)
    lunched: set[tuple[int, int]] = field(default_factory=set)
    layers: dict[tuple[int, int], list[int]] = field(default_factory=dict)

    def copy(self) -> Book:
        """A copy to book one run's walk-ins into."""
        return Book(dict(self.busy), dict(self.seen), set(self.lunched),
                    {k: list(v) for k, v in self.layers.items()})  # fmt: skip


class Desk:
    """The published plan's book, and the fit of a walk-in into a copy of it."""

    def __init__(self, timeline: Timeline, plan: Plan) -> None:
        scenario = timeline.scenario
        self.timeline = timeline
        self.slot = scenario.slot_min
        self.grid = sum(1 << m for m in range(0, DAY_MIN, self.slot))
        self.services = {s.id: s for s in scenario.services}
        experts = scenario.experts
        self.skills = [set(e.skills) for e in experts]
        order = sorted(range(len(experts)), key=lambda k: len(experts[k].skills))
        self.able = {s: [k for k in order if s in self.skills[k]] for sv in scenario.services
                     for s in sv.needs}  # fmt: skip
        self.limit = [scenario.max_patients_for(e) for e in experts]
        self.lunch = [scenario.lunch_for(e) for e in experts]
        self.now = timeline.minutes(scenario.history.now) if scenario.history else -math.inf
        first = timeline.dates[0]
        self.available: dict[tuple[int, int], int] = {}
        for k, e in enumerate(experts):
            for h in e.available:
                key = (k, (h.date - first).days)
                self.available[key] = self.available.get(key, 0) | span(h.start_min, h.end_min)
        self.kinds: list[tuple[int, str, int]] = []
        self.open: dict[tuple[int, int], int] = {}
        index = 0
        for venue in scenario.venues:
            hours: dict[int, int] = {}
            for h in venue.open:
                day = (h.date - first).days
                hours[day] = hours.get(day, 0) | span(h.start_min, h.end_min)
            for room in venue.rooms:
                self.kinds.append((index, room.kind, room.parallel))
                closed: dict[int, int] = {}
                for c in room.closed:
                    day = (c.date - first).days
                    closed[day] = closed.get(day, 0) | span(c.start_min, c.end_min)
                for day, bits in hours.items():
                    self.open[(index, day)] = bits & ~closed.get(day, 0)
                index += 1
        self.base = self._published(plan)

    def _published(self, plan: Plan) -> Book:
        book = Book()
        t = self.timeline
        for item in t.items:
            day, start = t.day_of(item.start), int(item.start) % DAY_MIN
            bits = span(start, start + math.ceil(item.length))
            for e in item.experts:
                book.busy[(e, day)] = book.busy.get((e, day), 0) | bits
            if item.kind == "appointment":
                for e in item.experts:
                    book.seen[(e, day)] = book.seen.get((e, day), 0) + 1
                if item.room is not None:
                    _occupy(book, (item.room, day), bits, self.kinds[item.room][2])
            elif item.kind == "training" and item.room is not None:
                self.open[(item.room, day)] = self.open.get((item.room, day), 0) & ~bits
            else:
                book.lunched |= {(e, day) for e in item.experts}
        return book

    def fit(self, book: Book, walk_in: WalkIn) -> tuple[list[Booking], int]:
        """Book the walk-in's needs into `book`: what was booked, and how many needs were not."""
        day = walk_in.day
        origin = day * DAY_MIN
        leaves = int(walk_in.leaves - origin)
        ends: dict[str, float] = {}
        patient = 0
        booked: list[Booking] = []
        missed = 0
        for service in in_after_order([self.services[s] for s in walk_in.services]):
            length = service.duration_min
            earliest = max([walk_in.arrival, self.now, *(ends[b] for b in service.after
                                                         if b in ends)])  # fmt: skip
            found = None
            if length % self.slot == 0:
                start = -(-math.ceil(earliest - origin) // self.slot) * self.slot
                found = self._earliest(book, day, service.needs, service.room_kind, length,
                                       span(start, leaves - length + 1), patient)  # fmt: skip
            if found is None:
                missed += 1
                continue
            moment, room, team = found
            self._book(book, day, moment, length, room, team)
            patient |= span(moment, moment + length)
            ends[service.id] = origin + moment + length
            booked.append(Booking(service.id, origin + moment, length, team, room))
        return booked, missed

    def _earliest(
        self, book: Book, day: int, skills: list[str], kind: str, length: int, starts: int,
        patient: int,
    ) -> tuple[int, int, tuple[int, ...]] | None:  # fmt: skip
        candidates = starts & self.grid & window(FULL & ~patient, length)
        rooms = []
        for index, room_kind, parallel in self.kinds:
            if room_kind == kind:
                top = book.layers.get((index, day), [0] * parallel)[parallel - 1]
                rooms.append((index, window(self.open.get((index, day), 0) & ~top, length)))
        candidates &= _union(w for _, w in rooms)
        free: dict[int, int] = {}
        for skill in dict.fromkeys(skills):
            for e in self.able.get(skill, []):
                if e not in free:
                    free[e] = self._expert_window(book, e, day, length)
            candidates &= _union(free[e] for e in self.able.get(skill, []))
        while candidates:
            low = candidates & -candidates
            moment = low.bit_length() - 1
            candidates ^= low
            room = next(index for index, w in rooms if w & low)
            team = self._team(book, day, skills, moment, length, free, ())
            if team is not None:
                return moment, room, team
        return None

    def _expert_window(self, book: Book, e: int, day: int, length: int) -> int:
        limit = self.limit[e]
        if limit is not None and book.seen.get((e, day), 0) >= limit:
            return 0
        return window(self.available.get((e, day), 0) & ~book.busy.get((e, day), 0), length)

    def _team(
        self, book: Book, day: int, skills: list[str], moment: int, length: int,
        free: dict[int, int], chosen: tuple[int, ...],
    ) -> tuple[int, ...] | None:  # fmt: skip
        """Distinct free experts, one per skill, the fewest-skilled first (as `fit`)."""
        if not skills:
            return chosen
        for e in self.able.get(skills[0], []):
            if e in chosen or not free[e] >> moment & 1:
                continue
            if self._lunch_at(book, e, day, span(moment, moment + length)) is None:
                continue
            team = self._team(book, day, skills[1:], moment, length, free, (*chosen, e))
            if team is not None:
                return team
        return None

    def _lunch_at(self, book: Book, e: int, day: int, extra: int) -> int | None:
        """The lunch break (bits) the expert gets with `extra` booked: 0 when no new break is
        needed, None when no break fits any more."""
        rule = self.lunch[e]
        if rule is None or (e, day) in book.lunched:
            return 0
        allowed = span(rule.window.start_min, rule.window.end_min)
        fits = window(allowed & ~(book.busy.get((e, day), 0) | extra), rule.duration_min)
        if not fits:
            return None
        start = (fits & -fits).bit_length() - 1
        return span(start, start + rule.duration_min)

    def _book(
        self, book: Book, day: int, moment: int, length: int, room: int, team: tuple[int, ...]
    ) -> None:
        bits = span(moment, moment + length)
        for e in team:
            lunch = self._lunch_at(book, e, day, bits)
            if lunch:
                book.lunched.add((e, day))
            book.busy[(e, day)] = book.busy.get((e, day), 0) | bits | (lunch or 0)
            book.seen[(e, day)] = book.seen.get((e, day), 0) + 1
        _occupy(book, (room, day), bits, self.kinds[room][2])


def _occupy(book: Book, key: tuple[int, int], bits: int, parallel: int) -> None:
    """One more appointment in the room during `bits`: layer k holds the minutes with more
    than k appointments at once."""
    layers = book.layers.setdefault(key, [0] * parallel)
    for k in range(parallel - 1, 0, -1):
        layers[k] |= layers[k - 1] & bits
    layers[0] |= bits


def _union(masks: Iterable[int]) -> int:
    out = 0
    for m in masks:
        out |= m
    return out
