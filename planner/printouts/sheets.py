"""The staff's sheets: the master grid of each day, one sheet per room, one agenda per expert."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from planner.model import Scenario
from planner.printouts.entries import LUNCH, Entry, Names

GRID_STEP_MIN = 30
"""The master grid's rows: one per half hour keeps a busy day on a few landscape pages."""


@dataclass(frozen=True)
class GridCell:
    """What starts in one room in one row, and whether the room is still busy from before."""

    entries: tuple[Entry, ...]
    busy: bool


@dataclass(frozen=True)
class GridRow:
    """One time step of the master grid, across the rooms."""

    time: str
    cells: tuple[GridCell, ...]


@dataclass(frozen=True)
class DayGrid:
    """The master grid of one day: rooms across, time down."""

    day: dt.date
    label: str
    rooms: tuple[str, ...]
    rows: tuple[GridRow, ...]
    unused: tuple[str, ...]
    """The rooms open that day with nothing in them, named so a desk sees they are free."""


@dataclass(frozen=True)
class RoomSheet:
    """Everything that happens in one room on one day."""

    day: dt.date
    label: str
    room: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class AgendaDay:
    """One day of an expert's agenda."""

    day: dt.date
    label: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Agenda:
    """One expert's days on site."""

    expert: str
    name: str
    hospital: str
    title: str | None
    phone: str | None
    days: tuple[AgendaDay, ...]


def day_grids(names: Names, entries: list[Entry], days: list[dt.date]) -> list[DayGrid]:
    """The master grid of each day, with a column for each room used that day.

    The rooms of the day's open venues that nothing uses are listed under the grid instead
    of getting an empty column.
    """
    grids = []
    for day in days:
        booked = [e for e in entries if e.day == day and e.kind != LUNCH]
        used = {e.room_key for e in booked}
        rooms = [(key, name) for key, name in names.rooms() if key in used]
        rooms += [(key, key[1]) for key in sorted(used - {k for k, _ in rooms})]
        grids.append(
            DayGrid(
                day=day,
                label=names.text.date(day),
                rooms=tuple(name for _, name in rooms),
                rows=tuple(_grid_rows(booked, [key for key, _ in rooms])),
                unused=tuple(_unused_rooms(names, day, used)),
            )
        )
    return grids


def _unused_rooms(names: Names, day: dt.date, used: set[tuple[str, str]]) -> list[str]:
    """The names of the rooms of the venues open on `day` that no entry uses."""
    open_venues = {v.id for v in names.scenario.venues if any(h.date == day for h in v.open)}
    return [
        names.room(*key) for key, _ in names.rooms() if key[0] in open_venues and key not in used
    ]


def _grid_rows(booked: list[Entry], rooms: list[tuple[str, str]]) -> list[GridRow]:
    if not booked:
        return []
    step = dt.timedelta(minutes=GRID_STEP_MIN)
    first = min(e.start for e in booked)
    row = first.replace(minute=first.minute - first.minute % GRID_STEP_MIN, second=0)
    last = max(e.end for e in booked)
    by_room: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entry in booked:
        by_room[entry.room_key].append(entry)
    rows = []
    while row < last:
        cells = []
        for room in rooms:
            starting = tuple(e for e in by_room[room] if row <= e.start < row + step)
            busy = any(e.start < row < e.end for e in by_room[room])
            cells.append(GridCell(starting, busy))
        rows.append(GridRow(f"{row:%H:%M}", tuple(cells)))
        row += step
    return rows


def room_sheets(names: Names, entries: list[Entry], days: list[dt.date]) -> list[RoomSheet]:
    """One sheet per room and day on which the room is used, in day and scenario order."""
    order = {key: index for index, (key, _) in enumerate(names.rooms())}
    groups: dict[tuple[dt.date, tuple[str, str]], list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.kind != LUNCH:
            groups[entry.day, entry.room_key].append(entry)
    keys = sorted(groups, key=lambda k: (k[0], order.get(k[1], len(order)), k[1]))
    return [
        RoomSheet(day, names.text.date(day), names.room(*room), tuple(groups[day, room]))
        for day, room in keys
        if day in days
    ]


def agendas(scenario: Scenario, names: Names, entries: list[Entry]) -> list[Agenda]:
    """One agenda per expert of the scenario (also for an expert the plan leaves free)."""
    result = []
    for expert in scenario.experts:
        own = [e for e in entries if expert.id in e.experts]
        days = sorted({hours.date for hours in expert.available} | {e.day for e in own})
        result.append(
            Agenda(
                expert=expert.id,
                name=names.expert(expert.id),
                hospital=expert.hospital,
                title=expert.title,
                phone=expert.phone,
                days=tuple(
                    AgendaDay(day, names.text.date(day), tuple(e for e in own if e.day == day))
                    for day in days
                ),
            )
        )
    return result
