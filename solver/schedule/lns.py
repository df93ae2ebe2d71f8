"""An adaptive LNS that knows the clinic day, beside CP-SAT's own LNS workers.

The first level's search (`solve._prove_then_search`) hands its best plan here once the
whole portfolio has found the bound. From there CP-SAT's own LNS workers search exactly
as they would alone, hinted at the best plan: on the whole model for a stop of one day,
on one day at a time (the others held, `days.py`) for a stop of several, each day an
equal share of the time. Beside each of those solves, a thread takes steps of our
neighbourhoods (`neighbourhoods.KINDS`) from the best plan either has found so far (CP-SAT
passes each of its solutions on): each step draws a kind by roulette on its score, draws
one neighbourhood of that kind, and solves a copy of the model with every other choice
held at the best plan and the objective cut below it, so a step either improves the plan
or proves quickly that this neighbourhood cannot. The better of the two plans is kept.

CP-SAT cannot take a solution in the middle of a solve, so our plans reach its workers
only at the next solve: the next day's, or on a stop of one day, a restart from our plan
once CP-SAT's solve has found nothing better for `LNS_STALL_S` while our steps have
(`Search.stalled`). Otherwise CP-SAT's search is never cut short or restarted for ours,
so what it finds is what it would find alone, less the one thread's share of the machine
that our steps take (`LNS_WORKERS`).

A kind's score decays by `LNS_DECAY` at each of its steps and gains what the step
achieved (1 when it improved the plan), so the kinds that keep improving this stop are
drawn most; no score falls below `LNS_FLOOR`, so every kind keeps being tried.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from solver import lexicographic
from solver.cpsat import hint_at
from solver.lexicographic import MIN_BUDGET_S, SOLVED, Lexicographic
from solver.limits import (
    HIGHS_PLAN_S,
    HIGHS_PLAN_WORKERS,
    LNS_DECAY,
    LNS_FLOOR,
    LNS_GROW,
    LNS_MIN_JOBS,
    LNS_SHRINK,
    LNS_STALL_S,
    LNS_START_JOBS,
    LNS_STEP_S,
    LNS_WORKERS,
)
from solver.schedule.days import choices_by_day, fixed_at
from solver.schedule.guided import HighsBeside, at_starts
from solver.schedule.neighbourhoods import KINDS, Kind, Neighbourhood, sub_model, trimmed
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
    steps: dict[str, list[int]] = field(default_factory=dict)
    """Per kind, and for CP-SAT's own LNS ("cpsat"): steps tried and steps that
    improved the plan."""
    seen: tuple[float, list[int]] | None = None
    """The best solution CP-SAT's running solve has passed on: objective and values."""
    sizes: dict[str, float] = field(default_factory=dict)
    """Per kind: how many jobs one step frees at most, learnt (`resize`)."""
    handover: threading.Event = field(default_factory=threading.Event)
    """Set to end CP-SAT's running solve early (`stalled`)."""
    turn: tuple[float, float] = (0.0, 0.0)
    """When CP-SAT's running solve started or last passed on a better solution of its own
    (`perf_counter`), and the best of its start and its solutions."""
    highs: HighsBeside | None = None
    """HiGHS beside the search until its plan is followed (`follow`)."""

    def incumbent(self) -> tuple[float, list[int]]:
        """The best plan so far, ours or CP-SAT's: its objective and each variable's
        value by index."""
        ours = self.best.objective_value, list(self.best.response_proto.solution)
        return ours if self.seen is None or ours[0] <= self.seen[0] else self.seen

    def see(self, objective: float, values: list[int]) -> None:
        """Take note of a solution of CP-SAT's running solve."""
        if self.seen is None or objective < self.seen[0]:
            self.seen = objective, values
            self.turn = time.perf_counter(), min(self.turn[1], objective)

    def stalled(self) -> bool:
        """Whether CP-SAT's running solve has found nothing better for `LNS_STALL_S` while
        our steps have: then it is better restarted from our plan."""
        since, objective = self.turn
        ahead = self.best.objective_value < objective
        return ahead and time.perf_counter() - since >= LNS_STALL_S

    def neighbourhoods(self, ends: float, done: threading.Event) -> None:
        """Steps of our own neighbourhoods until `ends` (`perf_counter`) or `done`."""
        while (left := ends - time.perf_counter()) > MIN_BUDGET_S:
            if self.run.limits.stop.is_set() or done.is_set():
                return
            if self.highs is not None and self.highs.done():
                self.follow(self.highs.plan(), left)
                self.highs = None
                continue
            kind, improved = self.roulette.draw(), False
            incumbent = self.incumbent()
            hood = kind(self.v, incumbent[1], self.roulette.rng)
            if hood is not None and hood.jobs:
                size = self.sizes.get(kind.__name__, LNS_START_JOBS)
                hood = trimmed(self.v, incumbent[1], hood, round(size), self.roulette.rng)
                improved, status = self.step(hood, incumbent, left)
                self.sizes[kind.__name__] = resize(size, len(hood.jobs), status)
            self.roulette.reward(kind.__name__, improved)
            self.count(kind.__name__, improved)
            if self.stalled():
                self.handover.set()

    def step(
        self, hood: Neighbourhood, incumbent: tuple[float, list[int]], left: float
    ) -> tuple[bool, cp_model.CpSolverStatus | None]:
        """Search one neighbourhood of `incumbent` (objective, values) for a better plan;
        whether one was found, and the solve's status (None: it failed)."""
        objective, values = incumbent
        part = sub_model(self.v, values, hood)
        # The cut makes the incumbent infeasible, so its hint is no help; and CP-SAT 9.15
        # raised `raw_hash_map<>::at` in presolve on a hint that a cut put outside its
        # domains (as in or-tools issue 5288, where the crush of such a hint failed).
        part.clear_hints()
        part.add(self.level.objective() <= round(objective) - 1)
        return self.solve(part, min(left, LNS_STEP_S), workers=LNS_WORKERS)

    def follow(self, starts: dict[str, int], left: float) -> None:
        """Complete HiGHS's plan (`starts`: the start slot of each job it serves) into a
        plan of the model when it serves more than the best, and restart CP-SAT's solve
        from it (`handover`)."""
        served = sum(jv.job.weight for jv in self.v.jobs if jv.job.id in starts)
        if self.v.servable - served >= self.incumbent()[0]:
            return
        part = at_starts(self.v, self.run.model, starts)
        part.clear_hints()  # as in `step`
        improved, _ = self.solve(part, min(left, HIGHS_PLAN_S), workers=HIGHS_PLAN_WORKERS)
        self.count("highs", improved)
        if improved:
            self.handover.set()

    def cpsat(self, model: cp_model.CpModel | None, seconds: float) -> bool:
        """CP-SAT's own LNS workers from the best plan for `seconds` (on the level's
        model, hinted, when `model` is None), our neighbourhoods beside them; whether
        it was ended early to restart from our plan (`stalled`). Only a solve of the
        level's own model is ended so: a day's part of a stop of several is followed by
        the next day's, which starts from our plan anyway."""
        self.handover.clear()
        self.turn = time.perf_counter(), self.incumbent()[0]
        until = self.handover if model is None else None
        done = threading.Event()
        beside = threading.Thread(
            target=self.neighbourhoods, args=(time.perf_counter() + seconds, done), daemon=True
        )
        beside.start()
        try:
            found = self.solve(model, seconds, lns_only=True, seen=self.see, until=until)
            self.count("cpsat", found[0])
        finally:
            done.set()
            beside.join()
            self.seen = None
        return until is not None and until.is_set()

    def solve(
        self, model: cp_model.CpModel | None, seconds: float, **options: Any
    ) -> tuple[bool, cp_model.CpSolverStatus | None]:
        """Solve the level's model or a part of it (`Lexicographic.solve_once` with
        `options`) and keep its plan if it is better; whether kept, and the status
        (None: the solve failed)."""
        try:
            status, solver = self.run.solve_once(self.level, seconds, model, **options)
        except IndexError:
            # A safeguard: CP-SAT 9.15 raised `raw_hash_map<>::at` from inside `solve` on a
            # hinted neighbourhood (see `step`); a failed step, not a failed stop.
            self.count("failed", False)
            return False, None
        return self.keep(status, solver), status

    def count(self, name: str, improved: bool) -> None:
        """Count one step of a kind (or of CP-SAT's LNS), and whether it improved."""
        tried = self.steps.setdefault(name, [0, 0])
        tried[0] += 1
        tried[1] += int(improved)

    def keep(self, status: cp_model.CpSolverStatus, solver: cp_model.CpSolver) -> bool:
        """Take a solve's plan when it is better than the best; True when taken."""
        with _KEEP:
            if status in SOLVED and solver.objective_value < self.best.objective_value:
                self.best = solver
                return True
            return False


