"""What each page shows, as plain rows built from the day's state (no HTML here).

The templates in `templates/` render these rows; the pages' scripts then keep them up to
date from `/api/day` and `/api/events`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from planner.model import Appointment, Plan, Scenario
from planner.model.plan import Placing
from planner.server.auth import mask_name
from planner.server.state import DayState


def tickets(state: DayState) -> dict[str, str]:
    """Each patient's ticket: their place in the day's list, as `/api/day` gives it."""
    return {p.id: f"{i + 1:03d}" for i, p in enumerate(state.scenario.patients)}


def room_names(scenario: Scenario) -> dict[str, str]:
    """Each room's name as the pages show it (`name_zh name`, else its id)."""
    names = {}
    for venue in scenario.venues:
        for room in venue.rooms:
            both = " ".join(n for n in (room.name_zh, room.name) if n)
            names[room.id] = both or room.id
    return names


def service_names(scenario: Scenario, lang: str) -> dict[str, str]:
    """Each service's name in the server's language (its id when it has none)."""
    return {
        s.id: (s.name_zh if lang == "zh" and s.name_zh else s.name) or s.id
        for s in scenario.services
    }


@dataclass(frozen=True)
class DeskRow:
    """One appointment of a patient at the desk (or the patient alone, with none)."""

    patient: str
    ticket: str
    name: str
    family: str
    phone: str
    service: str
    room: str
    start: str
    status: str


def desk_families(state: DayState, lang: str) -> list[list[DeskRow]]:
    """The day's families in arrival order, each its members' appointments in time order."""
    ticket, services = tickets(state), service_names(state.scenario, lang)
    by_patient: dict[str, list[Appointment]] = {}
    for a in sorted(state.plan.appointments, key=lambda a: a.start):
        by_patient.setdefault(a.patient, []).append(a)
    families: dict[str, list[DeskRow]] = {}
    arrival: dict[str, dt.datetime] = {}
    for p in state.scenario.patients:
        arrival[p.family] = min(arrival.get(p.family, p.arrives), p.arrives)
        rows = families.setdefault(p.family, [])
        base = {
            "patient": p.id,
            "ticket": ticket[p.id],
            "name": p.name or p.id,
            "family": p.family,
            "phone": p.phone or "",
        }
        for a in by_patient.get(p.id, []):
            start = state.scenario.localize(a.start)
            rows.append(
                DeskRow(
                    **base,
                    service=services[a.service],
                    room=a.room,
                    start=f"{start:%H:%M}",
                    status=state.status(a),
                )
            )
        if p.id not in by_patient:
            status = state.arrivals.get(p.id, "planned")
            rows.append(DeskRow(**base, service="", room="", start="", status=status))
    return [families[f] for f in sorted(families, key=lambda f: (arrival[f], f))]


def unserved(state: DayState, lang: str) -> list[dict[str, str]]:
    """The needs the day does not serve, with the patient's name and the reason."""
    ticket, services = tickets(state), service_names(state.scenario, lang)
    names = {p.id: p.name or p.id for p in state.scenario.patients}
    return [
        {
            "ticket": ticket.get(u.patient, ""),
            "name": names.get(u.patient, u.patient),
            "service": services.get(u.service, u.service),
            "reason": u.reason,
        }
        for u in state.plan.unserved
    ]


def expert_queue(state: DayState, expert: str, lang: str) -> list[dict[str, str]]:
    """An expert's appointments in time order, with the patient's ticket and name."""
    ticket, services = tickets(state), service_names(state.scenario, lang)
    names = {p.id: p.name or p.id for p in state.scenario.patients}
    rooms = room_names(state.scenario)
    mine = sorted((a for a in state.plan.appointments if expert in a.experts), key=_order(state))
    return [
        {
            "patient": a.patient,
            "ticket": ticket[a.patient],
            "name": names[a.patient],
            "service": services[a.service],
            "room": rooms.get(a.room, a.room),
            "start": f"{state.scenario.localize(a.start):%H:%M}",
            "status": state.status(a),
        }
        for a in mine
    ]


