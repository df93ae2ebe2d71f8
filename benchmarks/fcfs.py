"""The first-come-first-served baseline: how a reception desk would book the clinic day.

Families are served in order of arrival. Each need is booked at the earliest time when
the experts (one per skill), a room of the service's kind and the patient are all free,
keeping availability, opening hours, lunch, `after` order and daily patient limits. The
training is booked first, at the start of its window. A family's block service (HLA
draws) goes in one room back to back, or is left unserved. Siblings with the same
service follow each other; when not all of them fit, the desk books as many of them as
it can back to back and leaves the others unserved. It is greedy on purpose: it is
the yardstick the optimiser is measured against, not a solver.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

from planner.model import (
    Appointment,
    Break,
    Expert,
    Patient,
    Plan,
    Scenario,
    Service,
    SolverInfo,
    Training,
    TrainingSession,
    Unserved,
    in_after_order,
)


def fcfs_plan(scenario: Scenario) -> Plan:
    """Book the clinic first come, first served, and return it as a plan."""
    started = time.perf_counter()
    desk = Desk(scenario)
    trainings = [_book_training(desk, t.id) for t in scenario.trainings]
    unserved: list[Unserved] = []
    for family in families_by_arrival(scenario):
        for service, members in booking_units(scenario, family):
            booked = _book_group(desk, service, members)
            left = [p for p in members if p not in booked]
            unserved += [_unserved(desk, service, p, members, booked) for p in left]
    return Plan(
        scenario=scenario.name,
        status="feasible",
        appointments=sorted(desk.appointments, key=lambda a: (a.start, a.room, a.patient)),
        trainings=[t for t in trainings if t is not None],
        unserved=unserved,
        breaks=desk.lunch_breaks(),
        solver=SolverInfo(
            wall_s=round(time.perf_counter() - started, 3),
            objective=0.0,
            bound=0.0,
            gap=0.0,
            schedule_status="fcfs",
        ),
    )


def families_by_arrival(scenario: Scenario) -> list[list[Patient]]:
    """Families in order of their first member's arrival (file order breaks ties)."""
    families: dict[str, list[Patient]] = {}
    for patient in scenario.patients:
        families.setdefault(patient.family, []).append(patient)
    return sorted(families.values(), key=lambda members: min(p.arrives for p in members))


def booking_units(scenario: Scenario, family: list[Patient]) -> list[tuple[Service, list[Patient]]]:
    """What to book for a family, in `after` order: one entry per block, chain or single need.

    A family_block service is one block for every member who needs it; siblings sharing
    a service form a chain; everyone else is booked alone.
    """
    units: list[tuple[Service, list[Patient]]] = []
    for service in in_after_order(scenario.services):
        members = [p for p in family if service.id in p.needs]
        if service.family_block and scenario.rules.family_block:
            groups = [members]
        elif scenario.rules.siblings_back_to_back:
            children = [p for p in members if p.is_child]
            groups = [children] + [[p] for p in members if not p.is_child]
        else:
            groups = [[p] for p in members]
        units += [(service, group) for group in groups if group]
    return units


def _book_training(desk: Desk, training_id: str) -> TrainingSession | None:
    """Run the course at the first start in its window with lecturers and a big enough hall."""
    training = next(t for t in desk.scenario.trainings if t.id == training_id)
    first = desk.scenario.at(training.date, training.window.start_min)
    last = desk.scenario.at(training.date, training.window.end_min - training.duration_min)
    step = dt.timedelta(minutes=desk.scenario.slot_min)
    start = first
    while start <= last:
        slot = Slot(start, start + dt.timedelta(minutes=training.duration_min))
        session = desk.try_training(training, slot)
        if session is not None:
            return session
        start = ceil_to_grid(start + step, desk.scenario.slot_min)
    return None


def _book_group(desk: Desk, service: Service, members: list[Patient]) -> list[Patient]:
    """Book a block whole, or as many siblings back to back as fit; return who is booked."""
    block = service.family_block and desk.scenario.rules.family_block
    for size in [len(members)] if block else range(len(members), 0, -1):
        for group in combinations(members, size):
            if _book_unit(desk, service, list(group)):
                return list(group)
    return []


def _book_unit(desk: Desk, service: Service, members: list[Patient]) -> bool:
    """Book members back to back (one room if a block) at the earliest start that works."""
    one_room = service.family_block and desk.scenario.rules.family_block
    for start in _starts(desk, service, members):
        booked: list[Appointment] = []
        for index, patient in enumerate(members):
            slot = Slot.of(start + dt.timedelta(minutes=index * service.duration_min), service)
            room = (booked[0].venue, booked[0].room) if one_room and booked else None
            appointment = desk.try_appointment(patient, service, slot, room)
            if appointment is None:
                break
            booked.append(appointment)
        if len(booked) == len(members):
            return True
        for appointment in booked:
            desk.cancel(appointment)
    return False


