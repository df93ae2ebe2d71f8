"""The replay: every run of the day at once, item by item in order of planned start.

The desk follows the plan. An item starts at the latest of the moments in `START_RULES`
and lasts its planned length times a lognormal factor of mean 1 (courses and breaks last
as planned). Each quantity is a vector over the runs, so a day of 600 appointments takes
600 steps whatever the number of runs. Walk-ins differ from run to run: their bookings
are merged into the order of planned starts and replayed one run at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.model.variability import Variability
from solver.simulate.chance import Chance, WalkIn, lognormal_factor
from solver.simulate.desk import Booking
from solver.simulate.timeline import APPOINTMENT, BREAK, Item, Timeline

START_RULES: tuple[tuple[str, str, str], ...] = (
    ("planned", "not before its planned start; but an appointment after a no-show of one of "
     "its experts may start from the no-show's planned start", "test_a_no_show_lets_the_next_"
     "family_in_early"),
    ("arrival", "not before the patient arrives (their `arrives` plus their lateness)",
     "test_a_late_family_delays_its_appointment_only"),
    ("expert_late", "not before its experts are on site (late experts push their queues)",
     "test_a_late_expert_pushes_the_queue"),
    ("experts", "not before its experts' previous item ends", "test_overruns_push_the_queue"),
    ("room", "not before a place in its room is free (a room of `parallel` places is that "
     "many queues)", "test_a_parallel_room_is_that_many_queues"),
    ("patient", "not before the patient's previous need ends (one place at a time, `after`)",
     "test_after_order_holds_under_chance"),
)  # fmt: skip
"""The rules of an item's start, each with the test that shows it biting."""


@dataclass(frozen=True)
class WalkInVisit:
    """One replayed appointment of a walk-in."""

    run: int
    walk_in: int
    arrival: float
    planned: float
    start: float
    end: float


@dataclass
class Replayed:
    """What happened in each run (rows are runs; NaN where an item did not take place).

    Attributes:
        last_work: (experts, days, runs) when each expert's last appointment or course ended.
        day_last: (days, runs) when each day's last appointment or course ended.
    """

    start: np.ndarray
    end: np.ndarray
    last_work: np.ndarray
    day_last: np.ndarray
    walk_in_visits: list[WalkInVisit]


class _Queues:
    """When each expert, room place and patient is next free, per run."""

    def __init__(self, timeline: Timeline, chance: Chance, walk_ins: int) -> None:
        runs = chance.runs
        self.expert = np.full((len(timeline.experts), runs), -np.inf)
        self.pull = np.full((len(timeline.experts), runs), np.inf)
        self.rooms = [np.full((p, runs), -np.inf) for p in timeline.parallel]
        self.patient = np.full((len(timeline.patients), runs), -np.inf)
        self.walk_in = np.full(walk_ins, -np.inf)
        self.ready = np.ascontiguousarray(chance.expert_ready.transpose(1, 2, 0))
        days = len(timeline.dates)
        self.last_work = np.full((len(timeline.experts), days, runs), -np.inf)
        self.day_last = np.full((days, runs), -np.inf)


def replay(
    timeline: Timeline, variability: Variability, chance: Chance,
    desk_bookings: list[list[tuple[int, Booking]]],
) -> Replayed:  # fmt: skip
    """Replay the timeline under `chance`, with each run's walk-ins booked as given.

    Args:
        desk_bookings: per run, (walk-in number, booking) in any order.
    """
    runs, items = chance.runs, timeline.items
    numbers = [w.number for run in chance.walk_ins for w in run]
    queues = _Queues(timeline, chance, max(numbers, default=-1) + 1)
    start = np.full((runs, len(items)), np.nan)
    end = np.full((runs, len(items)), np.nan)
    events = sorted(((b.start, run, number, b) for run, found in enumerate(desk_bookings)
                     for number, b in found), key=lambda e: (e[0], e[1], e[2]))  # fmt: skip
    walk_ins = {w.number: w for run in chance.walk_ins for w in run}
    visits: list[WalkInVisit] = []
    cursor = 0
    for i, item in enumerate(items):
        while cursor < len(events) and events[cursor][0] < item.start:
            _, run, number, booking = events[cursor]
            visits.append(_walk_in_step(timeline, variability, queues, run, walk_ins[number],
                                        booking))  # fmt: skip
            cursor += 1
        start[:, i], end[:, i] = _step(timeline, variability, chance, queues, item)
    for _, run, number, booking in events[cursor:]:
        visits.append(_walk_in_step(timeline, variability, queues, run, walk_ins[number], booking))
    return Replayed(start, end, queues.last_work, queues.day_last, visits)


