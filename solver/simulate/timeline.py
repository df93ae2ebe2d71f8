"""A published plan as the replay sees it: items on queues, in minutes from the first day.

Each appointment, course and lunch break of the plan is an item with a planned start and
length. An item waits for its experts, its room and its patient; those are its queues.
Times are minutes after local midnight of the stop's first day ("stop minutes").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from planner.model import Plan, Scenario

APPOINTMENT, TRAINING, BREAK = "appointment", "training", "break"


@dataclass(frozen=True)
class Item:
    """One thing on the plan that takes time and holds experts, a room or a patient.

    Attributes:
        need: the index of its (patient, service) in `Timeline.needs`, for appointments:
            the random numbers of a need are the same whichever plan serves it.
        fixed: it happened before the re-planning moment `now`: no chance applies.
    """

    kind: str
    start: float
    length: float
    experts: tuple[int, ...]
    room: int | None
    patient: int | None
    need: int | None
    day: int
    fixed: bool = False


@dataclass
class Timeline:
    """The stop's people, rooms and days, and the plan's items in order of planned start."""

    scenario: Scenario
    dates: list[dt.date]
    experts: list[str]
    rooms: list[tuple[str, str]]
    parallel: list[int]
    patients: list[str]
    families: list[int]
    needs: list[tuple[str, str]]
    items: list[Item] = field(default_factory=list)
    hours: dict[tuple[int, int], tuple[float, float]] = field(default_factory=dict)
    """(expert, day) -> the first and last minute the expert is on site that day."""
    open_hours: dict[int, tuple[float, float]] = field(default_factory=dict)
    """day -> from the first venue's opening to the last one's closing."""

    def minutes(self, moment: dt.datetime) -> float:
        """Stop minutes of an aware or local moment."""
        origin = self.scenario.at(self.dates[0], 0)
        return (self.scenario.localize(moment) - origin).total_seconds() / 60

    def day_of(self, minutes: float) -> int:
        """The index of the day a stop minute falls on."""
        return int(minutes // 1440)

    @property
    def appointments(self) -> list[int]:
        """Indices of the plan's appointments among the items."""
        return [i for i, item in enumerate(self.items) if item.kind == APPOINTMENT]


def timeline_of(scenario: Scenario, plan: Plan) -> Timeline:
    """The plan's items on their queues (the plan's ids are assumed to be the scenario's)."""
    dates = sorted(
        set(scenario.clinic_dates())
        | {scenario.localize(a.start).date() for a in plan.appointments}
        | {scenario.localize(t.start).date() for t in plan.trainings}
    ) or [dt.date(2000, 1, 1)]  # no clinic day: nothing will happen
    dates = [dates[0] + dt.timedelta(days=k) for k in range((dates[-1] - dates[0]).days + 1)]
    family_ids = list(dict.fromkeys(p.family for p in scenario.patients))
    timeline = Timeline(
        scenario=scenario, dates=dates, experts=[e.id for e in scenario.experts],
        rooms=[(v.id, r.id) for v in scenario.venues for r in v.rooms],
        parallel=[r.parallel for v in scenario.venues for r in v.rooms],
        patients=[p.id for p in scenario.patients],
        families=[family_ids.index(p.family) for p in scenario.patients],
        needs=[(p.id, n) for p in scenario.patients for n in dict.fromkeys(p.needs)],
    )  # fmt: skip
    _add_hours(timeline)
    timeline.items = sorted(_items(timeline, plan), key=lambda i: (i.start, _RANK[i.kind]))
    return timeline


_RANK = {TRAINING: 0, BREAK: 1, APPOINTMENT: 2}


def _items(timeline: Timeline, plan: Plan) -> list[Item]:
    scenario = timeline.scenario
    now = timeline.minutes(scenario.history.now) if scenario.history is not None else None
    expert_index = {e: k for k, e in enumerate(timeline.experts)}
    room_index = {r: k for k, r in enumerate(timeline.rooms)}
    patient_index = {p: k for k, p in enumerate(timeline.patients)}
    need_index = {n: k for k, n in enumerate(timeline.needs)}
    items = []

    def item(kind: str, start: dt.datetime, end: dt.datetime, experts: list[str],
             room: tuple[str, str] | None = None, patient: str | None = None,
             need: tuple[str, str] | None = None) -> Item:  # fmt: skip
        begin = timeline.minutes(start)
        return Item(
            kind, begin, timeline.minutes(end) - begin,
            tuple(expert_index[e] for e in dict.fromkeys(experts)),
            None if room is None else room_index[room],
            None if patient is None else patient_index[patient],
            None if need is None else need_index.get(need), timeline.day_of(begin),
            fixed=now is not None and begin < now,
        )  # fmt: skip

    for a in plan.appointments:
        items.append(item(APPOINTMENT, a.start, a.end, a.experts, (a.venue, a.room), a.patient,
                          (a.patient, a.service)))  # fmt: skip
    for t in plan.trainings:
        items.append(item(TRAINING, t.start, t.end, t.lecturers, (t.venue, t.room)))
    for expert, breaks in plan.breaks.items():
        items += [item(BREAK, b.start, b.end, [expert]) for b in breaks]
    return items


def _add_hours(timeline: Timeline) -> None:
    scenario = timeline.scenario
    first = timeline.dates[0]
    for k, expert in enumerate(scenario.experts):
        for hours in expert.available:
            day = (hours.date - first).days
            start, end = day * 1440 + hours.start_min, day * 1440 + hours.end_min
            known = timeline.hours.get((k, day), (start, end))
            timeline.hours[(k, day)] = (min(known[0], start), max(known[1], end))
    for venue in scenario.venues:
        for hours in venue.open:
            day = (hours.date - first).days
            start, end = day * 1440 + hours.start_min, day * 1440 + hours.end_min
            known = timeline.open_hours.get(day, (start, end))
            timeline.open_hours[day] = (min(known[0], start), max(known[1], end))
