"""Whom the front desk must tell after a re-plan: one line per family, household or expert.

Built from the new plan's `changes`: what re-planning did to each published appointment,
course and visit, and to each walk-in's needs (a moved course is told to its lecturers).
A line lists everything that changed for one family, household or expert, old time and
place first, then the new; lines come in the order the desk should call: the soonest
affected first, since those have the least time to adjust.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from planner.model import DiffEntry, Plan, Scenario
from planner.model.plan import Placing
from planner.printouts.entries import Names, patient_name

FAMILY, HOUSEHOLD, EXPERT = "family", "household", "expert"
DID_NOT_COME = "did_not_come"
"""The reason code of a booking cancelled because its patient did not come."""
RANK = {FAMILY: 0, HOUSEHOLD: 1, EXPERT: 2}
"""At the same time, families first: they travel and wait; experts are on site."""


@dataclass(frozen=True)
class CallItem:
    """One change as read out: what, before and after (either may be empty), and why."""

    what: str
    kind: str
    before: str
    after: str
    reason: str
    soonest: dt.datetime


@dataclass(frozen=True)
class CallLine:
    """Everyone to tell in one call: a family, a household or an expert."""

    kind: str
    who: str
    names: str
    phone: str
    items: tuple[CallItem, ...]

    @property
    def soonest(self) -> dt.datetime:
        """When the first of these changes takes effect."""
        return min(item.soonest for item in self.items)


def call_list(scenario: Scenario, plan: Plan, names: Names) -> list[CallLine]:
    """Every family, household and expert whose day changed, soonest affected first."""
    families: dict[str, list[CallItem]] = defaultdict(list)
    households: dict[str, list[CallItem]] = defaultdict(list)
    experts: dict[str, list[CallItem]] = defaultdict(list)
    family_of = {p.id: p.family for p in scenario.patients}
    for change in (c for c in plan.changes if c.what != "kept"):
        if change.household is not None:
            households[change.household].append(_item(scenario, names, change, change.household))
            continue
        what = _what(names, change)
        if change.training is not None:  # a course: its lecturers are told
            for expert, item in _expert_items(scenario, names, change, what):
                experts[expert].append(item)
            continue
        # Only the experts differ: the family's day and the staying expert's are the same.
        moved = not same_time_and_place(change)
        if moved and not did_not_come(change):
            family = family_of.get(change.patient or "", change.patient or "")
            families[family].append(_item(scenario, names, change, what))
        for expert, item in _expert_items(scenario, names, change, what):
            if moved or item.kind != "moved":
                experts[expert].append(item)
    lines = [_family_line(scenario, names, f, items) for f, items in families.items()]
    lines += [_household_line(scenario, h, items) for h, items in households.items()]
    lines += [_expert_line(scenario, names, e, items) for e, items in experts.items()]
    return sorted(lines, key=lambda line: (line.soonest, RANK[line.kind], line.who))


def did_not_come(change: DiffEntry) -> bool:
    """A booking cancelled because its patient did not come. The family is not called
    about it: they know they did not come, and nothing they could do would keep it (the
    list says so, and the experts are still told)."""
    return change.what == "cancelled" and change.code == DID_NOT_COME


def not_called(scenario: Scenario, plan: Plan, names: Names) -> list[str]:
    """The families left off the call list because they did not come, by name."""
    family_of = {p.id: p.family for p in scenario.patients}
    patients = names.patients()
    absent = {
        family_of.get(c.patient or "", c.patient or ""): patient_name(
            patients.get(c.patient or ""), c.patient or ""
        )
        for c in plan.changes
        if did_not_come(c)
    }
    return [f"{family} {name}" for family, name in sorted(absent.items())]


def changed_families(scenario: Scenario, plan: Plan) -> set[str]:
    """Families with an appointment moved (in time or room), cancelled or new: the ones
    that get a new slip."""
    family = {p.id: p.family for p in scenario.patients}
    return {
        family.get(c.patient, c.patient)
        for c in plan.changes
        if c.patient is not None and c.what != "kept" and not same_time_and_place(c)
    }


def same_time_and_place(change: DiffEntry) -> bool:
    """Whether a change keeps the time and the place (only the experts differ)."""
    before, after = change.from_, change.to
    if before is None or after is None:
        return False
    keep = {"experts"}
    return before.model_dump(exclude=keep) == after.model_dump(exclude=keep)


def _what(names: Names, change: DiffEntry) -> str:
    """'Li Ming · Consultation': who and which service; or the course's title."""
    if change.training is not None:
        return names.training(change.training)
    patient = names.patients().get(change.patient or "")
    return f"{patient_name(patient, change.patient or '')} · {names.service(change.service or '')}"


