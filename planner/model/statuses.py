"""What the volunteers marked on their maps: one status per household visit.

The maps export these as `status-<team>-<day>.csv` (`STATUS_HEADER`); the changes file
of `planner replan` holds the same entries under `visits`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, get_args

VisitStatusName = Literal["visited", "not_home", "refused", "moved"]
VISIT_STATUSES: tuple[str, ...] = get_args(VisitStatusName)
"""Every status a household can be marked with, in the order the map offers them."""

CLOSED_STATUSES = frozenset({"visited", "refused", "moved"})
"""Statuses after which a household is never routed again."""

STATUS_HEADER = ("household", "status", "at", "note", "team", "day")
"""The columns of a map's status export, in order."""


@dataclass(frozen=True)
class VisitStatus:
    """One household's status as a volunteer marked it.

    Attributes:
        household: the household's id.
        status: one of `VISIT_STATUSES`.
        at: when it was marked, with its UTC offset.
        note: the volunteer's note, possibly empty.
        team: the team whose map it was marked on (None from a changes file).
        day: the day of that map (None from a changes file).
        source: where it was read, `file:line`, for messages.
    """

    household: str
    status: VisitStatusName
    at: dt.datetime
    note: str = ""
    team: str | None = None
    day: dt.date | None = None
    source: str = ""

    @property
    def closed(self) -> bool:
        """Whether the household is done with: visited, refused or moved away."""
        return self.status in CLOSED_STATUSES
