"""Why a need is unserved, read from the final plan, in words a coordinator can pass on.

For every start the need could have had, we look at what the final plan has taken at
that time: the patient, every room of the kind, every expert with a needed skill (busy,
at lunch, or at their daily limit), or the service it must follow. The reason names what
blocks most of those starts, with the times it was blocking. A sibling whose brothers or
sisters are booked for the same service could only have gone right before or after them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from planner.model import Appointment, Break, TrainingSession, Unserved
from planner.model.spans import within
from planner.model.words import gettext as _
from planner.model.words import ngettext
from solver.schedule.buffers import Hour, capped_hours, keeps_buffers
from solver.schedule.grid import Grid
from solver.schedule.grid import starts as grid_starts
from solver.schedule.instance import Job, Pool, one_each
from solver.schedule.variables import Variables


@dataclass
class Taken:
    """The final plan as busy slot spans, with patients seen per expert and day."""

    grid: Grid
    expert: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    patient: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    room: dict[tuple[str, str], list[tuple[int, int]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    seen: Counter = field(default_factory=Counter)
    work: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    """Each expert's appointments alone: what their free minutes per hour (`buffers`) count."""
    hours: dict[str, list[Hour]] = field(default_factory=dict)
    """The capped clock hours of experts who keep free minutes."""
    booked: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)


def unserved_needs(
    v: Variables,
    appointments: list[Appointment],
    sessions: list[TrainingSession],
    breaks: dict[str, list[Break]],
) -> list[Unserved]:
    """Every need not in `appointments`, with its reason."""
    taken = _taken(v, appointments, sessions, breaks)
    booked = {(a.patient, a.service) for a in appointments}
    out = []
    for job in v.instance.jobs:
        missing = [p for p in job.members if (p.id, job.service.id) not in booked]
        if not missing:
            continue
        code, reason = (job.problem_code, job.problem) if job.problem else _reason(v, job, taken)
        if len(job.members) > 1:
            reason = _("{reason} (booked as the family's {count} together)", reason=reason,
                       count=len(job.members))  # fmt: skip
        out += [Unserved(patient=p.id, service=job.service.id, reason=reason, code=code)
                for p in missing]  # fmt: skip
    return out


def _taken(
    v: Variables,
    appointments: list[Appointment],
    sessions: list[TrainingSession],
    breaks: dict[str, list[Break]],
) -> Taken:
    grid, scenario = v.instance.grid, v.instance.scenario
    taken = Taken(grid, hours=capped_hours(v.instance))

    def slot(moment: dt.datetime) -> int:
        local = scenario.localize(moment)
        return grid.floor(local.date(), local.hour * 60 + local.minute)

    for a in appointments:
        span = (slot(a.start), slot(a.end))
        for expert in a.experts:
            taken.expert[expert].append(span)
            taken.work[expert].append(span)
            taken.seen[(expert, scenario.localize(a.start).date())] += 1
        taken.patient[a.patient].append(span)
        taken.room[(a.venue, a.room)].append(span)
        taken.booked[(a.patient, a.service)] = span
    for t in sessions:
        span = (slot(t.start), grid.ceil(t.end.date(), t.end.hour * 60 + t.end.minute))
        for expert in t.lecturers:
            taken.expert[expert].append(span)
        room = next(r for p in v.instance.pools for r in p.rooms if r.id == t.room)
        taken.room[(t.venue, t.room)] += [span] * room.parallel
    for expert, items in breaks.items():
        taken.expert[expert] += [(slot(b.start), slot(b.end)) for b in items]
    return taken


def _clash(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)


