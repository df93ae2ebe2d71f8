"""A day under way: its history, and what re-planning changed against the published plan.

Both are plain functions of plans, so that the re-planner, the checker and the change
documents (whom to tell) all read the same history and the same list of changes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from planner.model.changes import Changes, VisitStatus, apply_changes, booked_appointments
from planner.model.plan import Appointment, DiffEntry, Placing, Plan, TrainingSession
from planner.model.scenario import History, Scenario

Key = tuple[str, str]


def history_of(scenario: Scenario, plan: Plan, now: dt.datetime) -> History:
    """What of `plan` started before `now`, exactly as published.

    A family's run under way (a family_block service, or siblings seen back to back)
    is history whole: its later members are already queued at the door.
    """
    moment = scenario.localize(now)
    started = [a for a in plan.appointments if scenario.localize(a.start) < moment]
    runs = {_run(scenario, a) for a in started} - {None}
    appointments = [
        a
        for a in plan.appointments
        if scenario.localize(a.start) < moment or _run(scenario, a) in runs
    ]
    return History(
        now=moment.replace(tzinfo=None),
        appointments=[a.model_copy() for a in appointments],
        trainings=[t.model_copy() for t in plan.trainings if scenario.localize(t.start) < moment],
        breaks={
            expert: [b.model_copy() for b in breaks if scenario.localize(b.start) < moment]
            for expert, breaks in plan.breaks.items()
            if any(scenario.localize(b.start) < moment for b in breaks)
        },
    )


def _run(scenario: Scenario, a: Appointment) -> Key | None:
    """The (family, service) run an appointment belongs to, if it is one."""
    patient = next((p for p in scenario.patients if p.id == a.patient), None)
    service = next((s for s in scenario.services if s.id == a.service), None)
    if patient is None or service is None:
        return None
    block = service.family_block and scenario.rules.family_block
    siblings = patient.is_child and scenario.rules.siblings_back_to_back
    return (patient.family, service.id) if block or siblings else None


def placing(entry: Appointment | TrainingSession) -> Placing:
    """Where and when an appointment or a course is."""
    people = entry.experts if isinstance(entry, Appointment) else entry.lecturers
    return Placing(
        experts=list(people), venue=entry.venue, room=entry.room, start=entry.start, end=entry.end
    )


def plan_diff(published: Plan, replanned: Plan) -> list[DiffEntry]:
    """Each published appointment kept, moved or cancelled; each newly served need new.

    Courses that moved are listed too (`training`). Cancellations carry the reason the
    new plan gives for the need.
    """
    new = {(a.patient, a.service): a for a in replanned.appointments}
    reasons = {(u.patient, u.service): u.reason for u in replanned.unserved}
    changes = []
    for old in published.appointments:
        key = (old.patient, old.service)
        was, now = placing(old), new.pop(key, None)
        if now is None:
            reason = reasons.get(key, "not in the new plan")
            changes.append(DiffEntry(patient=old.patient, service=old.service, what="cancelled",
                                  from_=was, reason=reason))  # fmt: skip
            continue
        what = "kept" if _same(was, placing(now)) else "moved"
        changes.append(DiffEntry(patient=old.patient, service=old.service, what=what, from_=was,
                              to=placing(now)))  # fmt: skip
    changes += [
        DiffEntry(patient=a.patient, service=a.service, what="new", to=placing(a))
        for a in new.values()
    ]
    return changes + _training_changes(published, replanned)


def _training_changes(published: Plan, replanned: Plan) -> list[DiffEntry]:
    new: dict[str, list[TrainingSession]] = defaultdict(list)
    for t in replanned.trainings:
        new[t.training].append(t)
    changes = []
    for old in published.trainings:
        if not new[old.training]:
            continue
        now = new[old.training].pop(0)
        if not _same(placing(old), placing(now)):
            changes.append(DiffEntry(training=old.training, what="moved", from_=placing(old),
                                  to=placing(now)))  # fmt: skip
    return changes


def _same(first: Placing, second: Placing) -> bool:
    return first.model_dump() == second.model_dump()


@dataclass(frozen=True)
class Day:
    """A stop under way: the day as it now is, the published plan, and what came back.

    Attributes:
        scenario: the scenario after the changes, with the published plan's history.
        published: the plan that was handed out, with the walk-ins' bookings made at the
            desk (`booked`): promises too, so the diff says what became of them.
        changes: the changes file.
        statuses: the visit statuses of the maps' exports and the changes file's `visits`.
        booked: the walk-ins' bookings (the changes' `walk_ins[].booked`), which the
            re-plan keeps exactly where it can.
    """

    scenario: Scenario
    published: Plan
    changes: Changes
    statuses: list[VisitStatus] = field(default_factory=list)
    booked: list[Appointment] = field(default_factory=list)


def day_of(scenario: Scenario, published: Plan, changes: Changes) -> Day:
    """The day as it now is: the changes applied, with the history up to `changes.now` of
    the published plan and the desk's bookings (the changes checked against the scenario
    already)."""
    day = apply_changes(scenario, changes)
    booked = booked_appointments(day, changes)
    if booked:
        published = published.model_copy(
            update={"appointments": [*published.appointments, *booked]}
        )
    day.history = history_of(day, published, changes.now)
    return Day(day, published, changes, booked=booked)


def explain_bookings(diff: list[DiffEntry], broken: dict[Key, str]) -> list[DiffEntry]:
    """The diff, with the reason why each desk booking that was not kept could not be."""
    out = []
    for entry in diff:
        why = broken.get((entry.patient or "", entry.service or ""))
        if why is not None and entry.what != "kept":
            said = f"the booking made at the desk could not be kept: {why}"
            reason = f"{said}; {entry.reason}" if entry.reason else said
            entry = entry.model_copy(update={"reason": reason})
        out.append(entry)
    return out
