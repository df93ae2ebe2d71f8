"""What the file itself makes impossible, whatever the capacity: validation errors.

A need that no number of experts or rooms could serve (a duration off the slot grid, a
stay shorter than the appointment, no room of the kind open while the patient is here,
a family's HLA block that cannot fit while they are here, services that must each follow
the other), or a household whose every window is shorter than its visit, is a mistake in
the file. It is reported at its place, like a dangling
reference, instead of ending as an unserved need whose reason sends the coordinator to
look for a busy expert.

What more experts, rooms, teams or hours *could* fix (a skill nobody present has, an
expert off duty, a hall too small for the course) is capacity, not construction: the
solver reports it, as an unserved need with its reason or as the diagnosis of a stop
that has no plan (exit 1).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from planner.model.common import DayHours
from planner.model.references import Loc, Problem
from planner.model.spans import inside, intersect, merge, slots_up
from planner.model.words import gettext as _

if TYPE_CHECKING:
    from planner.model.clinic import Patient, Service
    from planner.model.scenario import Scenario

Span = tuple[dt.datetime, dt.datetime]


def plannability_problems(scenario: Scenario) -> list[Problem]:
    """Every need or household that the file makes impossible, in file order.

    Assumes every reference holds (see `reference_problems`).
    """
    problems = _grid_problems(scenario)
    problems += _cycle_problems(scenario)
    problems += _need_problems(scenario)
    problems += _family_block_problems(scenario)
    problems += _household_problems(scenario)
    return problems


def _grid_problems(s: Scenario) -> list[Problem]:
    problems = []
    for i, service in enumerate(s.services):
        if service.duration_min % s.slot_min:
            lower = service.duration_min // s.slot_min * s.slot_min
            options = f"{lower} or {lower + s.slot_min}" if lower else str(s.slot_min)
            problems.append(
                Problem(
                    ("services", i, "duration_min"),
                    (
                        _(
                            "{id} lasts {duration_min} min, which is not a whole number of "
                            "{slot_min}-minute slots (slot_min): make it {options} min, or make "
                            "slot_min divide {duration_min}",
                            id=service.id,
                            duration_min=service.duration_min,
                            slot_min=s.slot_min,
                            options=options,
                        )
                    ),
                )
            )
    return problems


def _cycle_problems(s: Scenario) -> list[Problem]:
    """Services that must each come after the other: both can never be served."""
    after = {x.id: list(x.after) for x in s.services}
    problems = []
    for i, service in enumerate(s.services):
        for j, before in enumerate(service.after):
            path = _path(after, before, service.id)
            if path is not None and before != service.id:
                chain = " → ".join([service.id, *path])
                problems.append(
                    Problem(
                        ("services", i, "after", j),
                        (
                            _(
                                "{id} must come after {before}, which must itself come after "
                                "{id} (a cycle: {chain}): a patient who needs both could have "
                                "only one",
                                id=service.id,
                                before=before,
                                chain=chain,
                            )
                        ),
                    )
                )
    return problems


def _path(after: dict[str, list[str]], start: str, goal: str) -> list[str] | None:
    """The chain of `after` links from `start` back to `goal`, if there is one."""
    stack, seen = [[start]], {start}
    while stack:
        path = stack.pop()
        if path[-1] == goal:
            return path
        for nxt in after.get(path[-1], []):
            if nxt not in seen:
                seen.add(nxt)
                stack.append([*path, nxt])
    return None


def _need_problems(s: Scenario) -> list[Problem]:
    services = {x.id: x for x in s.services}
    problems = []
    for i, patient in enumerate(s.patients):
        stay = _stay(s, patient)
        for j, need in enumerate(patient.needs):
            service = services[need]
            if service.duration_min % s.slot_min:
                continue  # said once, at the service
            loc: Loc = ("patients", i, "needs", j)
            minutes = service.duration_min
            if not _fits(stay, minutes):
                problems.append(
                    Problem(
                        loc,
                        (
                            _(
                                "{id} is here {spans_text}, shorter than the "
                                "{minutes}-minute {need}",
                                id=patient.id,
                                spans_text=_spans_text(stay, s.slot_min),
                                minutes=minutes,
                                need=need,
                            )
                        ),
                    )
                )
            elif not _fits(intersect(stay, _open_for(s, service.room_kind)), minutes):
                problems.append(
                    Problem(
                        loc,
                        (
                            _(
                                "no {room_kind} room is open for {minutes} min while {id} is here "
                                "({spans_text}); venues with one open {spans_text2}",
                                room_kind=service.room_kind,
                                minutes=minutes,
                                id=patient.id,
                                spans_text=_spans_text(stay, s.slot_min),
                                spans_text2=_spans_text(
                                    _open_for(s, service.room_kind), s.slot_min
                                ),
                            )
                        ),
                    )
                )
    return problems


def _family_block_problems(s: Scenario) -> list[Problem]:
    """A family's HLA block: each member present for a part of one back-to-back run."""
    if not s.rules.family_block:
        return []
    index = {p.id: i for i, p in enumerate(s.patients)}
    families: dict[str, list[Patient]] = defaultdict(list)
    for patient in s.patients:
        families[patient.family].append(patient)
    problems = []
    for service in (x for x in s.services if x.family_block and not x.duration_min % s.slot_min):
        for family, members in families.items():
            wanting = [p for p in members if service.id in p.needs]
            if len(wanting) < 2 or not all(
                _fits(_stay(s, p), service.duration_min) for p in wanting
            ):
                continue  # a lone member's problem is said at their need
            if not _block_fits(s, service, wanting):
                first = wanting[0]
                loc: Loc = ("patients", index[first.id], "needs", first.needs.index(service.id))
                total = service.duration_min * len(wanting)
                problems.append(
                    Problem(
                        loc,
                        (
                            _(
                                "family {family}'s {count} {id} appointments back to back "
                                "({total} min, in one {room_kind} room) cannot fit in the "
                                "time they are here: {listed}",
                                family=family,
                                count=len(wanting),
                                id=service.id,
                                total=total,
                                room_kind=service.room_kind,
                                listed=", ".join(p.id for p in wanting),
                            )
                        ),
                    )
                )
    return problems