def _blockers(v: Variables, job: Job, taken: Taken, start: int) -> list[str]:
    """What stops the job from starting at `start` in the final plan."""
    end = start + job.length
    found = []
    for index, p in enumerate(job.members):
        own = start + index * job.unit
        if _clash(taken.patient[p.id], own, own + job.unit):
            found.append("patient")
        for before in job.service.after:
            if taken.booked.get((p.id, before), (-1, -1))[1] > own:
                found.append(f"after:{before}")
    if all(_pool_full(taken, pool, start, end) for pool in job.pools):
        found.append("rooms")
    day = taken.grid.day_of(start)
    free_for = {
        skill: [e.id for e in experts if _expert_free(v, taken, e.id, start, end)]
        for skill, experts in job.experts.items()
    }
    if all(free_for.values()) and not one_each(job.service.needs, free_for):
        found.append("team")
    for skill, experts in job.experts.items():
        free = [e for e in experts if _expert_free(v, taken, e.id, start, end)]
        if not free:
            found.append(f"skill:{skill}")
            continue
        limits = [v.instance.scenario.max_patients_for(e) for e in free]
        if all(
            lim is not None and taken.seen[(e.id, day)] + len(job.members) > lim
            for e, lim in zip(free, limits, strict=True)
        ):
            found.append(f"limit:{skill}")
        elif not any(_keeps_buffers(v, taken, e.id, start, end) for e in free):
            found.append(f"buffer:{skill}")
    return found


def _keeps_buffers(v: Variables, taken: Taken, expert_id: str, start: int, end: int) -> bool:
    hours = taken.hours.get(expert_id, [])
    return keeps_buffers(hours, taken.work[expert_id], (start, end), v.instance.grid.slot_min)


def _pool_full(taken: Taken, pool: Pool, start: int, end: int) -> bool:
    for room in pool.rooms:
        spans = taken.room[(pool.venue.id, room.id)]
        if all(sum(a <= t < b for a, b in spans) < room.parallel for t in range(start, end)):
            return False
    return True


def _expert_free(v: Variables, taken: Taken, expert_id: str, start: int, end: int) -> bool:
    on_duty = any(a <= start and end <= b for a, b in v.instance.available[expert_id])
    return on_duty and not _clash(taken.expert[expert_id], start, end)


def _sibling_run(v: Variables, job: Job, taken: Taken) -> tuple[int, int, int] | None:
    """The span of the booked siblings in the job's run, and how many they are, if any."""
    spans = [
        taken.booked[(p.id, other.service.id)]
        for other in v.instance.jobs
        if job.run is not None and other.run == job.run and other is not job
        for p in other.members
        if (p.id, other.service.id) in taken.booked
    ]
    if not spans:
        return None
    return min(a for a, _ in spans), max(b for _, b in spans), len(spans)


def _reason(v: Variables, job: Job, taken: Taken) -> tuple[str, str]:
    """Why the job is unserved: its reason code and its words."""
    grid = v.instance.grid
    starts = [t for a, b in job.domain for t in range(a, b)]
    run = _sibling_run(v, job, taken)
    if run is None:
        stay = f"{grid.clock(starts[0])}–{grid.clock(starts[-1] + job.length)}"
        return _why(v, job, taken, starts, stay)
    first, last, booked = run
    span = f"{grid.clock(first)}–{grid.clock(last)}"
    siblings = ngettext(
        "siblings are seen back to back, so it could only go right before or after their "
        "sibling's {service} ({span})",
        "siblings are seen back to back, so it could only go right before or after their "
        "siblings' {service} ({span})",
        booked, service=job.service.id, span=span,
    )  # fmt: skip
    beside = (last, first - job.length)
    starts = [t for t in starts if t in beside]
    if starts:
        code, why = _why(v, job, taken, starts, None)
        return code, _("{siblings}, and {why}", siblings=siblings, why=why)
    (patient,) = job.members
    here = grid_starts(v.instance.stays[patient.id], job.unit)
    if not any(within(here, t) for t in beside):
        return "siblings_not_here", _("{siblings}, and the patient is not here then",
                                      siblings=siblings)  # fmt: skip
    return "siblings_no_team", _(
        "{siblings}, and no {service} team is on duty with a room open then",
        siblings=siblings, service=job.service.id,
    )  # fmt: skip


