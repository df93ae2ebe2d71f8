"""The schedule's hard rules: ids, needs, services and trainings, plus the registry.

Each rule is one function from the checking `Context` to the violations it finds.
`SCHEDULE_RULES` lists them all, in the order their findings are reported.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable

from planner.check.context import Context, label
from planner.check.families import check_family_block, check_siblings_back_to_back
from planner.check.history import check_history_kept, check_no_shows, check_room_closed
from planner.check.resources import (
    check_after_order,
    check_expert_availability,
    check_expert_lunch,
    check_expert_max_patients,
    check_expert_overlap,
    check_patient_overlap,
    check_patient_presence,
    check_room_capacity,
    check_room_hours,
)
from planner.check.violation import Violation, minute_of_day, minutes_between, overlaps, span
from planner.model import Appointment, TrainingSession
from planner.model.words import gettext as _
from planner.model.words import ngettext

Rule = Callable[[Context], list[Violation]]


def check_unknown_ids(ctx: Context) -> list[Violation]:
    """Every id in the plan names something in the scenario."""
    found = []
    for a in ctx.plan.appointments:
        found += [
            _("appointment {label} names unknown {what}", label=label(a), what=w)
            for w in ctx.unknown_in_appointment(a)
        ]
    for t in ctx.plan.trainings:
        found += [
            _("{label} names unknown {what}", label=label(t), what=w)
            for w in ctx.unknown_in_session(t)
        ]
    for u in ctx.plan.unserved:
        if u.patient not in ctx.patients:
            found.append(
                _(
                    "unserved {patient}/{service} names unknown patient '{patient}'",
                    patient=u.patient,
                    service=u.service,
                )
            )
        if u.service not in ctx.services:
            found.append(
                _(
                    "unserved {patient}/{service} names unknown service '{service}'",
                    patient=u.patient,
                    service=u.service,
                )
            )
    found += [
        _("breaks name unknown expert '{expert}'", expert=e)
        for e in ctx.plan.breaks
        if e not in ctx.experts
    ]
    return [Violation("unknown-id", message) for message in found]


def check_nothing_lost(ctx: Context) -> list[Violation]:
    """Every (patient, need) appears exactly once, in appointments or in unserved."""
    booked = Counter((a.patient, a.service) for a in ctx.plan.appointments)
    unserved = Counter((u.patient, u.service) for u in ctx.plan.unserved)
    found = []
    for patient in ctx.scenario.patients:
        for need in dict.fromkeys(patient.needs):
            key = (patient.id, need)
            times = booked[key] + unserved[key]
            if times == 0:
                found.append(
                    _(
                        "{id}/{need} is neither in appointments nor in unserved",
                        id=patient.id,
                        need=need,
                    )
                )
            elif times > 1:
                found.append(
                    _(
                        "{id}/{need} appears {times} times ({booked} in appointments, "
                        "{unserved} in unserved)",
                        id=patient.id,
                        need=need,
                        times=times,
                        booked=booked[key],
                        unserved=unserved[key],
                    )
                )
    return [Violation("nothing-lost", message) for message in found]


def check_only_requested(ctx: Context) -> list[Violation]:
    """No appointment or unserved entry is for a service the patient did not ask for."""
    entries = [("appointment", a.patient, a.service) for a in ctx.plan.appointments]
    entries += [("unserved", u.patient, u.service) for u in ctx.plan.unserved]
    return [
        Violation(
            "not-requested",
            _(
                "{kind} {patient}/{service}: {patient} did not ask for {service}",
                kind=kind,
                patient=patient,
                service=service,
            ),
        )
        for kind, patient, service in entries
        if patient in ctx.patients and service not in ctx.patients[patient].needs
    ]


def check_unserved_reasons(ctx: Context) -> list[Violation]:
    """Every unserved need says why, so a coordinator can tell the family."""
    return [
        Violation(
            "unserved-reason",
            _("unserved {patient}/{service} gives no reason", patient=u.patient, service=u.service),
        )
        for u in ctx.plan.unserved
        if not u.reason.strip()
    ]


def check_service_experts(ctx: Context) -> list[Violation]:
    """One distinct expert per skill the service needs, each with that skill."""
    found = []
    for a in ctx.appointments:
        problem = _staffing_problem(ctx, label(a), a.experts, ctx.services[a.service].needs)
        if problem:
            found.append(Violation("service-experts", problem))
    return found


def check_service_room(ctx: Context) -> list[Violation]:
    """Each appointment is in a room of its service's room kind."""
    found = []
    for a in ctx.appointments:
        kind, wanted = ctx.rooms[(a.venue, a.room)].kind, ctx.services[a.service].room_kind
        if kind != wanted:
            found.append(
                Violation(
                    "service-room",
                    _(
                        "{label} is in room {room} ({kind}), not a {wanted} room",
                        label=label(a),
                        room=a.room,
                        kind=kind,
                        wanted=wanted,
                    ),
                )
            )
    return found


