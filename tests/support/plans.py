"""Tiny published plans built by hand, on the day of `tests/solver/schedule/helpers.py`."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from planner.model import Appointment, Break, Plan, SolverInfo
from tests.solver.schedule.helpers import DAY

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(clock: str) -> dt.datetime:
    """An aware moment on DAY."""
    return dt.datetime.fromisoformat(f"{DAY}T{clock}").replace(tzinfo=TZ)


def booked(patient_id: str, service: str, experts: list[str], room: str, start: str, end: str,
           venue: str = "hosp") -> Appointment:  # fmt: skip
    """A published appointment on DAY."""
    return Appointment(patient=patient_id, service=service, experts=experts, venue=venue,
                       room=room, start=at(start), end=at(end))  # fmt: skip


def plan_of(*appointments: Appointment, breaks: dict[str, list[tuple[str, str]]] | None = None,
            **extra: Any) -> Plan:  # fmt: skip
    """A published plan with these appointments and lunch breaks."""
    lunches = {e: [Break(start=at(a), end=at(b)) for a, b in spans]
               for e, spans in (breaks or {}).items()}  # fmt: skip
    info = SolverInfo(wall_s=0.0, objective=0.0, bound=0.0, gap=0.0)
    return Plan(scenario="tiny clinic", status="feasible", appointments=list(appointments),
                breaks=lunches, solver=info, **extra)  # fmt: skip
