"""Rules of a re-planned day: the history stays as it happened, and the changes hold.

A scenario with `history` describes a clinic day under way. What started before
`history.now` is recorded there, exactly as published; it is exempt from the rules of
the day as it now is (hours, arrivals, closed rooms), so these rules make sure that the
plan neither rewrites it nor passes anything new off as history. Whatever starts at
`now` or later keeps the day's rules even if the history lists it: an appointment after
`now` with an expert whose new hours (from the changes) exclude it is flagged by
`expert-availability`, whoever began the family's run before it.
"""

from __future__ import annotations

import datetime as dt

from planner.check.context import Context, history_key, label
from planner.check.violation import Violation, clock, overlaps, span
from planner.model import Appointment, Break, TrainingSession
from planner.model.words import gettext as _


def check_history_kept(ctx: Context) -> list[Violation]:
    """Every entry of the history is in the plan as it happened; nothing else began earlier,
    and nothing that starts at `now` or later is passed off as history."""
    history = ctx.scenario.history
    if history is None:
        return []
    now = ctx.local(history.now)
    entries: list[Appointment | TrainingSession] = [*ctx.plan.appointments, *ctx.plan.trainings]
    past: list[Appointment | TrainingSession] = [*history.appointments, *history.trainings]
    planned = {_full(e) for e in entries}
    recorded = {_full(e) for e in past}
    found = [
        _(
            "{label} ({when}) happened before {now} but is not in the plan as it happened",
            label=label(e),
            when=_when(ctx, e),
            now=clock(now),
        )
        for e in past
        if _full(e) not in planned
    ]
    found += [
        _(
            "{label} ({when}) starts before the re-planning at {now} but is not in the history",
            label=label(e),
            when=_when(ctx, e),
            now=clock(now),
        )
        for e in entries
        if ctx.local(e.start) < now and _full(e) not in recorded
    ]
    found += [
        _(
            "{label} ({when}) is recorded as history, but history is only what started "
            "before the re-planning at {now}",
            label=label(e),
            when=_when(ctx, e),
            now=clock(now),
        )
        for e in past
        if ctx.local(e.start) >= now
    ]
    for expert_id, breaks in history.breaks.items():
        kept = {_moment(b) for b in ctx.plan.breaks.get(expert_id, [])}
        found += [
            _(
                "{expert}'s lunch break ({span}) began before {now} but is not in the plan",
                expert=expert_id,
                span=span(ctx.local(b.start), ctx.local(b.end)),
                now=clock(now),
            )
            for b in breaks
            if _moment(b) not in kept
        ]
    return [Violation("history-kept", message) for message in found]


def check_no_shows(ctx: Context) -> list[Violation]:
    """A patient marked absent has no appointment beyond the history."""
    return [
        Violation(
            "no-show",
            _(
                "{label} ({when}) is booked, but {patient} is absent",
                label=label(a),
                when=_when(ctx, a),
                patient=a.patient,
            ),
        )
        for a in ctx.current
        if ctx.patients[a.patient].absent
    ]


def check_room_closed(ctx: Context) -> list[Violation]:
    """Nothing beyond the history uses a room while it is closed."""
    entries: list[Appointment | TrainingSession] = [*ctx.current, *ctx.current_sessions]
    found = []
    for e in entries:
        for closed in ctx.rooms[(e.venue, e.room)].closed:
            start = ctx.scenario.at(closed.date, closed.start_min)
            end = ctx.scenario.at(closed.date, closed.end_min)
            if overlaps(e.start, e.end, start, end):
                found.append(
                    Violation(
                        "room-closed",
                        _(
                            "{label} ({when}) is in room {room}, closed {date} {span}",
                            label=label(e),
                            when=_when(ctx, e),
                            room=e.room,
                            date=closed.date,
                            span=span(start, end),
                        ),
                    )
                )
    return found


def _full(entry: Appointment | TrainingSession) -> tuple[object, ...]:
    """An entry's key with its people and end, so a changed expert or length shows."""
    people = entry.experts if isinstance(entry, Appointment) else entry.lecturers
    end = entry.end.astimezone(dt.UTC)
    return (*history_key(entry), entry.venue, tuple(people), end)


def _moment(b: Break) -> tuple[dt.datetime, dt.datetime]:
    return b.start.astimezone(dt.UTC), b.end.astimezone(dt.UTC)


def _when(ctx: Context, entry: Appointment | TrainingSession) -> str:
    start, end = ctx.local(entry.start), ctx.local(entry.end)
    return f"{start:%Y-%m-%d} {span(start, end)}"
