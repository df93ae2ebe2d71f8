"""Solving a CP-SAT model the way every model of the planner is solved: progress on the
caller's reporter in the planner's own words, and a search that stops as soon as the
caller asks (Ctrl-C)."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Sequence

from ortools.sat.python import cp_model

from solver.limits import Limits

REPORT_EVERY_S = 0.5
"""Progress says at most one line per this many seconds; the last improvement held back
is said when the solve ends."""

Value = Callable[[cp_model.LinearExprT], int]
"""Reads an expression's value in one solution."""

Describe = Callable[[Value, float], str]
"""A solution in words a coordinator understands, from its values and the proven bound of
the level's expression (its tie-breaker left out)."""

Bound = Callable[[float], float]
"""The level's proven bound, from the bound CP-SAT has proven on the objective solved."""

Seen = Callable[[float, list[int]], None]
"""Called with each solution's objective and values (each variable's, by index)."""


def hint_at(model: cp_model.CpModel, values: Sequence[int]) -> None:
    """Replace `model`'s hint by a whole solution: each variable's value, by index."""
    model.clear_hints()
    for index, value in enumerate(values):
        model.add_hint(model.get_int_var_from_proto_index(index), value)


def solve_watched(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    limits: Limits,
    progress: Progress | None = None,
    bound: Bound = float,
    seen: Seen | None = None,
    until: threading.Event | None = None,
) -> cp_model.CpSolverStatus:
    """Solve `model`, saying each improving solution through `progress`, and stop the
    search within 0.1 s of `limits.stop` (or `until`, if given) being set (CP-SAT's own
    SIGINT handling is off in the planner); each solution also goes to `seen`, if given."""
    callback = _Callback(limits, progress, bound, seen)
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.1):
            if limits.stop.is_set() or (until is not None and until.is_set()):
                solver.stop_search()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        status = solver.solve(model, callback)
    finally:
        done.set()
        watcher.join()
    if progress is not None and status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        progress.flush(solver.value, bound(solver.best_objective_bound))
    return status


class Progress:
    """What one level says of its solutions, over all the solves of that level: only those
    better than every one before, and at most one line every `REPORT_EVERY_S`."""

    def __init__(self, limits: Limits, describe: Describe) -> None:
        self.limits, self.describe = limits, describe
        self.best = math.inf
        self.said_at = -math.inf
        self.held_back = False

    def found(self, objective: float, value: Value, bound: float) -> None:
        """A solution of the given objective: said if it improves and it is time."""
        if objective >= self.best or self.limits.progress is None:
            return
        self.best = objective
        now = time.perf_counter()
        if now - self.said_at < REPORT_EVERY_S:
            self.held_back = True
            return
        self._say(value, bound, now)

    def flush(self, value: Value, bound: float) -> None:
        """Say the improvement held back, from the solve's best solution."""
        if self.held_back:
            self._say(value, bound, time.perf_counter())

    def _say(self, value: Value, bound: float, now: float) -> None:
        self.said_at, self.held_back = now, False
        self.limits.report(self.describe(value, bound))


class _Callback(cp_model.CpSolverSolutionCallback):
    """Passes each solution to `progress` and `seen`; stops the search when `limits.stop` is set."""

    def __init__(
        self, limits: Limits, progress: Progress | None, bound: Bound, seen: Seen | None
    ) -> None:
        super().__init__()
        self.limits, self.progress, self.bound, self.seen = limits, progress, bound, seen

    def on_solution_callback(self) -> None:
        if self.seen is not None:
            self.seen(self.objective_value, list(self.response_proto.solution))
        if self.progress is not None:
            found = self.objective_value, self.value, self.bound(self.best_objective_bound)
            self.progress.found(*found)
        if self.limits.stop.is_set():
            self.stop_search()
