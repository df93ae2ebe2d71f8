"""Parts routed side by side: the task each part is, and who runs the tasks.

The decomposition (`decompose.py`) hands its parts to a `PartRunner`: its `map` routes a
list of tasks and gives their answers back in order. `InProcess` routes them one after
another here; the jobs layer passes runners that use worker processes or a Dask cluster
(`planner/jobs/cluster.py`), so that no solver module imports Dask. A task holds only
its part (a few hundred nodes), never the whole problem, and plain numbers for its
limits: a worker process cannot share the caller's progress line or Ctrl-C event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from solver.limits import Limits
from solver.routing.engines import solve_problem
from solver.routing.ortools_engine import solve_ortools
from solver.routing.problem import RoutingProblem, RoutingSolution


@dataclass(frozen=True)
class PartTask:
    """One part to route.

    Attributes:
        problem: the part's own problem (`parts.make_part`).
        time_limit_s: its time budget.
        seed: the solve's seed.
        engine: the per-problem engine of a first plan ("auto", "ortools", "pyvrp").
        initial: a pair's current routes: OR-Tools' guided local search improves them.
        workers: search workers of the engine (0: its default).
        deterministic: as `Limits.deterministic`.
    """

    problem: RoutingProblem
    time_limit_s: float
    seed: int
    engine: str = "auto"
    initial: RoutingSolution | None = None
    workers: int = 0
    deterministic: bool = False


def part_task(
    problem: RoutingProblem,
    limits: Limits,
    engine: str = "auto",
    initial: RoutingSolution | None = None,
) -> PartTask:
    """The task of routing `problem` within `limits` (its time, seed and workers)."""
    return PartTask(
        problem, limits.time_limit_s, limits.seed, engine, initial, limits.workers,
        limits.deterministic,
    )  # fmt: skip


def route_part(task: PartTask) -> RoutingSolution:
    """Route one part (in whichever process runs it); the routes keep its every rule.

    Raises:
        EngineError: as `engines.solve_problem`.
    """
    limits = Limits(
        time_limit_s=task.time_limit_s, seed=task.seed, workers=task.workers,
        deterministic=task.deterministic,
    )  # fmt: skip
    if task.initial is None:
        return solve_problem(task.problem, limits, task.engine)
    return solve_ortools(task.problem, limits, task.initial)


RouteFn = Callable[[PartTask], RoutingSolution]


class PartRunner(Protocol):
    """Routes tasks, up to `width` at once, and answers in the order of the tasks."""

    @property
    def width(self) -> int:
        """How many tasks run at once."""
        ...

    def map(self, route: RouteFn, tasks: list[PartTask]) -> list[RoutingSolution]:
        """`route` of every task, in the order of `tasks`."""
        ...


@dataclass(frozen=True)
class InProcess:
    """Routes the tasks one after another in this process."""

    width: int = 1

    def map(self, route: RouteFn, tasks: list[PartTask]) -> list[RoutingSolution]:
        """`route` of every task, one after another."""
        return [route(task) for task in tasks]
