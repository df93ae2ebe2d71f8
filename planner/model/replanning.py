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
from planner.model.runs import explain_runs
from planner.model.scenario import History, Scenario
from planner.model.words import gettext as _


def history_of(scenario: Scenario, plan: Plan, now: dt.datetime) -> History:
    """What of `plan` started before `now`, exactly as published, and nothing else.

    A family's run under way (an HLA block, or siblings seen back to back) is history
    only up to its member in progress: the later members are planned again with the rest
    of the day, so that an expert's new hours bind them (see `runs.explain_runs`).
    """
    moment = scenario.localize(now)
    return History(
        now=moment.replace(tzinfo=None),
        appointments=[
            a.model_copy() for a in plan.appointments if scenario.localize(a.start) < moment
        ],
        trainings=[t.model_copy() for t in plan.trainings if scenario.localize(t.start) < moment],
        breaks={
            expert: [b.model_copy() for b in breaks if scenario.localize(b.start) < moment]
            for expert, breaks in plan.breaks.items()
            if any(scenario.localize(b.start) < moment for b in breaks)
        },
    )


def placing(entry: Appointment | TrainingSession) -> Placing:
    """Where and when an appointment or a course is."""
    people = entry.experts if isinstance(entry, Appointment) else entry.lecturers
    return Placing(
        experts=list(people), venue=entry.venue, room=entry.room, start=entry.start, end=entry.end
    )


def plan_diff(
    published: Plan,
    replanned: Plan,
    day: Scenario | None = None,
    courses: dict[str, str] | None = None,
) -> list[DiffEntry]:
    """Each published appointment kept, moved or cancelled; each newly served need new.

    Courses that moved or were cancelled are listed too (`training`). Cancellations carry
    the reason the new plan gives for the need, or `courses`' reason for a course. With
    the day as it now is, a family's run under way that had to change says why
    (`runs.explain_runs`).
    """
    new = {(a.patient, a.service): a for a in replanned.appointments}
    reasons = {(u.patient, u.service): (u.reason, u.code) for u in replanned.unserved}
    changes = []
    for old in published.appointments:
        key = (old.patient, old.service)
        was, now = placing(old), new.pop(key, None)
        if now is None:
            reason, code = reasons.get(key, (_("not in the new plan"), "not_in_new_plan"))
            changes.append(DiffEntry(patient=old.patient, service=old.service, what="cancelled",
                                     from_=was, reason=reason, code=code))  # fmt: skip
            continue
        what = "kept" if _same(was, placing(now)) else "moved"
        changes.append(DiffEntry(patient=old.patient, service=old.service, what=what, from_=was,
                              to=placing(now)))  # fmt: skip
    changes += [
        DiffEntry(patient=a.patient, service=a.service, what="new", to=placing(a))
        for a in new.values()
    ]
    if day is not None:
        changes = explain_runs(day, changes)
    return changes + _training_changes(published, replanned, courses or {})


def _training_changes(published: Plan, replanned: Plan, courses: dict[str, str]) -> list[DiffEntry]:
    new: dict[str, list[TrainingSession]] = defaultdict(list)
    for t in replanned.trainings:
        new[t.training].append(t)
    changes = []
    for old in published.trainings:
        if not new[old.training]:
            reason = courses.get(old.training, _("not in the new plan"))
            changes.append(DiffEntry(training=old.training, what="cancelled",
                                     from_=placing(old), reason=reason))  # fmt: skip
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


def explain_bookings(diff: list[DiffEntry], broken: dict[tuple[str, str], str]) -> list[DiffEntry]:
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
