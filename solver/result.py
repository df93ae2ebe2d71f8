"""What every solver reports about its search: one shape for the schedule and the routes.

`ScheduleResult` and `VisitsResult` both extend `SolveFigures`, so that the pipeline and
the benchmarks read any solve the same way and `solver_info` turns it into the plan's
`solver` block.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Literal

from planner.model import SolverInfo


def wall_since(started: float) -> float:
    """Wall seconds since `started` (a `time.perf_counter()`), to the millisecond, as
    every solve reports them."""
    return round(time.perf_counter() - started, 3)


SolveStatus = Literal["optimal", "feasible", "infeasible", "unknown"]
""""optimal": proven; "feasible": a plan, not proven best; "infeasible": the hard rules
cannot all hold; "unknown": nothing found in the time given."""


@dataclass
class SolveFigures:
    """The figures of one solve.

    Attributes:
        status: see `SolveStatus`.
        seed: the random seed the search ran with.
        time_limit_s: the time it was given.
        wall_s: the wall-clock seconds it took.
        objective: the value of the solver's main objective in the plan returned.
        bound: the proven bound on `objective`; None when the search proves none.
        gap: the relative distance between `objective` and `bound`; None without a bound.
        terms: each named objective term's value in the plan returned.
    """

    status: SolveStatus
    seed: int = 0
    time_limit_s: float = 0.0
    wall_s: float = 0.0
    objective: float = 0.0
    bound: float | None = None
    gap: float | None = None
    terms: dict[str, float] = field(default_factory=dict)

    def solver_info(self) -> SolverInfo:
        """The plan's `solver` block for this solve alone."""
        return SolverInfo(
            wall_s=self.wall_s,
            objective=self.objective,
            bound=self.bound or 0.0,
            gap=self.gap or 0.0,
            seed=self.seed,
            time_limit_s=self.time_limit_s,
            terms=dict(self.terms),
            **self.info_extra(),
        )

    def info_extra(self) -> dict[str, Any]:
        """Fields of the plan's `solver` block that only this kind of solve fills in."""
        return {}