def _starts(desk: Desk, service: Service, members: list[Patient]) -> Iterator[dt.datetime]:
    """Grid starts from the first member's earliest moment to the last possible one."""
    first = ceil_to_grid(desk.earliest(members[0], service), desk.scenario.slot_min)
    total = dt.timedelta(minutes=service.duration_min * len(members))
    last = max(desk.scenario.localize(p.leaves) for p in members) - total
    step = dt.timedelta(minutes=desk.scenario.slot_min)
    while first <= last:
        yield first
        first += step


def _unserved(
    desk: Desk, service: Service, patient: Patient, group: list[Patient], booked: list[Patient]
) -> Unserved:
    """Why the desk could not book the patient's need (`booked`: who of `group` it did)."""
    leaves = desk.scenario.localize(patient.leaves)
    if booked:
        together = f" right before or after their siblings' {service.id}"
    elif service.family_block and desk.scenario.rules.family_block and len(group) > 1:
        together = f" for the family's {len(group)} {service.id} appointments back to back"
    else:
        together = ""
    reason = (
        f"no time found{together} with the experts, a {service.room_kind} room and the "
        f"patient all free before {leaves:%H:%M} (first come, first served)"
    )
    return Unserved(patient=patient.id, service=service.id, reason=reason)


@dataclass(frozen=True, order=True)
class Slot:
    """A booked or wanted interval, in aware local time."""

    start: dt.datetime
    end: dt.datetime

    @staticmethod
    def of(start: dt.datetime, service: Service) -> Slot:
        """The slot a service takes when it starts at `start`."""
        return Slot(start, start + dt.timedelta(minutes=service.duration_min))

    def meets(self, other: Slot) -> bool:
        """Whether the two slots share any time."""
        return self.start < other.end and other.start < self.end


