"""Solving a CP-SAT model the way every model of the planner is solved: progress on the
caller's reporter, and a search that stops as soon as the caller asks (Ctrl-C)."""

from __future__ import annotations

import threading
import time

from ortools.sat.python import cp_model

from solver.limits import Limits


def solve_watched(
    solver: cp_model.CpSolver, model: cp_model.CpModel, limits: Limits, started: float, level: str
) -> cp_model.CpSolverStatus:
    """Solve `model`, reporting each improving solution of `level`, and stop the search as
    soon as `limits.stop` is set (CP-SAT's own SIGINT handling is off in the planner)."""
    callback = Progress(limits, started, level)
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.1):
            if limits.stop.is_set():
                solver.stop_search()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        return solver.solve(model, callback)
    finally:
        done.set()
        watcher.join()


class Progress(cp_model.CpSolverSolutionCallback):
    """Reports each improving solution: elapsed time, level, objective and bound."""

    def __init__(self, limits: Limits, started: float, level: str) -> None:
        super().__init__()
        self.limits, self.started, self.level = limits, started, level

    def on_solution_callback(self) -> None:
        elapsed = time.perf_counter() - self.started
        self.limits.report(
            f"{elapsed:7.2f}s  {self.level}: objective {self.objective_value:g}  "
            f"bound {self.best_objective_bound:g}"
        )
        if self.limits.stop.is_set():
            self.stop_search()