def _item(scenario: Scenario, names: Names, change: DiffEntry, what: str) -> CallItem:
    before = _placing(scenario, names, change.from_)
    after = _placing(scenario, names, change.to)
    moments = [p.start for p in (change.from_, change.to) if p is not None]
    soonest = min(scenario.localize(m) for m in moments)
    return CallItem(what, change.what, before, after, change.reason, soonest)


def _expert_items(
    scenario: Scenario, names: Names, change: DiffEntry, what: str
) -> list[tuple[str, CallItem]]:
    """The change as each expert involved sees it: kept on, taken off, or given it."""
    was = set(change.from_.experts) if change.from_ else set()
    now = set(change.to.experts) if change.to else set()
    full = _item(scenario, names, change, what)
    out = []
    for expert in sorted(was | now):
        if expert in was and expert in now:
            out.append((expert, full))
        elif expert in was and change.from_ is not None:  # off this expert's day
            others = ", ".join(names.expert(e) for e in sorted(now))
            reason = change.reason if change.what == "cancelled" else f"→ {others}"
            when = scenario.localize(change.from_.start)
            out.append((expert, CallItem(what, "cancelled", full.before, "", reason, when)))
        elif change.to is not None:  # onto this expert's day: it matters from its new time
            when = scenario.localize(change.to.start)
            out.append((expert, CallItem(what, "new", "", full.after, change.reason, when)))
    return out


def _placing(scenario: Scenario, names: Names, placing: Placing | None) -> str:
    """'10:30–11:00 · Consult room 2' (with the day when the stop has several), or ''."""
    if placing is None:
        return ""
    start, end = scenario.localize(placing.start), scenario.localize(placing.end)
    several = len(scenario.clinic_dates()) > 1 or placing.team is not None
    when = f"{names.text.date(start.date())} " if several else ""
    when += f"{start:%H:%M}–{end:%H:%M}"
    if placing.team is not None:
        return f"{when} · {placing.team}"
    if placing.venue is not None and placing.room is not None:
        return f"{when} · {names.room(placing.venue, placing.room)}"
    return when


def _family_line(scenario: Scenario, names: Names, family: str, items: list[CallItem]) -> CallLine:
    members = [p for p in scenario.patients if p.family == family]
    phones = [p.phone for p in members if p.phone]
    listed = ", ".join(patient_name(p, p.id) for p in members)
    return CallLine(FAMILY, family, listed, phones[0] if phones else "", _ordered(items))


def _household_line(scenario: Scenario, household: str, items: list[CallItem]) -> CallLine:
    found = [h for h in scenario.visits.households if h.id == household] if scenario.visits else []
    entry = found[0] if found else None
    listed = " · ".join(x for x in (entry.contact, entry.village) if x) if entry else ""
    phone = entry.phone or "" if entry else ""
    return CallLine(HOUSEHOLD, household, listed, phone, _ordered(items))


def _expert_line(scenario: Scenario, names: Names, expert: str, items: list[CallItem]) -> CallLine:
    phone = next((e.phone or "" for e in scenario.experts if e.id == expert), "")
    return CallLine(EXPERT, expert, names.expert(expert), phone, _ordered(items))


def _ordered(items: list[CallItem]) -> tuple[CallItem, ...]:
    return tuple(sorted(items, key=lambda item: (item.soonest, item.what)))
