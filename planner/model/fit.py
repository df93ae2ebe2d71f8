"""The options for fitting a walk-in into a published plan: what `planner fit` lists and
the desk offers a family."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner.model.plan import Appointment, Break


@dataclass(frozen=True)
class Option:
    """One way to serve a need: when, where, and with whom.

    Attributes:
        lunch: breaks the experts must now be given (experts who had no lunch planned
            that day and start working with this appointment), by expert id.
    """

    service: str
    start: dt.datetime
    end: dt.datetime
    venue: str
    room: str
    experts: tuple[str, ...]
    lunch: tuple[tuple[str, Break], ...] = ()

    def appointment(self, patient_id: str) -> Appointment:
        """The option as an appointment of the plan."""
        return Appointment(
            patient=patient_id, service=self.service, experts=list(self.experts),
            venue=self.venue, room=self.room, start=self.start, end=self.end,
        )  # fmt: skip


@dataclass(frozen=True)
class NeedOptions:
    """The options for one need, earliest first; `reason` says why there are none."""

    service: str
    options: tuple[Option, ...]
    reason: str | None = None


@dataclass(frozen=True)
class FitResult:
    """The options for each need of a walk-in, in the order they are booked."""

    patient: str
    needs: tuple[NeedOptions, ...]
    wall_s: float