def ceil_to_grid(moment: dt.datetime, slot_min: int) -> dt.datetime:
    """The first grid point (multiple of slot_min after midnight) at or after `moment`."""
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    minutes = -(-(moment - midnight).total_seconds() // 60)
    return midnight + dt.timedelta(minutes=-(-minutes // slot_min) * slot_min)


class Desk:
    """The reception desk's book: who and which room is busy when."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.experts = scenario.experts
        self.expert_busy: dict[str, list[Slot]] = defaultdict(list)
        self.patient_busy: dict[str, list[Slot]] = defaultdict(list)
        self.room_busy: dict[tuple[str, str], list[Slot]] = defaultdict(list)
        self.room_blocked: dict[tuple[str, str], list[Slot]] = defaultdict(list)
        self.seen: Counter[tuple[str, dt.date]] = Counter()
        self.finished: dict[tuple[str, str], dt.datetime] = {}
        self.appointments: list[Appointment] = []

    def earliest(self, patient: Patient, service: Service) -> dt.datetime:
        """When the patient is here and done with every booked service it must follow."""
        ends = [
            self.finished[(patient.id, b)]
            for b in service.after
            if (patient.id, b) in self.finished
        ]
        return max([self.scenario.localize(patient.arrives), *ends])

    def try_appointment(
        self, patient: Patient, service: Service, slot: Slot, room: tuple[str, str] | None
    ) -> Appointment | None:
        """Book the service at `slot` (in `room` if given) when everyone is free, else None."""
        if slot.start < self.earliest(patient, service):
            return None
        if slot.end > self.scenario.localize(patient.leaves):
            return None
        if any(slot.meets(b) for b in self.patient_busy[patient.id]):
            return None
        rooms = [room] if room else self._rooms(service.room_kind, slot, seats=0)
        free = next((r for r in rooms if self._room_free(r, slot)), None)
        experts = self._pick(service.needs, slot, (), counts=True) if free else None
        if free is None or experts is None:
            return None
        appointment = Appointment(
            patient=patient.id, service=service.id, experts=experts,
            venue=free[0], room=free[1], start=slot.start, end=slot.end,
        )  # fmt: skip
        self._mark(appointment, +1)
        return appointment

    def try_training(self, training: Training, slot: Slot) -> TrainingSession | None:
        """Book a course at `slot` in an empty, big enough room with lecturers, else None."""
        rooms = self._rooms(training.room_kind, slot, seats=training.expected)
        rooms = [r for r in rooms if training.venue in (None, r[0])]
        taken = {key: [*self.room_busy[key], *self.room_blocked[key]] for key in rooms}
        free = next((r for r in rooms if not any(slot.meets(b) for b in taken[r])), None)
        lecturers = self._pick(training.lecturers, slot, (), counts=False) if free else None
        if free is None or lecturers is None:
            return None
        for expert in lecturers:
            self.expert_busy[expert].append(slot)
        self.room_blocked[free].append(slot)
        return TrainingSession(
            training=training.id, lecturers=lecturers, venue=free[0], room=free[1],
            start=slot.start, end=slot.end,
        )  # fmt: skip

    def cancel(self, appointment: Appointment) -> None:
        """Take a tentative appointment off the book again."""
        self._mark(appointment, -1)

    def lunch_breaks(self) -> dict[str, list[Break]]:
        """Each working expert's lunch, at the earliest free gap in the window."""
        breaks: dict[str, list[Break]] = {}
        for expert in self.experts:
            rule = self.scenario.lunch_for(expert)
            days = sorted({b.start.date() for b in self.expert_busy[expert.id]})
            for day in days if rule else []:
                start = self._lunch_gap(expert, day, [])
                assert rule is not None and start is not None  # kept free by every booking
                end = start + dt.timedelta(minutes=rule.duration_min)
                breaks.setdefault(expert.id, []).append(Break(start=start, end=end))
        return breaks

    def _mark(self, a: Appointment, sign: int) -> None:
        slot, day = Slot(a.start, a.end), a.start.date()
        lists = [self.expert_busy[e] for e in a.experts]
        lists += [self.patient_busy[a.patient], self.room_busy[(a.venue, a.room)]]
        for busy in lists:
            busy.append(slot) if sign > 0 else busy.remove(slot)
        for expert in a.experts:
            self.seen[(expert, day)] += sign
        if sign > 0:
            self.appointments.append(a)
            self.finished[(a.patient, a.service)] = a.end
        else:
            self.appointments.remove(a)
            del self.finished[(a.patient, a.service)]

    def _rooms(self, kind: str, slot: Slot, seats: int) -> list[tuple[str, str]]:
        """Rooms of `kind` with enough seats in a venue open for the whole slot."""
        at = self.scenario.at
        return [
            (venue.id, room.id)
            for venue in self.scenario.venues
            if any(
                at(h.date, h.start_min) <= slot.start and slot.end <= at(h.date, h.end_min)
                for h in venue.open
            )
            for room in venue.rooms
            if room.kind == kind and (seats == 0 or (room.seats or 0) >= seats)
        ]

    def _room_free(self, key: tuple[str, str], slot: Slot) -> bool:
        """No course in the room, and fewer than `parallel` appointments at every moment."""
        if any(slot.meets(b) for b in self.room_blocked[key]):
            return False
        parallel = next(
            r.parallel for v in self.scenario.venues for r in v.rooms if (v.id, r.id) == key
        )
        inside = [b for b in self.room_busy[key] if slot.meets(b)]
        moments = [slot.start] + [b.start for b in inside if b.start > slot.start]
        return all(sum(b.start <= m < b.end for b in inside) < parallel for m in moments)

    def _pick(
        self, skills: list[str], slot: Slot, chosen: tuple[str, ...], counts: bool
    ) -> list[str] | None:
        """The first distinct experts (in file order) who cover `skills` one each and are free."""
        if not skills:
            return []
        for expert in self.experts:
            if (
                skills[0] in expert.skills
                and expert.id not in chosen
                and self._free(expert, slot, counts)
            ):
                rest = self._pick(skills[1:], slot, (*chosen, expert.id), counts)
                if rest is not None:
                    return [expert.id, *rest]
        return None

    def _free(self, expert: Expert, slot: Slot, counts: bool) -> bool:
        at, day = self.scenario.at, slot.start.date()
        if not any(
            at(h.date, h.start_min) <= slot.start and slot.end <= at(h.date, h.end_min)
            for h in expert.available
        ):
            return False
        if any(slot.meets(b) for b in self.expert_busy[expert.id]):
            return False
        limit = self.scenario.max_patients_for(expert)
        if counts and limit is not None and self.seen[(expert.id, day)] >= limit:
            return False
        return (
            self.scenario.lunch_for(expert) is None
            or self._lunch_gap(expert, day, [slot]) is not None
        )

    def _lunch_gap(self, expert: Expert, day: dt.date, extra: list[Slot]) -> dt.datetime | None:
        """The earliest start of a free lunch-long gap in the window, with `extra` booked too."""
        rule = self.scenario.lunch_for(expert)
        assert rule is not None
        cursor = self.scenario.at(day, rule.window.start_min)
        window_end = self.scenario.at(day, rule.window.end_min)
        need = dt.timedelta(minutes=rule.duration_min)
        for busy in sorted(
            b for b in [*self.expert_busy[expert.id], *extra] if b.start.date() == day
        ):
            if busy.start - cursor >= need or busy.start >= window_end:
                break
            cursor = max(cursor, busy.end)
        return cursor if window_end - cursor >= need else None
