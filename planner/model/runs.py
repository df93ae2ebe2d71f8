"""A family's run under way when a day is re-planned, and why it could not go on as published.

A run is a family's appointments for one service seen back to back: an HLA block
(`family_block`) or siblings (`siblings_back_to_back`). When the day is re-planned during
a run, only its members who began before `now` are history; the others are planned again
with the rest of the day, and keep their published places wherever the day as it now is
allows. Those whose places had to change are explained here, in the plan's `changes`:
the run going on with another expert, or the run broken, with the reason.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict

from planner.model.plan import Appointment, DiffEntry, Placing
from planner.model.scenario import Scenario
from planner.model.words import gettext as _

Run = tuple[str, str]
"""A run by (family, service)."""


def run_of(scenario: Scenario, patient_id: str, service_id: str) -> Run | None:
    """The (family, service) run a patient's appointment belongs to, if any."""
    patient = next((p for p in scenario.patients if p.id == patient_id), None)
    service = next((s for s in scenario.services if s.id == service_id), None)
    if patient is None or service is None:
        return None
    block = service.family_block and scenario.rules.family_block
    siblings = patient.is_child and scenario.rules.siblings_back_to_back
    return (patient.family, service.id) if block or siblings else None


def runs_under_way(day: Scenario) -> dict[Run, list[Appointment]]:
    """The runs that began before `now` and still have members to see, with their history."""
    if day.history is None:
        return {}
    begun: dict[Run, list[Appointment]] = defaultdict(list)
    for a in day.history.appointments:
        run = run_of(day, a.patient, a.service)
        if run is not None:
            begun[run].append(a)
    done = {(a.patient, a.service) for a in day.history.appointments}
    waiting = {
        run
        for p in day.patients
        for need in p.needs
        if (p.id, need) not in done and (run := run_of(day, p.id, need)) in begun
    }
    return {run: begun[run] for run in waiting}


def explain_runs(day: Scenario, changes: list[DiffEntry]) -> list[DiffEntry]:
    """The changes, with a reason on each moved member of a run under way.

    A member moved right after the run's last one (another expert at the same time)
    keeps the run together; any other move breaks it. Either way the reason names what
    of the day as it now is stopped the run's published places (an expert's new hours, a
    closed room, a late arrival): a member whose own place still fit moved with the rest.
    """
    under_way = runs_under_way(day)
    if not under_way:
        return changes
    placed: dict[Run, list[Placing]] = defaultdict(list)
    unfit: dict[Run, list[str]] = defaultdict(list)
    for change in changes:
        run = run_of(day, change.patient or "", change.service or "")
        if run in under_way and change.to is not None:
            placed[run].append(change.to)
        if run in under_way and change.what == "moved" and (why := published_unfit(day, change)):
            unfit[run].append(why)
    out = []
    for change in changes:
        run = run_of(day, change.patient or "", change.service or "")
        if run in under_way and change.what == "moved" and not change.reason:
            why = published_unfit(day, change) or "; ".join(dict.fromkeys(unfit[run]))
            reason = _run_reason(day, run, under_way[run], placed[run], change, why)
            change = change.model_copy(update={"reason": reason})
        out.append(change)
    return out


def _run_reason(day: Scenario, run: Run, begun: list[Appointment], placed: list[Placing],
                change: DiffEntry, why: str) -> str:  # fmt: skip
    first = min(begun, key=lambda a: a.start)
    family, service = run
    began = f"family {family}'s {service} run under way ({first.patient} began at " \
            f"{day.localize(first.start):%H:%M})"  # fmt: skip
    why = why or "its published place could not be kept beside the day's other changes"
    if _chained(placed):
        return f"{began} goes on with {', '.join(change.to.experts if change.to else [])}: {why}"
    return f"{began} is broken: {why}"


def _chained(placed: list[Placing]) -> bool:
    ordered = sorted(placed, key=lambda p: p.start)
    return all(a.end == b.start for a, b in itertools.pairwise(ordered))


def published_unfit(day: Scenario, change: DiffEntry) -> str:
    """What of the day as it now is stops a change's published place, in words ('' if none)."""
    was = change.from_
    if was is None:
        return ""
    start, end = day.localize(was.start), day.localize(was.end)
    when = f"{start:%H:%M}–{end:%H:%M}"
    experts = {e.id: e for e in day.experts}
    found = [
        f"{person} is not on duty {when} (now {_hours(day, experts[person].available, start)})"
        for person in was.experts
        if person in experts and not _within(day, experts[person].available, start, end)
    ]
    rooms = {(v.id, r.id): r for v in day.venues for r in v.rooms}
    room = rooms.get((was.venue or "", was.room or ""))
    if room is not None and _overlaps_any(day, room.closed, start, end):
        found.append(_("room {id} is closed {when}", id=room.id, when=when))
    patient = next((p for p in day.patients if p.id == change.patient), None)
    if patient is not None and day.localize(patient.arrives) > start:
        found.append(
            _(
                "{id} arrives at {localize:%H:%M}",
                id=patient.id,
                localize=day.localize(patient.arrives),
            )
        )
    return "; ".join(found)


def _within(day: Scenario, hours: list, start: dt.datetime, end: dt.datetime) -> bool:
    return any(day.at(h.date, h.start_min) <= start and end <= day.at(h.date, h.end_min)
               for h in hours)  # fmt: skip


def _overlaps_any(day: Scenario, spans: list, start: dt.datetime, end: dt.datetime) -> bool:
    return any(day.at(h.date, h.start_min) < end and start < day.at(h.date, h.end_min)
               for h in spans)  # fmt: skip


def _hours(day: Scenario, hours: list, moment: dt.datetime) -> str:
    spans = [f"{h.start:%H:%M}–{h.end:%H:%M}" for h in hours if h.date == moment.date()]
    return ", ".join(spans) or "not there that day"