def _step(
    timeline: Timeline, variability: Variability, chance: Chance, q: _Queues, item: Item
) -> tuple[np.ndarray, np.ndarray]:
    """One plan item in every run: its start and end (NaN where it does not take place)."""
    runs = chance.runs
    is_appointment = item.kind == APPOINTMENT
    floor = np.full(runs, item.start)
    if is_appointment and item.experts:
        floor = np.minimum(floor, q.pull[list(item.experts)].min(axis=0))
    begin = floor
    present = np.ones(runs, bool)
    length: np.ndarray | float = item.length
    if is_appointment and item.patient is not None and not item.fixed:
        present = ~chance.absent[:, item.patient]
        begin = np.maximum(begin, chance.arrival[:, item.patient])
        if item.need is not None:
            service = timeline.needs[item.need][1]
            length = item.length * lognormal_factor(chance.z[:, item.need],
                                                    variability.cv_for(service))  # fmt: skip
    for e in item.experts:
        begin = np.maximum(begin, q.expert[e])
        if item.kind != BREAK and not item.fixed:  # a lunch planned before they came stays
            begin = np.maximum(begin, q.ready[e, item.day])
    lane = np.zeros(runs, int)
    if item.room is not None:
        places = q.rooms[item.room]
        lane = places.argmin(axis=0) if len(places) > 1 else lane
        begin = np.maximum(begin, places[lane, np.arange(runs)])
    if item.patient is not None:
        begin = np.maximum(begin, q.patient[item.patient])
    finish = begin + length
    _advance(q, item, present, floor, finish, lane)
    return np.where(present, begin, np.nan), np.where(present, finish, np.nan)


def _advance(
    q: _Queues, item: Item, present: np.ndarray, floor: np.ndarray, finish: np.ndarray,
    lane: np.ndarray,
) -> None:  # fmt: skip
    """The item's queues move on where it took place; a no-show opens its experts' gap."""
    work = item.kind != BREAK
    for e in item.experts:
        q.expert[e] = np.where(present, finish, q.expert[e])
        if item.kind == APPOINTMENT:
            q.pull[e] = np.where(present, np.inf, np.minimum(q.pull[e], floor))
        else:
            q.pull[e] = np.inf
        if work:
            held = np.maximum(q.last_work[e, item.day], finish)
            q.last_work[e, item.day] = np.where(present, held, q.last_work[e, item.day])
    if item.room is not None:
        columns = np.arange(len(present))
        places = q.rooms[item.room]
        places[lane, columns] = np.where(present, finish, places[lane, columns])
    if item.patient is not None:
        q.patient[item.patient] = np.where(present, finish, q.patient[item.patient])
    if work:
        held = np.maximum(q.day_last[item.day], finish)
        q.day_last[item.day] = np.where(present, held, q.day_last[item.day])


def _walk_in_step(
    timeline: Timeline, variability: Variability, q: _Queues, run: int, walk_in: WalkIn,
    booking: Booking,
) -> WalkInVisit:  # fmt: skip
    """One walk-in appointment in its one run, by the same rules as `_step`."""
    z = walk_in.z[walk_in.services.index(booking.service)]
    length = booking.length * float(lognormal_factor(z, variability.cv_for(booking.service)))
    day = timeline.day_of(booking.start)
    floor = min([booking.start, *(float(q.pull[e, run]) for e in booking.experts)])
    begin = max(floor, walk_in.arrival, float(q.walk_in[walk_in.number]))
    for e in booking.experts:
        begin = max(begin, float(q.expert[e, run]), float(q.ready[e, day, run]))
    places = q.rooms[booking.room]
    lane = int(places[:, run].argmin())
    begin = max(begin, float(places[lane, run]))
    finish = begin + length
    for e in booking.experts:
        q.expert[e, run] = finish
        q.pull[e, run] = np.inf
        q.last_work[e, day, run] = max(float(q.last_work[e, day, run]), finish)
    places[lane, run] = finish
    q.walk_in[walk_in.number] = finish
    q.day_last[day, run] = max(float(q.day_last[day, run]), finish)
    return WalkInVisit(run, walk_in.number, walk_in.arrival, booking.start, begin, finish)
