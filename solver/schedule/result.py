"""What the stop scheduler returns: a plain result, with no CP-SAT object inside."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from planner.model import Appointment, Break, TrainingSession, Unserved

ScheduleStatus = Literal["optimal", "feasible", "infeasible", "unknown"]


@dataclass
class ScheduleResult:
    """The schedule of one stop.

    Attributes:
        status: "optimal" when every level of the objective is proven optimal,
            "feasible" when a plan was found, "infeasible" when the hard rules cannot
            all hold (see `diagnosis`), "unknown" when no plan was found in time.
        appointments: booked services, one per (patient, need) served.
        trainings: the courses, with lecturers, hall and times.
        unserved: every need not served, with a reason taken from the final plan.
        breaks: lunch breaks by expert id, on the days they work.
        objective: severity-weighted needs served (the primary objective).
        bound: the proven upper bound on `objective`.
        gap: (bound - objective) / bound, 0 when the primary is proven optimal.
        wall_s: wall-clock seconds of the whole solve.
        terms: each named objective term's value in the final plan.
        diagnosis: when infeasible, the conflicting rule groups in words.
        levels: the CP-SAT status of each lexicographic level that ran.
        level_s: seconds since the start at which each level ended.
    """

    status: ScheduleStatus
    appointments: list[Appointment] = field(default_factory=list)
    trainings: list[TrainingSession] = field(default_factory=list)
    unserved: list[Unserved] = field(default_factory=list)
    breaks: dict[str, list[Break]] = field(default_factory=dict)
    objective: float = 0.0
    bound: float = 0.0
    gap: float = 0.0
    wall_s: float = 0.0
    terms: dict[str, float] = field(default_factory=dict)
    diagnosis: list[str] = field(default_factory=list)
    levels: dict[str, str] = field(default_factory=dict)
    level_s: dict[str, float] = field(default_factory=dict)