def _why(
    v: Variables, job: Job, taken: Taken, starts: list[int], stay: str | None
) -> tuple[str, str]:
    """What blocks the job at each of `starts` in the final plan: a code and words; `stay`
    is the time the patient is here, or None when the starts are a sibling's only ones."""
    grid = v.instance.grid
    blocked = {t: _blockers(v, job, taken, t) for t in starts}
    free = [t for t, found in blocked.items() if not found]
    if free:
        return "time_limit", _("not booked within the time limit, although {clock} looks free: "
                               "ask the desk to fit it in", clock=grid.clock(free[0]))  # fmt: skip
    counts = Counter(b for found in blocked.values() for b in found)
    top = [b for b, n in counts.most_common() if n == len(starts)] or [counts.most_common(1)[0][0]]
    return _words(v, job, top[0], [t for t in starts if top[0] in blocked[t]], stay)


BLOCKER_CODES = {
    "rooms": "rooms_full",
    "skill": "no_expert_free",
    "limit": "expert_day_limit",
    "buffer": "expert_free_minutes",
    "team": "no_team_free",
    "after": "must_follow",
    "patient": "patient_busy",
}
"""Each blocker's reason code in `plan.json` (docs/outputs-and-maps.md)."""


def _words(
    v: Variables, job: Job, blocker: str, when: list[int], stay: str | None
) -> tuple[str, str]:
    kind, _colon, what = blocker.partition(":")
    return BLOCKER_CODES[kind], _blocker_words(v, job, (kind, what), when, stay)


def _blocker_words(
    v: Variables, job: Job, blocker: tuple[str, str], when: list[int], stay: str | None
) -> str:
    grid, (kind, what) = v.instance.grid, blocker
    alone = len(job.members) == 1
    if stay:
        during = (_("while the patient is here ({stay})", stay=stay) if alone
                  else _("while the family is here ({stay})", stay=stay))  # fmt: skip
    else:
        during = _("then")
    if kind == "rooms":
        rooms = sum(len(p.rooms) for p in job.pools)
        return _("all {count} {room_kind} rooms full from {start} to {end}", count=rooms,
                 room_kind=job.service.room_kind, start=grid.clock(when[0]),
                 end=grid.clock(when[-1] + job.length))  # fmt: skip
    if kind == "skill":
        return _("no {skill} expert free {during}", skill=what, during=during)
    if kind == "limit":
        people = list(job.experts[what])
        limits = {v.instance.scenario.max_patients_for(e) for e in people}
        top = "/".join(str(n) for n in sorted(x for x in limits if x is not None))
        return _("a max of {top} patients a day for {names} reached", top=top,
                 names=", ".join(e.name for e in people))  # fmt: skip
    if kind == "buffer":
        scenario = v.instance.scenario
        free = "/".join(
            str(m) for m in sorted({scenario.free_min_for(e) for e in job.experts[what]})
        )
        return _("every {skill} expert free {during} keeps {free} free min an hour", skill=what,
                 during=during, free=free)  # fmt: skip
    if kind == "team":
        return _("no team of different experts for {skills} free together {during}",
                 skills=", ".join(job.service.needs), during=during)  # fmt: skip
    if kind == "after":
        after = f"({stay})" if stay else _("then")
        return _("{service} must come after {before}, and nothing was free after it {after}",
                 service=job.service.id, before=what, after=after)  # fmt: skip
    if stay is None:
        return (_("the patient is in another appointment then") if alone
                else _("the family is in another appointment then"))  # fmt: skip
    return (
        _("the patient is in other appointments whenever the experts and a room are free "
          "({stay})", stay=stay) if alone
        else _("the family is in other appointments whenever the experts and a room are free "
               "({stay})", stay=stay)
    )  # fmt: skip