def _block_fits(s: Scenario, service: Service, members: list[Patient]) -> bool:
    """Whether some start and order seat every member in their own part of the block."""
    unit = dt.timedelta(minutes=service.duration_min)
    step = dt.timedelta(minutes=s.slot_min)
    stays = [_stay(s, p) for p in members]
    for a, b in _open_for(s, service.room_kind):
        start = a
        while start + unit * len(members) <= b:
            parts = [(start + unit * k, start + unit * (k + 1)) for k in range(len(members))]
            able = [[k for k, part in enumerate(parts) if inside(part, stay)] for stay in stays]
            if _matching(able, len(parts)):
                return True
            start += step
    return False


def _matching(able: list[list[int]], parts: int) -> bool:
    """Whether every member gets a part of their own (augmenting paths, tiny families)."""
    owner: list[int | None] = [None] * parts

    def place(member: int, seen: set[int]) -> bool:
        for part in able[member]:
            if part not in seen:
                seen.add(part)
                holder = owner[part]
                if holder is None or place(holder, seen):
                    owner[part] = member
                    return True
        return False

    return all(place(member, set()) for member in range(len(able)))


def _household_problems(s: Scenario) -> list[Problem]:
    if s.visits is None:
        return []
    problems = []
    for i, household in enumerate(s.visits.households):
        if household.days == []:
            problems.append(
                Problem(
                    ("visits", "households", i, "days"),
                    (
                        _(
                            "{id} may be visited on no day (days is empty): list its days, or "
                            "leave days out for any visit day",
                            id=household.id,
                        )
                    ),
                )
            )
        windows = household.windows
        if windows and all(w.end_min - w.start_min < household.service_min for w in windows):
            shown = ", ".join(f"{w.start:%H:%M}–{w.end:%H:%M}" for w in windows)
            problems.append(
                Problem(
                    ("visits", "households", i, "windows"),
                    (
                        _(
                            "every window of {id} ({shown}) is shorter than its "
                            "{service_min}-minute visit (service_min)",
                            id=household.id,
                            shown=shown,
                            service_min=household.service_min,
                        )
                    ),
                )
            )
    return problems


def _stay(s: Scenario, patient: Patient) -> list[Span]:
    """The patient's stay, one span per date, shrunk onto the slot grid from midnight."""
    arrives, leaves = _naive(s, patient.arrives), _naive(s, patient.leaves)
    spans = []
    day = arrives.date()
    while day <= leaves.date():
        midnight = dt.datetime.combine(day, dt.time())
        begin = max(arrives, midnight)
        end = min(leaves, midnight + dt.timedelta(days=1))
        spans.append((_ceil(begin, s.slot_min), _floor(end, s.slot_min)))
        day += dt.timedelta(days=1)
    return [(a, b) for a, b in spans if a < b]


def _open_for(s: Scenario, kind: str) -> list[Span]:
    """When some venue with a room of `kind` is open, on the slot grid."""
    return _grid(s, [h for v in s.venues if any(r.kind == kind for r in v.rooms) for h in v.open])


def _grid(s: Scenario, hours: list[DayHours]) -> list[Span]:
    spans = []
    for h in hours:
        midnight = dt.datetime.combine(h.date, dt.time())
        a = _ceil(midnight + dt.timedelta(minutes=h.start_min), s.slot_min)
        b = _floor(midnight + dt.timedelta(minutes=h.end_min), s.slot_min)
        if a < b:
            spans.append((a, b))
    return merge(spans)


def _naive(s: Scenario, moment: dt.datetime) -> dt.datetime:
    return s.localize(moment).replace(tzinfo=None)


def _ceil(moment: dt.datetime, slot_min: int) -> dt.datetime:
    minute = moment.hour * 60 + moment.minute + (moment.second > 0 or moment.microsecond > 0)
    minute = slots_up(minute, slot_min) * slot_min
    return dt.datetime.combine(moment.date(), dt.time()) + dt.timedelta(minutes=minute)


def _floor(moment: dt.datetime, slot_min: int) -> dt.datetime:
    midnight = dt.datetime.combine(moment.date(), dt.time())
    minute = (moment.hour * 60 + moment.minute) // slot_min * slot_min
    return midnight + dt.timedelta(minutes=minute)


def _fits(spans: list[Span], minutes: int) -> bool:
    return any(b - a >= dt.timedelta(minutes=minutes) for a, b in spans)


def _spans_text(spans: list[Span], slot_min: int) -> str:
    if not spans:
        return f"at no time on the {slot_min}-minute slot grid"
    return ", ".join(f"{a:%Y-%m-%d %H:%M}–{b:%H:%M}" for a, b in spans)
