"""One lexicographic CP-SAT runner for the scheduler, the re-planner and the tour.

`Lexicographic.run` minimises an ordered list of `Level`s on one model. Each level is
solved with every level above it held at the value found (plus its `slack`), starting
from the previous level's solution as a hint (the first from the caller's hint), within a
share of the time left. A level may break ties with a second expression, may be held at
a value known without a solve (`held`), and may bring its own search (`search`, which
calls back `solve_once`). Every solve goes through `cpsat.solve_watched`: each improving
solution is said in the level's own words, and `limits.stop` ends the search within a
second at any level.

In deterministic mode a level with a `fixed` share ends on CP-SAT's deterministic time,
that share of the limit, so that runs repeat; the wall clock ends it only at
`DETERMINISTIC_WALL_CAP` times the limit.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.cpsat import Describe, Progress, Seen, hint_at, solve_watched
from solver.limits import DETERMINISTIC_WALL_CAP, Limits
from solver.result import wall_since

NAMES = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.UNKNOWN: "unknown",
    cp_model.MODEL_INVALID: "invalid",
}
"""Each level's status, in the words of the results."""

SOLVED = (cp_model.OPTIMAL, cp_model.FEASIBLE)
"""The statuses with a solution."""

MIN_BUDGET_S = 0.05
"""A level with less wall time than this is not started, unless it runs on deterministic
time."""

Hints = Sequence[tuple[cp_model.IntVar, int]]
Found = tuple[cp_model.CpSolverStatus, cp_model.CpSolver]
Search = Callable[["Lexicographic", "Level", float], Found]
"""A level's own search: the runner, the level and its wall seconds; it solves through
`Lexicographic.solve_once` and returns its status and best solver."""


@dataclass(frozen=True)
class Tie:
    """A level's tie-breaker: an expression, and the largest value it can take."""

    expr: cp_model.LinearExprT
    most: int


@dataclass(frozen=True)
class Level:
    """One level of a lexicographic objective.

    Attributes:
        name: the level's name in statuses, wall times and bounds.
        expr: what the level minimises.
        share: of the wall time still left, what the level may use (the last level to
            run takes all of it).
        fixed: in deterministic mode, the level's share of the limit (after the
            reserve) as deterministic time; None: wall time, as outside it.
        tie: minimised below `expr`, never at its expense.
        slack: how far above its best the level is held for the levels below.
        held: a value known to be the level's optimum: held without a solve.
        describe: an improving solution in words; None says nothing.
        search: the level's own search instead of one solve.
    """

    name: str
    expr: cp_model.LinearExprT
    share: float = 1.0
    fixed: float | None = None
    tie: Tie | None = None
    slack: int = 0
    held: int | None = None
    describe: Describe | None = None
    search: Search | None = None

    def objective(self) -> cp_model.LinearExprT:
        """What the solver minimises: the expression, then its tie-breaker."""
        if self.tie is None:
            return self.expr
        return cp_model.LinearExpr.weighted_sum([self.expr, self.tie.expr], [self.tie.most + 1, 1])

    def bound(self, objective_bound: float) -> float:
        """The bound on `expr` that a bound on the objective proves."""
        if self.tie is None:
            return objective_bound
        return math.ceil((objective_bound - self.tie.most) / (self.tie.most + 1) - 1e-6)


