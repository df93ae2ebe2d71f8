"""Tiny days replayed with chosen chance: exact figures, run by run."""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo
from typing import Any

import numpy as np

from planner.model import Appointment, Plan, Scenario, SolverInfo
from planner.model.variability import Variability, no_chance
from solver.simulate.chance import Chance, draw
from solver.simulate.replay import Replayed, replay
from solver.simulate.timeline import Timeline, timeline_of
from tests.solver.schedule.helpers import DAY

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def booked(patient: str, service: str, experts: list[str], room: str, start: str,
           end: str) -> Appointment:  # fmt: skip
    """A published appointment on DAY (HH:MM to HH:MM) in the venue `hosp`."""
    return Appointment(patient=patient, service=service, experts=experts, venue="hosp",
                       room=room, start=_at(start), end=_at(end))  # fmt: skip


def plan_of(*appointments: Appointment) -> Plan:
    """A published plan of these appointments."""
    info = SolverInfo(wall_s=0.0, objective=0.0, bound=0.0, gap=0.0)
    return Plan(scenario="tiny clinic", status="feasible", appointments=list(appointments),
                solver=info)  # fmt: skip


def _at(clock: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{DAY}T{clock}").replace(tzinfo=TZ)


def chance_of(**changes: Any) -> Variability:
    """No chance at all, except what is given (a mapping keeps the others at zero)."""
    base = no_chance().model_dump()
    for key, value in changes.items():
        base[key] = {**base[key], **value} if isinstance(value, dict) else value
    return Variability.model_validate(base)


@dataclasses.dataclass
class Run:
    """A replay with what it was given, for assertions item by item."""

    timeline: Timeline
    chance: Chance
    replayed: Replayed

    def starts(self, patient: str, service: str) -> np.ndarray:
        """The start of an appointment in every run, as HH:MM-free minutes after midnight."""
        return self.replayed.start[:, self._column(patient, service)] % 1440

    def ends(self, patient: str, service: str) -> np.ndarray:
        """The end of an appointment in every run, in minutes after midnight."""
        return self.replayed.end[:, self._column(patient, service)] % 1440

    def _column(self, patient: str, service: str) -> int:
        need = self.timeline.needs.index((patient, service))
        return next(i for i, item in enumerate(self.timeline.items) if item.need == need)


def replay_day(data: dict[str, Any] | Scenario, plan: Plan, variability: Variability,
               runs: int = 50, seed: int = 1, **chance: Any) -> Run:  # fmt: skip
    """Replay without walk-ins; `chance` replaces fields of the drawn `Chance`."""
    scenario = data if isinstance(data, Scenario) else Scenario.model_validate(data)
    timeline = timeline_of(scenario, plan)
    drawn = dataclasses.replace(draw(timeline, variability, runs, seed), **chance)
    return Run(timeline, drawn, replay(timeline, variability, drawn, [[] for _ in range(runs)]))
