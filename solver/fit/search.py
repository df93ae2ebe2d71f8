"""Fitting a walk-in into a published plan: the earliest options that move nobody else.

The patient's needs are taken in `after` order. For each need, the first few grid starts
(after the patient arrives, before they leave) where a room of the right kind and a team
of free experts are all available make its options. The first option of each need is
then booked, so that later needs respect `after` order, the patient being in one place
at a time, and the experts' lunches: the first options together form one day that keeps
every hard rule, and each later option fits with the first options before it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass

from planner.model import Patient, Plan, Scenario, Service, in_after_order
from planner.model.fit import FitResult, NeedOptions, Option
from planner.model.words import gettext as _
from solver.fit.book import Book, clash

DEFAULT_OPTIONS = 3
"""Options listed per need: enough for the family to choose, short enough to read out."""


@dataclass(frozen=True)
class _Rule:
    """Where a need may start: no earlier than `earliest`, or only at `only` in `room`."""

    earliest: dt.datetime
    only: tuple[dt.datetime, ...] | None = None
    room: tuple[str, str] | None = None
    why: str = ""


def fit_walk_in(
    scenario: Scenario, plan: Plan, patient: Patient, per_need: int = DEFAULT_OPTIONS
) -> FitResult:
    """The earliest options for each need of `patient` that move nothing in `plan`.

    Args:
        scenario: The stop, without the walk-in.
        plan: The published plan; its appointments, lectures and breaks stay put.
        patient: The walk-in (a new id; the family may be one already in the plan).
        per_need: How many options to list for each need.

    Returns:
        One entry per need, in `after` order; the first options fit together.
    """
    started = time.perf_counter()
    book = Book.of(scenario, plan)
    services = {s.id: s for s in scenario.services}
    ends: dict[str, dt.datetime] = {}
    needs = []
    for service in in_after_order([services[n] for n in dict.fromkeys(patient.needs)]):
        found = _need_options(book, patient, service, ends, per_need)
        if found.options:
            first = found.options[0]
            _book_option(book, patient, first)
            ends[service.id] = first.end
        needs.append(found)
    return FitResult(patient.id, tuple(needs), round(time.perf_counter() - started, 4))


def _book_option(book: Book, patient: Patient, option: Option) -> None:
    for expert_id, lunch in option.lunch:
        book.add_lunch(expert_id, lunch)
    book.add(option.appointment(patient.id), patient.family)


def _need_options(
    book: Book, patient: Patient, service: Service, ends: dict[str, dt.datetime], limit: int
) -> NeedOptions:
    scenario = book.scenario
    if service.duration_min % scenario.slot_min:
        return NeedOptions(service.id, (), _off_grid(scenario, service))
    rule = _where(book, patient, service, ends)
    options: list[Option] = []
    failed: Counter[str] = Counter()
    for start in _starts(book, patient, service, rule):
        option = _option_at(book, patient, service, rule, start, failed)
        if option is not None:
            options.append(option)
            if len(options) == limit:
                break
    reason = None if options else _reason(book, patient, service, rule, failed)
    return NeedOptions(service.id, tuple(options), reason)


def _where(book: Book, patient: Patient, service: Service, ends: dict[str, dt.datetime]) -> _Rule:
    """Where the need may start: after its `after` services, next to its family's run."""
    arrives = book.scenario.localize(patient.arrives)
    history = book.scenario.history  # a re-planned day: nothing new starts before its `now`
    now = [book.scenario.localize(history.now)] if history is not None else []
    earliest = max([arrives, *now, *(ends[b] for b in service.after if b in ends)])
    rules = book.scenario.rules
    block = service.family_block and rules.family_block
    run = [a for a in book.family_of(patient) if a.service == service.id]
    if service.family_block and not block:
        run = []  # the siblings' rule leaves block services to the family rule
    elif not block:
        children = {p.id for p in book.scenario.patients if p.is_child}
        chained = rules.siblings_back_to_back and patient.is_child
        run = [a for a in run if a.patient in children] if chained else []
    if not run:
        return _Rule(earliest)
    first, last = min(a.start for a in run), max(a.end for a in run)
    length = dt.timedelta(minutes=service.duration_min)
    room = (run[0].venue, run[0].room) if block else None
    span = f"{first:%H:%M}–{last:%H:%M}"
    if block:
        why = _("right before or after the family's {service} ({span})", service=service.id,
                span=span)  # fmt: skip
    else:
        why = _("right before or after the siblings' {service} ({span})", service=service.id,
                span=span)  # fmt: skip
    only = tuple(t for t in (first - length, last) if t >= earliest)
    return _Rule(earliest, only, room, why)


