"""What the families get: a slip each, and their line on the reception's sign-in list.

Nothing here prints a severity or a diagnosis: slips go home with the families, and the
sign-in list lies open on the reception desk.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from planner.model import Patient, Plan, Scenario
from planner.printouts.entries import APPOINTMENT, Entry, Names, patient_name

COME_EARLY_MIN = 15
"""Families are asked to be at the reception this long before their first appointment."""


@dataclass(frozen=True)
class Step:
    """One thing that happens to a family member, in order."""

    day: str
    time: str
    place: str
    service: str
    who: str


@dataclass(frozen=True)
class Slip:
    """A family's appointment slip."""

    family: str
    members: tuple[str, ...]
    day: str
    come_by: str | None
    steps: tuple[Step, ...]
    bring: tuple[str, ...]
    missed: tuple[str, ...]


@dataclass(frozen=True)
class SignIn:
    """One family's line on the sign-in list."""

    arrives: str
    family: str
    members: tuple[str, ...]
    people: int
    first: str
    phone: str


@dataclass(frozen=True)
class SignInDay:
    """The sign-in list of one day, in order of arrival."""

    day: dt.date
    label: str
    rows: tuple[SignIn, ...]


def families(scenario: Scenario) -> dict[str, list[Patient]]:
    """Patients by family, families in order of first arrival, then id."""
    groups: dict[str, list[Patient]] = defaultdict(list)
    for patient in scenario.patients:
        groups[patient.family].append(patient)
    return dict(sorted(groups.items(), key=lambda item: (arrival(scenario, item[1]), item[0])))


def arrival(scenario: Scenario, members: list[Patient]) -> dt.datetime:
    """When the first member of a family arrives, in the stop's time zone."""
    return min(scenario.localize(patient.arrives) for patient in members)


def slips(scenario: Scenario, plan: Plan, names: Names, entries: list[Entry]) -> list[Slip]:
    """One slip per family, in order of arrival."""
    booked: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.kind == APPOINTMENT:
            booked[entry.patient].append(entry)
    result = []
    for family, members in families(scenario).items():
        own = sorted((e for p in members for e in booked[p.id]), key=lambda e: e.start)
        missed = [
            f"{patient_name(p, p.id)}: {names.service(u.service)}"
            for u in plan.unserved
            for p in members
            if u.patient == p.id
        ]
        result.append(_slip(scenario, names, family, members, own, missed))
    return result


def _slip(
    scenario: Scenario,
    names: Names,
    family: str,
    members: list[Patient],
    own: list[Entry],
    missed: list[str],
) -> Slip:
    text = names.text
    services = {service.id: service for service in scenario.services}
    bring: list[str] = []
    for entry in own:
        service = services.get(entry.ref)
        if service is not None:
            items = service.bring_zh or service.bring if text.lang == "zh" else service.bring
            bring += [item for item in items if item not in bring]
    first = arrival(scenario, members)
    come_by = max(own[0].start - dt.timedelta(minutes=COME_EARLY_MIN), first) if own else None
    several_days = len({e.day for e in own}) > 1
    return Slip(
        family=family,
        members=tuple(patient_name(p, p.id) for p in members),
        day=text.date(own[0].day if own else first.date()),
        come_by=f"{come_by:%H:%M}" if come_by else None,
        steps=tuple(
            Step(
                text.date(e.day) if several_days else "", e.times, e.place, e.title, e.patient_name
            )
            for e in own
        ),
        bring=tuple(bring),
        missed=tuple(missed),
    )


def sign_in_days(scenario: Scenario, names: Names, entries: list[Entry]) -> list[SignInDay]:
    """Per day, every family arriving that day, in order of arrival."""
    rows: dict[dt.date, list[SignIn]] = defaultdict(list)
    for family, members in families(scenario).items():
        arrives = arrival(scenario, members)
        ids = {patient.id for patient in members}
        own = [e for e in entries if e.kind == APPOINTMENT and e.patient in ids]
        first = f"{own[0].start:%H:%M} {own[0].room_name}" if own else names.text.nothing
        phones = [patient.phone for patient in members if patient.phone]
        rows[arrives.date()].append(
            SignIn(
                arrives=f"{arrives:%H:%M}",
                family=family,
                members=tuple(patient_name(p, p.id) for p in members),
                people=len(members),
                first=first,
                phone=phones[0] if phones else "",
            )
        )
    return [SignInDay(day, names.text.date(day), tuple(rows[day])) for day in sorted(rows)]
