"""The statuses the volunteers mark on their maps, and the file the maps export.

A status is a `planner.model.changes.VisitStatus`; the maps export them as
`status-<team>-<day>.csv` with the columns `STATUS_HEADER`, and the changes file of
`planner replan` holds the same entries under `visits`.
"""

from __future__ import annotations

from typing import get_args

from planner.model.changes import VisitState

VISIT_STATUSES: tuple[str, ...] = get_args(VisitState)
"""Every status a household can be marked with, in the order the map offers them."""

CLOSED_STATUSES = frozenset({"visited", "refused", "moved"})
"""Statuses after which a household is never routed again."""

STATUS_HEADER = ("household", "status", "at", "note", "team", "day")
"""The columns of a map's status export, in order."""

NOT_REACHED = "not_reached"
"""The status a re-plan gives a past visit that nobody marked: the team did not get there."""

MISSED = frozenset({"not_home", NOT_REACHED})
"""Statuses of past visits that did not happen: the household is routed again."""

UNKNOWN = "unknown"
"""The status a re-plan gives each visit of a past team-day from which no status came
back at all (a phone out of signal): kept as published, neither visited nor missed."""