def _starts(book: Book, patient: Patient, service: Service, rule: _Rule) -> list[dt.datetime]:
    """Grid starts from the earliest moment to the last that ends before the patient leaves."""
    length = dt.timedelta(minutes=service.duration_min)
    leaves = book.scenario.localize(patient.leaves)
    if rule.only is not None:
        return sorted(t for t in rule.only if t + length <= leaves)
    start = _ceil_to_grid(rule.earliest, book.scenario.slot_min)
    step = dt.timedelta(minutes=book.scenario.slot_min)
    starts = []
    while start + length <= leaves:
        starts.append(start)
        start = _ceil_to_grid(start + step, book.scenario.slot_min)
    return starts


def _ceil_to_grid(moment: dt.datetime, slot_min: int) -> dt.datetime:
    """The first multiple of `slot_min` after local midnight at or after `moment`.

    Computed on the wall clock, so a day with a DST change still lands on the grid.
    """
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    seconds = (moment.replace(tzinfo=None) - midnight.replace(tzinfo=None)).total_seconds()
    minutes = -(-int(seconds) // 60)
    return midnight + dt.timedelta(minutes=-(-minutes // slot_min) * slot_min)


def _option_at(
    book: Book, patient: Patient, service: Service, rule: _Rule, start: dt.datetime,
    failed: Counter[str],
) -> Option | None:  # fmt: skip
    """The option starting at `start`, or None (counting in `failed` what was missing)."""
    end = start + dt.timedelta(minutes=service.duration_min)
    if clash(book.patient[patient.id], start, end):
        failed["patient"] += 1
        return None
    room = next(
        (
            (v, r)
            for v, r in book.rooms
            if r.kind == service.room_kind
            and rule.room in (None, (v.id, r.id))
            and book.room_free(v, r, start, end)
        ),
        None,
    )
    if room is None:
        failed["room"] += 1
        return None
    team = _team(book, service.needs, start, end, ())
    if team is None:
        failed["experts"] += 1
        for skill in dict.fromkeys(service.needs):
            able = [e for e in book.experts.values() if skill in e.skills]
            if not any(book.expert_free(e, start, end) for e in able):
                failed[f"skill:{skill}"] += 1
        return None
    lunch = []
    for expert_id in team:
        new = book.lunch_with(book.experts[expert_id], start.date(), [(start, end)])[1]
        if new is not None:
            lunch.append((expert_id, new))
    return Option(service.id, start, end, room[0].id, room[1].id, team, tuple(lunch))


def _team(
    book: Book, skills: list[str], start: dt.datetime, end: dt.datetime, chosen: tuple[str, ...]
) -> tuple[str, ...] | None:
    """Distinct free experts, one per skill; those with the fewest skills first, so that
    the versatile ones stay free for what only they can do."""
    if not skills:
        return chosen
    able = [e for e in book.experts.values() if skills[0] in e.skills and e.id not in chosen]
    for expert in sorted(able, key=lambda e: len(e.skills)):
        if book.expert_free(expert, start, end):
            team = _team(book, skills[1:], start, end, (*chosen, expert.id))
            if team is not None:
                return team
    return None


def _off_grid(scenario: Scenario, service: Service) -> str:
    return _("{service} lasts {duration_min} min, which is not a whole number of "
             "{slot}-minute slots", service=service.id, duration_min=service.duration_min,
             slot=scenario.slot_min)  # fmt: skip


def _reason(
    book: Book, patient: Patient, service: Service, rule: _Rule, failed: Counter[str]
) -> str:
    """Why a need has no option, in a coordinator's words."""
    leaves = book.scenario.localize(patient.leaves)
    here = f"({rule.earliest:%H:%M}–{leaves:%H:%M})"
    if rule.only is not None:
        return _("the {service} must be {why}, and neither time is free", service=service.id,
                 why=rule.why)  # fmt: skip
    if not failed:
        return _("the {minutes}-minute {service} does not fit in {here}",
                 minutes=service.duration_min, service=service.id, here=here)  # fmt: skip
    if failed["experts"]:
        never = [s for s in service.needs if failed[f"skill:{s}"] == failed["experts"]]
        if never:
            return _("no {skills} expert is free when a {room_kind} room is free {here}",
                     skills=_(" or ").join(never), room_kind=service.room_kind,
                     here=here)  # fmt: skip
        return _("no team of experts is free when a {room_kind} room is free {here}",
                 room_kind=service.room_kind, here=here)  # fmt: skip
    if failed["room"]:
        return _("no {room_kind} room is open and free {here}", room_kind=service.room_kind,
                 here=here)  # fmt: skip
    return _("the patient is busy with their other needs {here}", here=here)
