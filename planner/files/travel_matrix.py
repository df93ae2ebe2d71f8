"""The travel matrix file: measured driving times, read once while the scenario loads.

A CSV with the columns from,to,minutes[,km] (others are ignored); `from` and `to` are
ids of teams (for their start and end) or of households. Reading it with the scenario
lets `planner validate` find a bad matrix, and gives the router and the checker the
same legs. Every problem is reported at once, as `FILE:LINE: what is wrong`.
"""

from __future__ import annotations

import csv
import difflib
import math
from collections.abc import Collection
from pathlib import Path

from planner.model.errors import InputError
from planner.model.travel import ROUNDING_SLACK, MeasuredLeg, MeasuredTimes
from planner.model.words import gettext as _

COLUMNS = ("from", "to", "minutes")
"""The columns a matrix must have; `km` may follow."""


def read_travel_matrix(path: Path, ids: Collection[str], label: str = "") -> MeasuredTimes:
    """The legs of a travel matrix whose ids must be among `ids` (teams and households).

    `label` (such as a sweep's variant) goes between the place and each message.

    Raises:
        InputError: the file cannot be read, lacks a column, or has rows with a bad
            number, a negative one or an unknown id; every problem at once.
    """
    label = f"{label}: " if label else ""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise InputError(
            _(
                "{name}:1: {label}travel matrix cannot be read: {reason}",
                name=path.name,
                label=label,
                reason=reason,
            )
        ) from None
    rows = csv.DictReader(text.splitlines())
    missing = [column for column in COLUMNS if column not in (rows.fieldnames or [])]
    if missing:
        raise InputError(
            _(
                "{name}:1: {label}travel matrix lacks columns {listed}",
                name=path.name,
                label=label,
                listed=", ".join(missing),
            )
        )
    measured: MeasuredTimes = {}
    problems = []
    for row in rows:
        where = f"{path.name}:{rows.line_num}: {label}"
        ends = {column: (row.get(column) or "").strip() for column in ("from", "to")}
        unknown = [_unknown(column, value, ids) for column, value in ends.items()]
        problems += [f"{where}{message}" for message in unknown if message]
        try:
            leg = _leg(row.get("minutes"), row.get("km"))
        except ValueError as exc:
            problems.append(f"{where}{exc}")
            continue
        measured[(ends["from"], ends["to"])] = leg
    if problems:
        raise InputError(problems)
    return measured


def _leg(minutes: str | None, km: str | None) -> MeasuredLeg:
    """One row's minutes (rounded up to whole ones) and km (none if the cell is empty)."""
    try:
        mins = float(minutes or "")
        dist = float(km) if km else None
    except ValueError:
        mins, dist = math.nan, None
    if not math.isfinite(mins) or (dist is not None and not math.isfinite(dist)):
        raise ValueError(
            _("minutes and km must be numbers, got {minutes!r} and {km!r}", minutes=minutes, km=km)
        )
    if mins < 0 or (dist is not None and dist < 0):
        raise ValueError(
            _(
                "minutes and km cannot be negative, got {minutes!r} and {km!r}",
                minutes=minutes,
                km=km,
            )
        )
    return MeasuredLeg(math.ceil(mins - ROUNDING_SLACK), dist)


def _unknown(column: str, value: str, ids: Collection[str]) -> str | None:
    """The problem with the id in `column`, if it names no team or household."""
    if value in ids:
        return None
    hint = difflib.get_close_matches(value, list(ids), n=1, cutoff=0.6)
    tip = f"did you mean '{hint[0]}'?" if hint else "not a team or a household"
    return f"{column}: unknown id '{value}' ({tip})"
