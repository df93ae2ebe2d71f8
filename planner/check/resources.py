"""Rules on who and what is busy when: experts, rooms and patients."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from planner.check.context import Busy, Context, label
from planner.check.violation import Violation, minutes_between, overlaps, span
from planner.model import Appointment, Break, DayHours, LunchRule, Scenario
from planner.model.words import gettext as _


def check_expert_availability(ctx: Context) -> list[Violation]:
    """Experts work only within their stated hours on that date (history is exempt)."""
    found = []
    for expert_id, items in ctx.expert_busy(history=False).items():
        hours = ctx.experts[expert_id].available
        for item in items:
            if not _within_hours(ctx.scenario, hours, item.start, item.end):
                found.append(
                    Violation(
                        "expert-availability",
                        _(
                            "{expert_id} is booked for {label} on {start:%Y-%m-%d} ({span}), "
                            "outside their hours ({hours_text})",
                            expert_id=expert_id,
                            label=item.label,
                            start=item.start,
                            span=span(item.start, item.end),
                            hours_text=_hours_text(hours, item.start.date()),
                        ),
                    )
                )
    return found


def check_expert_overlap(ctx: Context) -> list[Violation]:
    """No expert is in two appointments or lectures at once."""
    found = []
    for expert_id, items in ctx.expert_busy().items():
        found += [
            Violation(
                "expert-overlap",
                _(
                    "{expert_id} is in {label} ({span}) and {label2} ({span2})",
                    expert_id=expert_id,
                    label=a.label,
                    span=span(a.start, a.end),
                    label2=b.label,
                    span2=span(b.start, b.end),
                ),
            )
            for a, b in _overlapping_pairs(items)
        ]
    return found


def check_expert_lunch(ctx: Context) -> list[Violation]:
    """An expert who works a day under a lunch rule gets a free break inside its window.

    On a re-planned day, an expert whose only work that day is history (they have left)
    needs no break planned after it.
    """
    found = []
    current = ctx.expert_busy(history=False)
    for expert_id, items in ctx.expert_busy().items():
        rule = ctx.scenario.lunch_for(ctx.experts[expert_id])
        breaks = [_local_break(ctx, b) for b in ctx.plan.breaks.get(expert_id, [])]
        if rule is not None:
            found += [
                _(
                    "{expert} has no lunch break of {duration_min} min within {span} on {day}",
                    expert=expert_id,
                    duration_min=rule.duration_min,
                    span=span(*_window(ctx.scenario, rule, day)),
                    day=day,
                )
                for day in sorted({item.start.date() for item in current.get(expert_id, [])})
                if not any(_is_lunch(ctx.scenario, rule, day, b) for b in breaks)
            ]
        found += [
            _(
                "{expert}'s lunch break ({span}) overlaps {label} ({span2})",
                expert=expert_id,
                span=span(b.start, b.end),
                label=item.label,
                span2=span(item.start, item.end),
            )
            for b in breaks
            for item in items
            if overlaps(b.start, b.end, item.start, item.end)
        ]
    return [Violation("expert-lunch", message) for message in found]


def check_expert_max_patients(ctx: Context) -> list[Violation]:
    """No expert sees more patients in a day than their limit."""
    seen: dict[tuple[str, dt.date], int] = defaultdict(int)
    for a in ctx.appointments:
        for expert_id in set(a.experts):
            seen[(expert_id, a.start.date())] += 1
    found = []
    for (expert_id, day), count in sorted(seen.items()):
        limit = ctx.scenario.max_patients_for(ctx.experts[expert_id])
        if limit is not None and count > limit:
            found.append(
                Violation(
                    "expert-max-patients",
                    _(
                        "{expert_id} sees {count} patients on {day}, more than {limit}",
                        expert_id=expert_id,
                        count=count,
                        day=day,
                        limit=limit,
                    ),
                )
            )
    return found


def check_room_capacity(ctx: Context) -> list[Violation]:
    """No room holds more appointments at once than its `parallel`."""
    by_room: dict[tuple[str, str], list[Appointment]] = defaultdict(list)
    for a in ctx.appointments:
        by_room[(a.venue, a.room)].append(a)
    found = []
    for key, appointments in sorted(by_room.items()):
        parallel = ctx.rooms[key].parallel
        for moment in sorted({a.start for a in appointments}):
            inside = sorted(label(a) for a in appointments if a.start <= moment < a.end)
            if len(inside) > parallel:
                found.append(
                    Violation(
                        "room-capacity",
                        _(
                            "room {key} holds {count} appointments at {moment:%H:%M} ({listed}), "
                            "room for {parallel}",
                            key=key[1],
                            count=len(inside),
                            moment=moment,
                            listed=", ".join(inside),
                            parallel=parallel,
                        ),
                    )
                )
    return found


def check_room_hours(ctx: Context) -> list[Violation]:
    """Appointments and trainings lie inside their venue's opening hours (history exempt)."""
    entries = [(label(a), a.venue, a.start, a.end) for a in ctx.current]
    entries += [(label(t), t.venue, t.start, t.end) for t in ctx.current_sessions]
    found = []
    for name, venue_id, start, end in entries:
        hours = ctx.venues[venue_id].open
        if not _within_hours(ctx.scenario, hours, start, end):
            found.append(
                Violation(
                    "room-hours",
                    _(
                        "{name} ({start:%Y-%m-%d} {span}) is outside the opening hours of "
                        "{venue_id} ({hours_text})",
                        name=name,
                        start=start,
                        span=span(start, end),
                        venue_id=venue_id,
                        hours_text=_hours_text(hours, start.date()),
                    ),
                )
            )
    return found


