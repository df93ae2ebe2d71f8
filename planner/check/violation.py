"""A broken rule, and the small helpers the rules share to describe times."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Violation:
    """One hard rule that a plan breaks.

    Attributes:
        rule: the rule's name, such as `expert-overlap`.
        message: what is wrong, naming the ids and times involved.
    """

    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


def clock(moment: dt.datetime) -> str:
    """`HH:MM` of a local moment."""
    return f"{moment:%H:%M}"


def span(start: dt.datetime, end: dt.datetime) -> str:
    """`HH:MM-HH:MM` of a local interval."""
    return f"{clock(start)}-{clock(end)}"


def minute_of_day(moment: dt.datetime) -> int:
    """Minutes after local midnight (seconds are dropped; `on_grid` looks at them)."""
    return moment.hour * 60 + moment.minute


def overlaps(
    a_start: dt.datetime, a_end: dt.datetime, b_start: dt.datetime, b_end: dt.datetime
) -> bool:
    """Whether two half-open intervals share any time (touching ends do not)."""
    return a_start < b_end and b_start < a_end


def minutes_between(start: dt.datetime, end: dt.datetime) -> float:
    """Length of an interval in minutes."""
    return (end - start).total_seconds() / 60
