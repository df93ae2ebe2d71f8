"""What the tour solver returns: plain data, no CP-SAT objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from planner.model.tour import TourStopPlan, Unfilled, Unscheduled

TourStatus = Literal["optimal", "feasible", "infeasible", "unknown"]


@dataclass
class TourResult:
    """The dates and experts of a tour, or a diagnosis.

    Attributes:
        status: optimal when every level was proven optimal.
        stops: the scheduled stops with their experts.
        unfilled: needs of scheduled stops left open, with reasons.
        unscheduled: stops left without dates, with reasons.
        objective: the value of the primary levels (stops, then needs) as one number.
        bound: the proven bound of the same; `gap` is relative to it.
        gap: the largest relative gap of any level that was solved.
        terms: each level's value.
        levels: each level's solver status.
        diagnosis: when infeasible, the conflicting items.
    """

    status: TourStatus
    stops: list[TourStopPlan] = field(default_factory=list)
    unfilled: list[Unfilled] = field(default_factory=list)
    unscheduled: list[Unscheduled] = field(default_factory=list)
    objective: float = 0.0
    bound: float = 0.0
    gap: float = 0.0
    wall_s: float = 0.0
    terms: dict[str, float] = field(default_factory=dict)
    levels: dict[str, str] = field(default_factory=dict)
    diagnosis: list[str] = field(default_factory=list)