def resize(size: float, freed: int, status: cp_model.CpSolverStatus | None) -> float:
    """A kind's next size after a step that freed `freed` jobs (at most `size`) and
    ended with `status`: larger when the step was cut to the size and proven unable to
    improve, smaller when it ran out of time without a plan, else the same."""
    if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE) and freed >= round(size):
        return size * LNS_GROW
    if status == cp_model.UNKNOWN:
        return max(LNS_MIN_JOBS, LNS_SHRINK * freed)
    return size


_KEEP = threading.Lock()
"""Our steps and CP-SAT's solve end in different threads."""


def adaptive_search(
    v: Variables,
    run: Lexicographic,
    level: lexicographic.Level,
    incumbent: cp_model.CpSolver,
    budget: float,
    highs: HighsBeside | None = None,
) -> Search:
    """CP-SAT's LNS from `incumbent` for `budget` wall seconds, on the whole stop or one
    day after another, with our neighbourhoods beside it and the plan of `highs` followed
    once it has ended; the search, with its best plan, which is never worse than
    `incumbent`."""
    roulette = Roulette(list(KINDS), random.Random(run.limits.seed))
    search = Search(v, run, level, incumbent, roulette, highs=highs)
    ends = time.perf_counter() + budget
    days = choices_by_day(v)
    for index, day in enumerate(sorted(days) if len(days) > 1 else [None]):
        share = (ends - time.perf_counter()) / (max(1, len(days)) - index)
        if share <= MIN_BUDGET_S or run.limits.stop.is_set():
            break
        turn_ends = time.perf_counter() + share
        while search.cpsat(_part(search, days, day), share):  # handed over: restart
            share = turn_ends - time.perf_counter()
            if share <= MIN_BUDGET_S or run.limits.stop.is_set():
                break
    # CP-SAT may prove a day's part optimal early: our neighbourhoods use what is left.
    search.neighbourhoods(ends, threading.Event())
    return search


def _part(
    search: Search, days: dict[dt.date, set[int]], day: dt.date | None
) -> cp_model.CpModel | None:
    """CP-SAT's model for one turn: `day`'s part (every other day's choices held at the
    best plan), or the level's own model hinted at it (`day` None)."""
    values = search.incumbent()[1]
    if day is None:
        hint_at(search.run.model, values)
        return None
    others = set().union(*(c for d, c in days.items() if d != day)) - days[day]
    return fixed_at(search.run.model, values, others)
