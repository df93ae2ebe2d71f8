"""An adaptive LNS that knows the clinic day, beside CP-SAT's own LNS workers.

The first level's search (`solve._prove_then_search`) hands its best plan here once the
whole portfolio has found the bound. The two searches then take turns, each for as long
as it keeps improving the plan (it ends after `LNS_STALL_S` without a better one):

1. CP-SAT's own LNS workers, hinted at the best plan: on the whole model for a stop of
   one day, on one day at a time (the others held) for a stop of several (`days.py`);
2. our neighbourhoods (`neighbourhoods.KINDS`): each step draws a kind by roulette on
   its score, draws one neighbourhood of that kind, and solves a copy of the model with
   every other choice held at the best plan and the objective cut below it, so a step
   either improves the plan or proves quickly that this neighbourhood cannot.

CP-SAT cannot take a solution in the middle of a solve, so the two alternate rather
than run at once; each starts from the other's best plan, and the time goes to the one
that is improving the plan. A kind's score decays by
`LNS_DECAY` at each of its steps and gains what the step achieved (1 when it improved
the plan), so the kinds that keep improving this stop are drawn most; no score falls
below `LNS_FLOOR`, so every kind keeps being tried.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from solver import lexicographic
from solver.lexicographic import MIN_BUDGET_S, SOLVED, Lexicographic
from solver.limits import LNS_DECAY, LNS_FLOOR, LNS_STALL_S, LNS_STEP_S, LNS_WORKERS
from solver.schedule.days import choices_by_day, fixed_at
from solver.schedule.neighbourhoods import KINDS, Kind, Neighbourhood, sub_model
from solver.schedule.variables import Variables


@dataclass
class Roulette:
    """Draws kinds of neighbourhood in proportion to their decaying scores."""

    kinds: list[Kind]
    rng: random.Random
    scores: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.scores = {kind.__name__: 1.0 for kind in self.kinds}

    def draw(self) -> Kind:
        """A kind, with odds in proportion to its score."""
        weights = [self.scores[kind.__name__] for kind in self.kinds]
        return self.rng.choices(self.kinds, weights)[0]

    def reward(self, kind: str, improved: bool) -> None:
        """Decay a kind's score and add what its last step achieved."""
        score = LNS_DECAY * self.scores[kind] + (1 - LNS_DECAY) * (1.0 if improved else 0.0)
        self.scores[kind] = max(LNS_FLOOR, score)


@dataclass
class Search:
    """One adaptive LNS of the first level from an incumbent plan."""

    v: Variables
    run: Lexicographic
    level: lexicographic.Level
    best: cp_model.CpSolver
    roulette: Roulette
    day_s: float = 0.0
    """On a stop of several days, the longest CP-SAT turn on one day: an equal share of
    the search, so that a day where CP-SAT keeps improving leaves time for the others."""
    steps: dict[str, list[int]] = field(default_factory=dict)
    """Per kind, and for CP-SAT's own LNS ("cpsat"): steps tried and steps that
    improved the plan."""
    _day: int = 0

    def values(self) -> list[int]:
        """The best plan so far, each variable's value by index."""
        return list(self.best.response_proto.solution)

    def neighbourhoods(self, seconds: float) -> None:
        """Steps of our own neighbourhoods for at most `seconds`, until `LNS_STALL_S`
        pass without a better plan."""
        began = improved_at = time.perf_counter()
        while (left := began + seconds - time.perf_counter()) > MIN_BUDGET_S:
            if self.run.limits.stop.is_set() or time.perf_counter() - improved_at > LNS_STALL_S:
                return
            kind = self.roulette.draw()
            hood = kind(self.v, self.values(), self.roulette.rng)
            improved = hood is not None and bool(hood.jobs) and self.step(hood, left)
            self.roulette.reward(kind.__name__, improved)
            self.count(kind.__name__, improved)
            improved_at = time.perf_counter() if improved else improved_at

    def step(self, hood: Neighbourhood, left: float) -> bool:
        """Search one neighbourhood for a strictly better plan; True when found."""
        part = sub_model(self.v, self.values(), hood)
        part.add(self.level.objective() <= round(self.best.objective_value) - 1)
        return self.solve(part, min(left, LNS_STEP_S), workers=LNS_WORKERS)

    def cpsat(self, seconds: float) -> None:
        """CP-SAT's own LNS workers from the best plan for at most `seconds`, until
        `LNS_STALL_S` pass without a better plan: on the whole model, or on the next day
        with the others held."""
        days = choices_by_day(self.v)
        model = self.run.model
        if len(days) > 1:
            day = sorted(days)[self._day % len(days)]
            self._day += 1
            others = set().union(*(c for d, c in days.items() if d != day)) - days[day]
            model = fixed_at(model, self.values(), others)
            seconds = min(seconds, self.day_s)
        else:
            model = fixed_at(model, self.values(), set())
        self.count("cpsat", self.solve(model, seconds, lns_only=True, stall_s=LNS_STALL_S))

    def solve(self, model: cp_model.CpModel, seconds: float, **options: Any) -> bool:
        """Solve a part of the model (`Lexicographic.solve_once` with `options`) and keep
        its plan if it is better; True when kept."""
        try:
            status, solver = self.run.solve_once(self.level, seconds, model, **options)
        except IndexError:
            # CP-SAT 9.15 raised `raw_hash_map<>::at` from inside `solve` on one
            # neighbourhood of a generated 120-patient day: a failed step, not a failed stop.
            self.count("failed", False)
            return False
        return self.keep(status, solver)

    def count(self, name: str, improved: bool) -> None:
        """Count one step of a kind (or of CP-SAT's LNS), and whether it improved."""
        tried = self.steps.setdefault(name, [0, 0])
        tried[0] += 1
        tried[1] += int(improved)

    def keep(self, status: cp_model.CpSolverStatus, solver: cp_model.CpSolver) -> bool:
        """Take a solve's plan when it is better than the best; True when taken."""
        if status in SOLVED and solver.objective_value < self.best.objective_value:
            self.best = solver
            return True
        return False


def adaptive_search(
    v: Variables,
    run: Lexicographic,
    level: lexicographic.Level,
    incumbent: cp_model.CpSolver,
    budget: float,
) -> Search:
    """CP-SAT's LNS and our neighbourhoods in turn from `incumbent`, each while it
    improves, for `budget` wall seconds; the search, with its best plan, which is never
    worse than `incumbent`."""
    rng = random.Random(run.limits.seed)
    search = Search(v, run, level, incumbent, Roulette(list(KINDS), rng))
    search.day_s = budget / max(1, len(choices_by_day(v)))
    ends = time.perf_counter() + budget
    turns = [search.cpsat, search.neighbourhoods]
    while (left := ends - time.perf_counter()) > MIN_BUDGET_S and not run.limits.stop.is_set():
        turns[0](left)
        turns.reverse()
    return search
