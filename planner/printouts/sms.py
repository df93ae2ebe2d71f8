"""The text messages of a plan: one per family, household or expert to tell (`notify/sms.csv`).

`solve` writes the first notice (`reminder`): each family's first booking, each household's
visit. `replan` writes what changed (`moved`, `cancelled`, `new`), grouped as the call list
groups it (`calls.py`). A text holds who, when, where and the number to call back, from the
scenario's `notify:` templates (`planner.model.notify`); a value that would tell of
health (a room, a venue or an expert named after a diagnosis) gives way to a plain word.
No variable is ever empty: a name or place falls back to a plain word, and with no number
to call back the text takes the template without its contact clause. One with no phone
number gets no text (`validate` and `solve` warn of them).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from planner.model import DiffEntry, Plan, Scenario
from planner.model.notify import Kind, Notify, contact_number, dialled, health_word, sms_parts
from planner.model.plan import Placing
from planner.model.words import N_, translate
from planner.printouts.calls import same_time_and_place

COLUMNS = ("to", "phone", "kind", "text", "chars", "parts")
FAMILY, HOUSEHOLD, EXPERT = "family", "household", "expert"
PLAIN = {
    "family": N_("text message: family"),
    "household": N_("text message: family"),
    "expert": N_("text message: doctor"),
    "venue": N_("text message: the clinic"),
    "village": N_("text message: your home"),
}
"""The words that stand in for a name or a place that would tell of health (the catalogs,
English's included, give the words; the prefix keeps them apart from other messages)."""


@dataclass(frozen=True)
class Notice:
    """Whom to tell what: the recipient, the kind of message and the booking it is about."""

    who: str
    to: str
    phone: str
    kind: Kind
    visit: bool
    placing: Placing


@dataclass(frozen=True)
class Sms:
    """One text message as it goes out: the signature, then the filled-in template."""

    to: str
    phone: str
    kind: Kind
    visit: bool
    template: str
    values: dict[str, str]
    text: str

    @property
    def chars(self) -> int:
        """Its length as the gateways count it: every character, the signature's too."""
        return len(self.text)

    @property
    def parts(self) -> int:
        """How many messages it goes out as."""
        return sms_parts(self.chars)


def first_notices(scenario: Scenario, plan: Plan) -> list[Notice]:
    """A reminder to each family of its first booking and to each household of its visit."""
    first: dict[str, Placing] = {}
    members = {p.id: p for p in scenario.patients}
    for booking in sorted(plan.appointments, key=lambda a: a.start):
        family = members[booking.patient].family if booking.patient in members else ""
        if family and family not in first:
            first[family] = Placing(venue=booking.venue, room=booking.room,
                                    start=booking.start, end=booking.end)  # fmt: skip
    notices = [_family_notice(scenario, f, "reminder", at) for f, at in first.items()]
    for route in plan.routes:
        for visit in route.visits:
            at = Placing(team=route.team, day=route.day, start=visit.start, end=visit.end)
            notices.append(_household_notice(scenario, visit.household, "reminder", at))
    return notices


def change_notices(scenario: Scenario, plan: Plan) -> list[Notice]:
    """One notice per family, household and expert whose day a re-plan changed.

    A change of experts alone leaves the family's day as it was, so the family is not
    told. A family that did not come (`absent`) is not texted about what it missed.
    """
    families: dict[str, list[DiffEntry]] = defaultdict(list)
    households: dict[str, list[DiffEntry]] = defaultdict(list)
    experts: dict[str, list[tuple[Kind, Placing]]] = defaultdict(list)
    members = {p.id: p for p in scenario.patients}
    for change in (c for c in plan.changes if c.what != "kept"):
        if change.household is not None:
            households[change.household].append(change)
            continue
        patient = members.get(change.patient or "")
        told = change.training is None and not same_time_and_place(change)
        if told and patient is not None and not patient.absent:
            families[patient.family].append(change)
        for expert, kind, placing in _expert_changes(change):
            experts[expert].append((kind, placing))
    notices = [_family_notice(scenario, f, *_gist(c)) for f, c in families.items()]
    notices += [_household_notice(scenario, h, *_gist(c)) for h, c in households.items()]
    notices += [_expert_notice(scenario, e, *_summed(items)) for e, items in experts.items()]
    return notices


def _expert_changes(change: DiffEntry) -> list[tuple[str, Kind, Placing]]:
    """The change as each expert on it sees it: moved, taken off (cancelled), or given it."""
    was = set(change.from_.experts) if change.from_ else set()
    now = set(change.to.experts) if change.to else set()
    moved = not same_time_and_place(change)
    found: list[tuple[str, Kind, Placing]] = []
    for expert in sorted(was | now):
        if expert in was and expert in now and moved and change.to is not None:
            found.append((expert, "moved", change.to))
        elif expert in was and expert not in now and change.from_ is not None:
            found.append((expert, "cancelled", change.from_))
        elif expert in now and expert not in was and change.to is not None:
            found.append((expert, "new", change.to))
    return found


def _gist(changes: list[DiffEntry]) -> tuple[Kind, Placing]:
    """One message for several changes: the soonest new time, else the soonest cancelled."""
    items: list[tuple[Kind, Placing]] = []
    for change in changes:
        placing = change.to if change.what in ("moved", "new") else change.from_
        if placing is not None:
            kind: Kind = (
                "cancelled"
                if change.what == "cancelled"
                else ("new" if change.what == "new" else "moved")
            )
            items.append((kind, placing))
    return _summed(items)


def _summed(items: list[tuple[Kind, Placing]]) -> tuple[Kind, Placing]:
    """All cancelled: `cancelled`; all new: `new`; else `moved`, at the soonest still held."""
    kinds = {kind for kind, _ in items}
    kind: Kind = kinds.pop() if len(kinds) == 1 else "moved"
    held = [placing for k, placing in items if k != "cancelled"] or [p for _, p in items]
    return kind, min(held, key=lambda placing: placing.start)


def _family_notice(scenario: Scenario, family: str, kind: Kind, at: Placing) -> Notice:
    members = [p for p in scenario.patients if p.family == family]
    phone = next((p.phone for p in members if p.phone), "")
    child = next((p for p in members if p.relation == "patient"), members[0] if members else None)
    name = child.name if child is not None and child.name else ""
    return Notice(name, f"{FAMILY}:{family}", phone or "", kind, False, at)


def _household_notice(scenario: Scenario, household: str, kind: Kind, at: Placing) -> Notice:
    found = [h for h in scenario.visits.households if h.id == household] if scenario.visits else []
    name = (found[0].contact or found[0].name or "") if found else ""
    phone = (found[0].phone or "") if found else ""
    return Notice(name, f"{HOUSEHOLD}:{household}", phone, kind, True, at)


def _expert_notice(scenario: Scenario, expert: str, kind: Kind, at: Placing) -> Notice:
    found = next((e for e in scenario.experts if e.id == expert), None)
    phone = found.phone or "" if found else ""
    return Notice(expert, f"{EXPERT}:{expert}", phone, kind, False, at)


def texts(scenario: Scenario, notices: list[Notice], lang: str) -> list[Sms]:
    """Each notice with a phone number as its text in `lang`, soonest first."""
    notify = scenario.notify or Notify()
    signature = notify.signature_in(lang)
    teams = scenario.visits.teams if scenario.visits else []
    out = []
    for notice in sorted(notices, key=lambda n: (n.placing.start, n.to)):
        if not notice.phone:
            continue
        contact = contact_number(notify, teams, notice.placing.team)
        template = notify.template(lang, notice.kind, notice.visit, contact=bool(contact))
        values = _values(scenario, notice, lang) | ({"contact": contact} if contact else {})
        text = signature + template.format(**values)
        out.append(
            Sms(notice.to, dialled(notice.phone), notice.kind, notice.visit, template, values, text)
        )
    return out


def _values(scenario: Scenario, notice: Notice, lang: str) -> dict[str, str]:
    """What fills a template's variables but the contact; nothing in them tells of health."""
    start = scenario.localize(notice.placing.start)
    recipient = notice.to.partition(":")[0]
    name = notice.who
    if recipient == EXPERT:
        name = _expert_name(scenario, notice.who, lang)
    return {
        "name": _plain(name, PLAIN[recipient], lang),
        "date": f"{start.month}月{start.day}日" if lang == "zh" else f"{start.day} {start:%b}",
        "time": f"{start:%H:%M}",
        "place": _place(scenario, notice, lang),
    }


def _expert_name(scenario: Scenario, expert: str, lang: str) -> str:
    found = next((e for e in scenario.experts if e.id == expert), None)
    if found is None:
        return ""
    return found.name_zh if lang == "zh" and found.name_zh else found.name


def _place(scenario: Scenario, notice: Notice, lang: str) -> str:
    """The venue of a booking (never its room: a room may be named after a test), or the
    village of a visit."""
    if notice.visit:
        households = scenario.visits.households if scenario.visits else []
        household = notice.to.partition(":")[2]
        village = next((h.village for h in households if h.id == household), "")
        return _plain(village, PLAIN["village"], lang)
    venue = next((v for v in scenario.venues if v.id == notice.placing.venue), None)
    if venue is None:
        return translate(lang, PLAIN["venue"])
    name = venue.name_zh if lang == "zh" and venue.name_zh else venue.name
    if health_word(name) and venue.address:
        name = venue.address
    return _plain(name, PLAIN["venue"], lang)


def _plain(value: str, fallback: str, lang: str) -> str:
    """`value`, or the plain word when it is empty or would tell of health."""
    return value if value and not health_word(value) else translate(lang, fallback)


def write_sms(path: Path, messages: list[Sms]) -> Path:
    """`sms.csv`: `to,phone,kind,text,chars,parts`, with a BOM so that Excel reads Chinese."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for sms in messages:
            writer.writerow([sms.to, sms.phone, sms.kind, sms.text, sms.chars, sms.parts])
    return path
