"""What the stop scheduler returns: a plain result, with no CP-SAT object inside."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planner.model import Appointment, Break, TrainingSession, Unserved
from solver.result import SolveFigures, SolveStatus

ScheduleStatus = SolveStatus


@dataclass
class ScheduleResult(SolveFigures):
    """The schedule of one stop, with the figures every solve reports (`SolveFigures`).

    `status` is "optimal" when every level of the objective is proven optimal,
    "feasible" when a plan was found, "infeasible" when the hard rules cannot all hold
    (see `diagnosis`), "unknown" when no plan was found in time. `objective` is the
    severity-weighted needs served (the primary level), `bound` its proven upper bound,
    `gap` (bound - objective) / bound; `terms` holds every level's terms.

    Attributes:
        appointments: booked services, one per (patient, need) served.
        trainings: the courses, with lecturers, hall and times.
        unserved: every need not served, with a reason taken from the final plan.
        breaks: lunch breaks by expert id, on the days they work.
        diagnosis: when infeasible, the conflicting rule groups in words.
        cancelled: the courses a re-plan had to cancel, by id, with the reason.
        levels: the CP-SAT status of each lexicographic level that ran.
        level_s: seconds since the start at which each level ended.
        broken: a re-plan's walk-in bookings made at the desk that it could not hold, and
            why, by (patient, service).
    """

    appointments: list[Appointment] = field(default_factory=list)
    trainings: list[TrainingSession] = field(default_factory=list)
    unserved: list[Unserved] = field(default_factory=list)
    breaks: dict[str, list[Break]] = field(default_factory=dict)
    diagnosis: list[str] = field(default_factory=list)
    cancelled: dict[str, str] = field(default_factory=dict)
    levels: dict[str, str] = field(default_factory=dict)
    level_s: dict[str, float] = field(default_factory=dict)
    broken: dict[tuple[str, str], str] = field(default_factory=dict)

    def info_extra(self) -> dict[str, Any]:
        """The schedule's status in the plan's `solver` block."""
        return {"schedule_status": self.status}