def check_patient_presence(ctx: Context) -> list[Violation]:
    """Patients are seen between their arrival and their departure (history is exempt)."""
    found = []
    for a in ctx.current:
        patient = ctx.patients[a.patient]
        arrives, leaves = ctx.local(patient.arrives), ctx.local(patient.leaves)
        if a.start < arrives or a.end > leaves:
            found.append(
                Violation(
                    "patient-presence",
                    _(
                        "{label} ({start:%Y-%m-%d} {span}) is outside {patient}'s stay "
                        "({arrives:%Y-%m-%d} {span2})",
                        label=label(a),
                        start=a.start,
                        span=span(a.start, a.end),
                        patient=a.patient,
                        arrives=arrives,
                        span2=span(arrives, leaves),
                    ),
                )
            )
    return found


def check_patient_overlap(ctx: Context) -> list[Violation]:
    """No patient is in two appointments at once."""
    by_patient: dict[str, list[Busy]] = defaultdict(list)
    for a in sorted(ctx.appointments, key=lambda a: (a.start, a.end, a.service)):
        by_patient[a.patient].append(Busy(label(a), a.start, a.end))
    return [
        Violation(
            "patient-overlap",
            _(
                "{patient_id} is in {label} ({span}) and {label2} ({span2})",
                patient_id=patient_id,
                label=a.label,
                span=span(a.start, a.end),
                label2=b.label,
                span2=span(b.start, b.end),
            ),
        )
        for patient_id, items in sorted(by_patient.items())
        for a, b in _overlapping_pairs(items)
    ]


def check_after_order(ctx: Context) -> list[Violation]:
    """A service starts after the services it must follow have ended, when both are served."""
    served = {(a.patient, a.service): a for a in ctx.appointments}
    found = []
    for a in ctx.appointments:
        for before_id in ctx.services[a.service].after:
            before = served.get((a.patient, before_id))
            if before is not None and before.end > a.start:
                found.append(
                    Violation(
                        "after-order",
                        _(
                            "{label} starts {start:%H:%M}, before {label2} ends {end:%H:%M}",
                            label=label(a),
                            start=a.start,
                            label2=label(before),
                            end=before.end,
                        ),
                    )
                )
    return found


def _overlapping_pairs(items: list[Busy]) -> list[tuple[Busy, Busy]]:
    """Pairs of items (sorted by start) that share time."""
    pairs = []
    for i, first in enumerate(items):
        for second in items[i + 1 :]:
            if second.start >= first.end:
                break
            pairs.append((first, second))
    return pairs


def _within_hours(
    scenario: Scenario, hours: list[DayHours], start: dt.datetime, end: dt.datetime
) -> bool:
    return any(
        scenario.at(h.date, h.start_min) <= start and end <= scenario.at(h.date, h.end_min)
        for h in hours
    )


def _hours_text(hours: list[DayHours], day: dt.date) -> str:
    spans = [f"{h.start:%H:%M}-{h.end:%H:%M}" for h in hours if h.date == day]
    return ", ".join(spans) if spans else _("none on {day}", day=day)


def _window(scenario: Scenario, rule: LunchRule, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return scenario.at(day, rule.window.start_min), scenario.at(day, rule.window.end_min)


def _is_lunch(scenario: Scenario, rule: LunchRule, day: dt.date, b: Break) -> bool:
    """Whether a break is a lunch that satisfies `rule` on `day`."""
    window_start, window_end = _window(scenario, rule, day)
    fits = window_start <= b.start and b.end <= window_end
    return fits and minutes_between(b.start, b.end) >= rule.duration_min


def _local_break(ctx: Context, b: Break) -> Break:
    return Break(start=ctx.local(b.start), end=ctx.local(b.end))