@dataclass
class Lexicographic:
    """One lexicographic solve of `model`: its best solution so far and, per level that
    ran, its status (`levels`), the wall seconds since `started` when it ended
    (`level_s`) and its proven bound (`bounds`, for the levels that found a solution)."""

    model: cp_model.CpModel
    limits: Limits
    started: float
    reserve: float = 0.0
    """Share of the limit kept back for the caller's work after the levels."""
    best: cp_model.CpSolver | None = None
    levels: dict[str, str] = field(default_factory=dict)
    level_s: dict[str, float] = field(default_factory=dict)
    bounds: dict[str, float] = field(default_factory=dict)
    _said: dict[str, Progress] = field(default_factory=dict, init=False, repr=False)

    def run(self, levels: Sequence[Level], first: Hints | None = None) -> None:
        """Minimise `levels` in order until one finds nothing, time runs out or the caller
        stops; the first level solved starts from `first` (else the model's own hint)."""
        for index, level in enumerate(levels):
            last = all(later.held is not None for later in levels[index + 1 :])
            if not self._level(level, last, first):
                return

    def value(self, expr: cp_model.LinearExprT) -> int:
        """An expression's value in the best solution so far."""
        assert self.best is not None
        return int(self.best.value(expr))

    def _level(self, level: Level, last: bool, first: Hints | None) -> bool:
        """Minimise one level and hold it. False when the run should end."""
        if level.held is not None:
            self.levels[level.name] = "optimal"
            self.bounds[level.name] = float(level.held)
            self.model.add(level.expr <= level.held)
            return True
        budget = self._budget(level, last)
        on_own_clock = self.limits.deterministic and level.fixed is not None
        if self.limits.stop.is_set() or (budget <= MIN_BUDGET_S and not on_own_clock):
            return False
        self.model.minimize(level.objective())
        self._hint(first)
        search = level.search or Lexicographic.solve_once
        status, solver = search(self, level, budget)
        self.levels[level.name] = NAMES.get(status, "unknown")
        self.level_s[level.name] = wall_since(self.started)
        if status not in SOLVED:
            self.bounds.pop(level.name, None)
            return False
        self.best = solver
        self.model.add(level.expr <= int(solver.value(level.expr)) + level.slack)
        return not self.limits.stop.is_set()

    def _budget(self, level: Level, last: bool) -> float:
        """Wall seconds for a level: its share of what is left (all of it for the last)."""
        spent = time.perf_counter() - self.started
        remaining = self.limits.time_limit_s * (1 - self.reserve) - spent
        return remaining if last else remaining * level.share

    def _hint(self, first: Hints | None) -> None:
        """The previous level's solution as the hint; before any, `first` if given."""
        if self.best is None and first is None:
            return  # the model's own hint
        if self.best is None and first is not None:
            self.model.clear_hints()
            for var, val in first:
                self.model.add_hint(var, val)
            return
        assert self.best is not None
        hint_at(self.model, self.best.response_proto.solution)

    def solve_once(
        self,
        level: Level,
        budget: float,
        model: cp_model.CpModel | None = None,
        lns_only: bool = False,
        workers: int | None = None,
        seen: Seen | None = None,
        until: threading.Event | None = None,
    ) -> Found:
        """One watched CP-SAT solve of `level` within `budget` wall seconds (deterministic
        time when the level has a fixed share), with LNS workers alone if `lns_only`,
        `workers` rather than the limits' (outside deterministic mode), each solution also
        passed to `seen`, ended early when `until` is set. On another `model`, a part of
        this one with some variables fixed, CP-SAT's bound proves nothing about the level."""
        solver = make_solver(self.limits, budget)
        if workers is not None and not self.limits.deterministic:
            solver.parameters.num_workers = workers
        if lns_only:
            solver.parameters.use_lns_only = True
        if self.limits.deterministic and level.fixed is not None:
            fixed_s = self.limits.time_limit_s * (1 - self.reserve) * level.fixed
            solver.parameters.max_deterministic_time = fixed_s
            solver.parameters.max_time_in_seconds = (
                DETERMINISTIC_WALL_CAP * self.limits.time_limit_s
            )
        whole = model is None

        def bound(objective_bound: float) -> float:
            return self._bound(level, objective_bound if whole else None)

        solved = self.model if model is None else model
        progress = self._progress(level)
        status = solve_watched(solver, solved, self.limits, progress, bound, seen, until)
        if whole and status in SOLVED:
            self.bounds[level.name] = self._bound(level, solver.best_objective_bound)
        return status, solver

    def _bound(self, level: Level, objective_bound: float | None) -> float:
        """The level's best proven bound, with one that CP-SAT proved on its objective
        (None: nothing proven); -inf before any."""
        known = self.bounds.get(level.name, -math.inf)
        return known if objective_bound is None else max(known, level.bound(objective_bound))

    def _progress(self, level: Level) -> Progress | None:
        """The level's progress, the same over all its solves."""
        if level.describe is None:
            return None
        return self._said.setdefault(level.name, Progress(self.limits, level.describe))


def make_solver(limits: Limits, budget: float) -> cp_model.CpSolver:
    """A solver with `budget` wall seconds and the seed and workers of `limits`."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(MIN_BUDGET_S, budget)
    solver.parameters.random_seed = limits.seed
    # Ctrl-C belongs to the caller, who sets `limits.stop`; CP-SAT's own handler would
    # end only the level under way.
    solver.parameters.catch_sigint_signal = False
    solver.parameters.num_workers = limits.cpsat_workers
    return solver
