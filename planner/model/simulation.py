"""What `planner simulate` reports: a plan replayed many times under chance.

Plain figures, made by `solver/simulate/` and written by `planner/printouts/simulation.py`
(`DIR/simulation.json` and the chart page). Times of day are minutes after local
midnight of their date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Figures:
    """A distribution in brief: its mean and its 10th, 50th and 90th percentiles."""

    mean: float
    p10: float
    p50: float
    p90: float
    max: float

    def as_dict(self, digits: int = 2) -> dict[str, float]:
        """The figures rounded, for JSON."""
        keys = ("mean", "p10", "p50", "p90", "max")
        return {key: round(float(getattr(self, key)), digits) for key in keys}


@dataclass(frozen=True)
class Histogram:
    """Counts of values between consecutive edges (the last bin holds everything above)."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]


@dataclass(frozen=True)
class HourQueue:
    """Families waiting (present, not being seen, not done) during one hour of a day."""

    hour: int
    mean: float
    p90: float


@dataclass(frozen=True)
class DayFigures:
    """One clinic day: when it finishes, run by run, and its queue hour by hour."""

    date: dt.date
    planned_finish_min: float
    finish_min: tuple[float, ...]
    finish: Figures
    over_planned_min: Figures
    queue: tuple[HourQueue, ...]


@dataclass(frozen=True)
class ExpertOvertime:
    """An expert's minutes past their hours, summed over the stop's days."""

    expert: str
    mean: float
    p90: float
    share: float
    """The share of runs in which the expert works past their hours at all."""


@dataclass(frozen=True)
class WalkInFigures:
    """Walk-ins per run: who came, who was fitted in, who was turned away."""

    arrived: Figures
    served: Figures
    turned_away: Figures
    needs_fitted: Figures
    needs_unfitted: Figures
    wait_min: Figures | None


@dataclass(frozen=True)
class Simulation:
    """The figures of one plan replayed `runs` times from `seed`.

    Attributes:
        appointments: appointments in the plan (served with no chance at all).
        served: the plan's appointments that take place, per run.
        delay_min: actual start minus planned start, over the appointments that take place.
        overtime_min: the experts' minutes past their hours, summed per run.
        wait_min: each family's wait (from arrival to the end of its last appointment,
            less the time being seen; the longest of its members), over families who came.
        per_run: run-level measures, in run order, for comparing two plans run by run.
    """

    runs: int
    seed: int
    appointments: int
    served: Figures
    delay_min: Figures
    overtime_min: Figures
    wait_min: Figures
    wait_histogram: Histogram
    days: tuple[DayFigures, ...]
    experts: tuple[ExpertOvertime, ...]
    walk_ins: WalkInFigures
    per_run: dict[str, tuple[float, ...]]
    wall_s: float


@dataclass(frozen=True)
class Difference:
    """A run-level measure of plan B less plan A, paired run by run on the same chance."""

    measure: str
    mean: float
    low: float
    high: float
    """`low`-`high`: the 95 % confidence interval of the mean difference."""
    better: str
    """Which plan does better on average: "A", "B" or "same" (the interval holds 0)."""


@dataclass(frozen=True)
class Comparison:
    """Two plans replayed on the same random numbers."""

    a: Simulation
    b: Simulation
    differences: tuple[Difference, ...]