def _order(state: DayState) -> Any:
    """Done last; a skipped appointment after the others of its time."""

    def key(a: Appointment) -> tuple[bool, dt.datetime, int]:
        skips = state.skipped.get((a.patient, a.service), 0)
        return state.status(a) == "done", a.start, skips

    return key


def screen_calls(state: DayState) -> list[dict[str, str]]:
    """The patients now called: ticket, masked name and room only (nothing about health)."""
    ticket = tickets(state)
    names = {p.id: p.name for p in state.scenario.patients}
    rooms = room_names(state.scenario)
    called = [a for a in state.plan.appointments if state.status(a) == "called"]
    return [
        {
            "ticket": ticket[a.patient],
            "name": mask_name(names[a.patient]),
            "room": rooms.get(a.room, a.room),
        }
        for a in sorted(called, key=lambda a: a.start)
    ]


@dataclass(frozen=True)
class Block:
    """An appointment on the coordinator's grid: its columns and its words."""

    column: int
    span: int
    status: str
    text: str
    title: str


@dataclass(frozen=True)
class GridDay:
    """One day of the grid: its hours across, its rooms down, the blocks in each room."""

    date: dt.date
    first_min: int
    slot_min: int
    columns: int
    hours: list[tuple[int, str]]
    rooms: list[tuple[str, list[Block]]]


def grid(state: DayState, lang: str) -> list[GridDay]:
    """The live grid: rooms × time on each clinic day, one block per appointment."""
    scenario, slot = state.scenario, state.scenario.slot_min
    ticket, services = tickets(state), service_names(scenario, lang)
    rooms = room_names(scenario)
    days = []
    for date in scenario.clinic_dates():
        on_day = [a for a in state.plan.appointments if scenario.localize(a.start).date() == date]
        minutes = [(_minute(scenario, a.start), _minute(scenario, a.end)) for a in on_day]
        first = min([s for s, _ in minutes] + [8 * 60]) // 60 * 60
        last = -(-max([e for _, e in minutes] + [17 * 60]) // 60) * 60
        blocks: dict[str, list[Block]] = {r: [] for r in rooms}
        for a, (start, end) in zip(on_day, minutes, strict=True):
            text = ticket[a.patient]
            title = (
                f"{start // 60:02d}:{start % 60:02d} {text} {services[a.service]} · "
                + ", ".join(a.experts)
            )
            block = Block(
                (start - first) // slot + 2,
                max(1, (end - start) // slot),
                state.status(a),
                text,
                title,
            )
            blocks.setdefault(a.room, []).append(block)
        hours = [
            ((h * 60 - first) // slot + 2, f"{h:02d}:00") for h in range(first // 60, last // 60)
        ]
        days.append(
            GridDay(
                date,
                first,
                slot,
                (last - first) // slot,
                hours,
                [(rooms.get(r, r), b) for r, b in blocks.items()],
            )
        )
    return days


def _minute(scenario: Scenario, moment: dt.datetime) -> int:
    local = scenario.localize(moment)
    return local.hour * 60 + local.minute


def changes_rows(scenario: Scenario, plan: Plan, lang: str) -> list[dict[str, str]]:
    """A re-planned plan's changes, was → now, without the kept ones."""
    names = {p.id: p.name or p.id for p in scenario.patients}
    services = service_names(scenario, lang)
    rooms = room_names(scenario)

    def placed(p: Placing | None) -> str:
        if p is None:
            return ""
        start = scenario.localize(p.start)
        return f"{start:%H:%M} {rooms.get(p.room or '', p.room or '')}".strip()

    return [
        {
            "what": c.what,
            "who": names.get(c.patient or "", c.patient or c.household or ""),
            "service": services.get(c.service or "", c.service or c.training or ""),
            "was": placed(c.from_),
            "now": placed(c.to),
            "reason": c.reason,
        }
        for c in plan.changes
        if c.what != "kept"
    ]