def check_service_duration(ctx: Context) -> list[Violation]:
    """Each appointment lasts exactly its service's duration."""
    found = []
    for a in ctx.appointments:
        length, duration = minutes_between(a.start, a.end), ctx.services[a.service].duration_min
        if length != duration:
            found.append(
                Violation(
                    "service-duration",
                    _(
                        "{label} lasts {length:g} min ({span}); {service} takes {duration} min",
                        label=label(a),
                        length=length,
                        span=span(a.start, a.end),
                        service=a.service,
                        duration=duration,
                    ),
                )
            )
    return found


def check_slot_grid(ctx: Context) -> list[Violation]:
    """Appointments start and end on the slot grid (multiples of slot_min from midnight)."""
    slot = ctx.scenario.slot_min
    found = []
    for a in ctx.appointments:
        for what, moment in (("starts", a.start), ("ends", a.end)):
            if minute_of_day(moment) % slot or moment.second or moment.microsecond:
                found.append(
                    Violation(
                        "slot-grid",
                        _(
                            "{label} {what} at {moment:%H:%M:%S}, off the {slot}-minute grid",
                            label=label(a),
                            what=what,
                            moment=moment,
                            slot=slot,
                        ),
                    )
                )
    return found


def check_expert_buffers(ctx: Context) -> list[Violation]:
    """In every clock hour an expert holds at most 60 - free minutes of appointments
    (`buffers`); lectures, lunch and history do not count."""
    minutes: dict[tuple[str, dt.datetime], float] = defaultdict(float)
    for a in ctx.current:
        for expert_id in dict.fromkeys(a.experts):
            hour = a.start.replace(minute=0, second=0, microsecond=0)
            while hour < a.end:
                end = hour + dt.timedelta(hours=1)
                minutes[(expert_id, hour)] += minutes_between(max(a.start, hour), min(a.end, end))
                hour = end
    found = []
    for (expert_id, hour), used in sorted(minutes.items()):
        free = ctx.scenario.free_min_for(ctx.experts[expert_id])
        if used > 60 - free:
            found.append(
                Violation(
                    "expert-buffers",
                    _(
                        "{expert_id} has {used:g} min of appointments on {hour:%Y-%m-%d} "
                        "{hour:%H:%M}-{number:%H:%M}, more than {number2} ({free} free min per "
                        "hour)",
                        expert_id=expert_id,
                        used=used,
                        hour=hour,
                        number=hour + dt.timedelta(hours=1),
                        number2=60 - free,
                        free=free,
                    ),
                )
            )
    return found


def check_training_once(ctx: Context) -> list[Violation]:
    """Each training of the scenario runs exactly once, unless a re-plan cancelled it
    (listed in its `changes` with the reason: it could no longer run)."""
    counts = Counter(t.training for t in ctx.plan.trainings)
    cancelled = {
        c.training
        for c in ctx.plan.changes
        if c.training is not None and c.what == "cancelled" and c.reason.strip()
    }
    found = []
    for training in ctx.scenario.trainings:
        times = counts[training.id]
        if times == 0 and training.id in cancelled and ctx.scenario.history is not None:
            continue
        if times != 1:
            found.append(Violation("training-once", _planned(training.id, times)))
    return found


def check_training_lecturers(ctx: Context) -> list[Violation]:
    """One distinct lecturer per listed skill, each with that skill."""
    found = []
    for t in ctx.sessions:
        problem = _staffing_problem(ctx, label(t), t.lecturers, ctx.trainings[t.training].lecturers)
        if problem:
            found.append(Violation("training-lecturers", problem))
    return found


