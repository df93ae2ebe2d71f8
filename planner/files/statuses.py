"""Reading what the volunteers marked: the maps' status exports and the changes file's
`visits` entries.

Every bad row is reported at once, as `file:line: problem`: an unknown household or
status, a time that cannot be read, a time on another day than the row's (a phone with
the wrong clock: taking either at face value could close or re-route the wrong visit,
and the fix is one cell, so the re-plan stops at exit 2 rather than guess), or a
household marked on a team and day whose route did not have it. The CSV's header is
`STATUS_HEADER`; the exports are UTF-8 (a byte-order mark from Excel is accepted).
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from planner.model import Plan, Scenario
from planner.model.changes import VisitStatus
from planner.model.errors import InputError
from planner.model.statuses import STATUS_HEADER, VISIT_STATUSES
from planner.model.words import gettext as _


def read_status_files(paths: Iterable[Path], scenario: Scenario, plan: Plan) -> list[VisitStatus]:
    """The statuses of every file, in file and row order.

    Raises:
        InputError: naming the file and line of every bad row, or an unreadable file.
    """
    statuses: list[VisitStatus] = []
    problems: list[str] = []
    for path in paths:
        try:
            found, bad = _read_csv(path, scenario, plan)
        except (OSError, UnicodeDecodeError) as error:
            problems.append(
                _(
                    "{path}: cannot be read: {value}",
                    path=path,
                    value=getattr(error, "strerror", None) or error,
                )
            )
            continue
        statuses += found
        problems += bad
    if problems:
        raise InputError(problems)
    return statuses


def statuses_from_entries(
    entries: Sequence[Mapping[str, Any]],
    source: str,
    scenario: Scenario,
    plan: Plan,
    lines: Sequence[int | None] = (),
) -> list[VisitStatus]:
    """The statuses of a changes file's `visits` entries (`household, status, at, note`,
    optionally `team` and `day`).

    Args:
        entries: the entries as read from the file.
        source: the file's name, for messages.
        scenario: the stop, whose households and teams the entries must name.
        plan: the published plan, whose routes the entries must fit.
        lines: the line of each entry in the file, where known.

    Raises:
        InputError: naming the file and line (or `visits[i]`) of every bad entry.
    """
    statuses: list[VisitStatus] = []
    problems: list[str] = []
    for index, entry in enumerate(entries):
        line = lines[index] if index < len(lines) else None
        where = f"{source}:{line}" if line is not None else f"{source}: visits[{index}]"
        row = {key: "" if value is None else str(value) for key, value in entry.items()}
        status, bad = _parse(row, where, scenario, plan)
        problems += bad
        if status is not None:
            statuses.append(status)
    if problems:
        raise InputError(problems)
    return statuses


def _read_csv(path: Path, scenario: Scenario, plan: Plan) -> tuple[list[VisitStatus], list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = [name.strip() for name in reader.fieldnames or []]
        missing = [name for name in STATUS_HEADER if name not in header]
        if missing:
            expected = ",".join(STATUS_HEADER)
            return [], [f"{path}:1: missing column(s) {', '.join(missing)} (expected {expected})"]
        reader.fieldnames = header
        statuses, problems = [], []
        for row in reader:
            where = f"{path}:{reader.line_num}"
            status, bad = _parse(row, where, scenario, plan)
            problems += bad
            if status is not None:
                statuses.append(status)
    return statuses, problems


def _parse(
    row: Mapping[str, str | None], where: str, scenario: Scenario, plan: Plan
) -> tuple[VisitStatus | None, list[str]]:
    """One row as a status, or the problems that keep it from being one."""
    cell = {key: (row.get(key) or "").strip() for key in STATUS_HEADER}
    problems = []
    households = {h.id for h in scenario.visits.households} if scenario.visits else set()
    if cell["household"] not in households:
        hint = _hint(cell["household"], households)
        problems.append(
            _(
                "{where}: unknown household '{cell}'{hint}",
                where=where,
                cell=cell["household"],
                hint=hint,
            )
        )
    if cell["status"] not in VISIT_STATUSES:
        known = ", ".join(VISIT_STATUSES)
        problems.append(
            _(
                "{where}: unknown status '{cell}' (known: {known})",
                where=where,
                cell=cell["status"],
                known=known,
            )
        )
    at = _moment(cell["at"], scenario) if cell["at"] else None
    if cell["at"] and at is None:
        problems.append(
            _(
                "{where}: 'at' must be a date and time such as 2025-07-06T09:40, not '{cell}'",
                where=where,
                cell=cell["at"],
            )
        )
    day = None
    if cell["day"]:
        try:
            day = dt.date.fromisoformat(cell["day"])
        except ValueError:
            problems.append(
                _(
                    "{where}: 'day' must be a date such as 2025-07-06, not '{cell}'",
                    where=where,
                    cell=cell["day"],
                )
            )
    team = cell["team"] or None
    if at is not None and day is not None and at.date() != day:
        problems.append(_wrong_date(where, cell["at"], day))
    if not problems:
        problems += _route_problems(where, cell["household"], team, day, plan)
    if problems:
        return None, problems
    entry = {
        "household": cell["household"],
        "status": cell["status"],
        "at": at,
        "note": cell["note"],
        "team": team,
        "day": day,
    }
    return VisitStatus.model_validate(entry), []


def _route_problems(
    where: str, household: str, team: str | None, day: dt.date | None, plan: Plan
) -> list[str]:
    """Whether the plan had the household on the row's team and day (on any route,
    when the row names neither)."""
    if (team is None) != (day is None):
        return [f"{where}: give both 'team' and 'day', or neither"]
    routes = [r for r in plan.routes if any(v.household == household for v in r.visits)]
    if team is None:
        return [] if routes else [f"{where}: household '{household}' is on no route of the plan"]
    if any((r.team, r.day) == (team, day) for r in routes):
        return []
    planned = ", ".join(f"{r.team} on {r.day}" for r in routes) or "no route"
    return [
        f"{where}: household '{household}' was not on the route of {team} on {day} "
        f"(planned: {planned})"
    ]


def _wrong_date(where: str, at: str, day: dt.date) -> str:
    """A status marked on another day than its route's: the phone's clock, or the row, is
    wrong, and which one cannot be told; so the row is not taken at face value."""
    return (
        f"{where}: 'at' {at} is not on the row's day {day.isoformat()} (a phone clock "
        f"set wrong?); correct the time, or leave 'at' empty to keep the status"
    )


def _moment(text: str, scenario: Scenario) -> dt.datetime | None:
    """An ISO date and time; without an offset it is the stop's local time."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return scenario.localize(moment)


def _hint(value: str, known: set[str]) -> str:
    """A close id if there is one, else the first few known ids."""
    ordered = sorted(known)
    close = difflib.get_close_matches(value, ordered, n=1)
    if close:
        return f" (did you mean '{close[0]}'?)"
    shown = ", ".join(ordered[:6]) + (", ..." if len(ordered) > 6 else "")
    return f" (known: {shown or 'none'})"