def check_training_time(ctx: Context) -> list[Violation]:
    """Each training runs on its date, inside its window, for its duration."""
    found = []
    for t in ctx.sessions:
        training = ctx.trainings[t.training]
        length = minutes_between(t.start, t.end)
        window_start = ctx.scenario.at(training.date, training.window.start_min)
        window_end = ctx.scenario.at(training.date, training.window.end_min)
        if not (window_start <= t.start and t.end <= window_end):
            found.append(
                _(
                    "{label} runs {start:%Y-%m-%d} {span}, outside its window {date} {span2}",
                    label=label(t),
                    start=t.start,
                    span=span(t.start, t.end),
                    date=training.date,
                    span2=span(window_start, window_end),
                )
            )
        if length != training.duration_min:
            found.append(
                _(
                    "{label} lasts {length:g} min, not {duration_min}",
                    label=label(t),
                    length=length,
                    duration_min=training.duration_min,
                )
            )
    return [Violation("training-time", message) for message in found]


def check_training_room(ctx: Context) -> list[Violation]:
    """A training is in a room of its kind with enough seats, and no clinic shares it."""
    found = []
    for t in ctx.sessions:
        training, room = ctx.trainings[t.training], ctx.rooms[(t.venue, t.room)]
        if room.kind != training.room_kind:
            found.append(
                _(
                    "{label} is in room {room} ({kind}), not a {room_kind} room",
                    label=label(t),
                    room=t.room,
                    kind=room.kind,
                    room_kind=training.room_kind,
                )
            )
        if room.seats is None or room.seats < training.expected:
            found.append(
                _(
                    "{label} expects {expected} in room {room} with no stated seats",
                    label=label(t),
                    expected=training.expected,
                    room=t.room,
                )
                if room.seats is None
                else ngettext(
                    "{label} expects {expected} in room {room} with {count} seat",
                    "{label} expects {expected} in room {room} with {count} seats",
                    room.seats,
                    label=label(t),
                    expected=training.expected,
                    room=t.room,
                )
            )
        found += [
            _(
                "{label} is in room {room} ({span}) during {label2} ({span2})",
                label=label(a),
                room=t.room,
                span=span(a.start, a.end),
                label2=label(t),
                span2=span(t.start, t.end),
            )
            for a in _same_room(ctx.appointments, t)
        ]
    return [Violation("training-room", message) for message in found]


def _same_room(appointments: list[Appointment], t: TrainingSession) -> list[Appointment]:
    return [
        a
        for a in appointments
        if (a.venue, a.room) == (t.venue, t.room) and overlaps(a.start, a.end, t.start, t.end)
    ]


def _planned(training: str, times: int) -> str:
    """A training planned other than once."""
    if times == 0:
        return _("training {id} is not planned", id=training)
    return ngettext(
        "training {id} is planned {count} time",
        "training {id} is planned {count} times",
        times,
        id=training,
    )


def _staffing_problem(ctx: Context, what: str, people: list[str], skills: list[str]) -> str | None:
    """Why `people` cannot cover `skills` one each at `what` (a label), or None if they can."""
    named, listed = ", ".join(people), ", ".join(skills)
    repeated = sorted(p for p, n in Counter(people).items() if n > 1)
    if repeated:
        return _("{label} lists {experts} more than once", label=what, experts=", ".join(repeated))
    if len(people) != len(skills) and not people:
        return _("{label} has no experts for the skills {skills}", label=what, skills=listed)
    if len(people) != len(skills):
        return _(
            "{label} has experts {experts} for the skills {skills}",
            label=what,
            experts=named,
            skills=listed,
        )
    if not _one_each(people, skills, ctx):
        return _(
            "{label} has experts {experts}, who cannot cover {skills} one each",
            label=what,
            experts=named,
            skills=listed,
        )
    return None


def _one_each(people: list[str], skills: list[str], ctx: Context) -> bool:
    """Whether each skill can go to a different person who has it (a perfect matching)."""
    if not skills:
        return not people
    first, rest = skills[0], skills[1:]
    return any(
        first in ctx.experts[person].skills and _one_each(people[:i] + people[i + 1 :], rest, ctx)
        for i, person in enumerate(people)
    )


SCHEDULE_RULES: list[Rule] = [
    check_unknown_ids,
    check_nothing_lost,
    check_only_requested,
    check_unserved_reasons,
    check_service_experts,
    check_service_room,
    check_service_duration,
    check_slot_grid,
    check_expert_availability,
    check_expert_overlap,
    check_expert_lunch,
    check_expert_max_patients,
    check_expert_buffers,
    check_room_capacity,
    check_room_hours,
    check_room_closed,
    check_patient_presence,
    check_no_shows,
    check_patient_overlap,
    check_after_order,
    check_family_block,
    check_siblings_back_to_back,
    check_training_once,
    check_training_lecturers,
    check_training_time,
    check_training_room,
    check_history_kept,
]
"""Every schedule rule, in the order its findings are listed."""
