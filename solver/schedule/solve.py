"""`schedule_stop`: build the CP-SAT model and optimise its levels one after the other.

`solve_model` does the optimising on a model built by `model.build_model`, so that a
caller (the re-planner) can add its own constraints, hints and levels first. Each level
of `LEVELS` is minimised with every level above it held at the value found,
starting from the previous level's solution as a hint. The first level (needs served)
gets most of the time; its proven bound gives the reported gap.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence

from ortools.sat.python import cp_model

from planner.model import Scenario
from solver import lexicographic
from solver.cpsat import Describe
from solver.lexicographic import MIN_BUDGET_S, Found, Lexicographic
from solver.limits import (
    GUIDE_SHARE,
    INTEGER_BOUND_S,
    PRIMARY_SHARE,
    PROOF_MIN_S,
    PROOF_SHARE,
    RESERVE_SHARE,
    ROOM_MAX_S,
    ROOM_SHARE,
    Limits,
)
from solver.result import wall_since
from solver.schedule import extract, progress
from solver.schedule.days import choices_by_day
from solver.schedule.diagnosis import diagnose, precheck
from solver.schedule.greedy import greedy_hint
from solver.schedule.guided import HighsBeside, hint_guided_plan
from solver.schedule.lns import adaptive_search
from solver.schedule.model import build_model, require_mandatory
from solver.schedule.objective import LEVELS, Level
from solver.schedule.reasons import unserved_needs
from solver.schedule.result import ScheduleResult, ScheduleStatus
from solver.schedule.rooms import assign_rooms, room_changes
from solver.schedule.variables import Variables


def schedule_stop(scenario: Scenario, limits: Limits) -> ScheduleResult:
    """Plan the clinic and the course of one stop.

    Args:
        scenario: a validated scenario.
        limits: time limit, seed, workers, progress and stop controls.

    Returns:
        The schedule, or status "infeasible" with a diagnosis, or "unknown".
    """
    started = time.perf_counter()
    problems = precheck(scenario)
    if problems:
        return ScheduleResult(
            "infeasible", limits.seed, limits.time_limit_s, wall_since(started), diagnosis=problems
        )
    v = build_model(scenario)
    require_mandatory(v)
    return solve_model(v, limits, started=started)


def solve_model(
    v: Variables,
    limits: Limits,
    levels: Sequence[Level] = LEVELS,
    started: float | None = None,
) -> ScheduleResult:
    """Minimise `levels` in order on a built model, each with those above held.

    A caller may have added hints, fixings and constraints to `v.model`, and may pass
    levels with terms of its own. The first level's proven bound gives the result's
    bound and gap, which count served weight when it is `LEVELS`' first (needs served).

    Args:
        v: the model from `model.build_model`, mandatory parts forced on or not.
        limits: time limit, seed, workers, progress and stop controls.
        levels: the lexicographic objective, most important first.
        started: `time.perf_counter()` when the whole solve began (default: now).
    """
    started = time.perf_counter() if started is None else started
    weights = v.instance.scenario.weights
    expressions = [
        [(t.name, t.weight(weights), t.term(v)) for t in level.terms] for level in levels
    ]  # built before the first solve, so every level's variables exist in every hint
    if not v.model.proto.solution_hint.vars:  # a caller's own hint goes first
        for var, val in greedy_hint(v):
            v.model.add_hint(var, val)
    run = Lexicographic(v.model, limits, started, reserve=RESERVE_SHARE)
    run.run(_levels(v, levels, expressions, limits.deterministic))
    if run.best is None:
        first = run.levels.get(levels[0].name)
        status: ScheduleStatus = "infeasible" if first == "infeasible" else "unknown"
        scenario = v.instance.scenario
        diagnosis = diagnose(scenario, limits) if status == "infeasible" else []
        wall_s = wall_since(started)
        return ScheduleResult(
            status, limits.seed, limits.time_limit_s, wall_s, diagnosis=diagnosis, levels=run.levels
        )
    return _result(v, run, levels, expressions, started)


def _levels(
    v: Variables, levels: Sequence[Level], expressions: list, deterministic: bool
) -> list[lexicographic.Level]:
    """The runner's levels: the first gets `PRIMARY_SHARE` of the time and, outside
    deterministic mode, its own search; each other an equal share of what is left."""
    count, out = len(levels), []
    for index, (level, terms) in enumerate(zip(levels, expressions, strict=True)):
        primary = index == 0
        share = PRIMARY_SHARE if primary else 1.0 / (count - index)
        fixed = PRIMARY_SHARE if primary else (1 - PRIMARY_SHARE) / max(1, count - 1)
        out.append(lexicographic.Level(
            level.name, sum(weight * expr for _, weight, expr in terms), share, fixed,
            describe=_describe(v, terms, primary),
            search=_prove_then_search(v) if primary and not deterministic else None,
        ))  # fmt: skip
    return out


def _describe(v: Variables, terms: list, primary: bool) -> Describe:
    """The first level says the needs served and the gap; the others, their terms."""
    if primary:
        return progress.served_within(v)
    return progress.said(progress.served(v), *(progress.term(v, n, e) for n, _, e in terms))


def _result(
    v: Variables, run: Lexicographic, levels: Sequence[Level], expressions: list, started: float
) -> ScheduleResult:
    value = run.value
    booked = extract.booked_jobs(v, value)
    sessions = extract.trainings(v, value)
    limits = run.limits
    room_s = 0.0 if limits.stop.is_set() else min(ROOM_MAX_S, ROOM_SHARE * limits.time_limit_s)
    rooms = assign_rooms(v, booked, room_s, limits.deterministic)
    appointments = extract.appointments(v, booked, rooms)
    breaks = extract.lunch_breaks(v, value, extract.working_days(appointments, sessions))
    servable = v.servable
    served = sum(b.jv.job.weight for b in booked)
    bound = servable - run.bounds.get(levels[0].name, 0.0)
    terms = {name: float(run.value(expr)) for level in expressions for name, _, expr in level}
    terms["served_weight"] = float(served)
    terms["room_changes"] = float(room_changes(v, booked, rooms))
    optimal = all(s == "optimal" for s in run.levels.values()) and len(run.levels) == len(levels)
    return ScheduleResult(
        "optimal" if optimal else "feasible",
        seed=limits.seed,
        time_limit_s=limits.time_limit_s,
        appointments=appointments,
        trainings=sessions,
        unserved=unserved_needs(v, appointments, sessions, breaks),
        breaks=breaks,
        objective=float(served),
        bound=float(bound),
        gap=round((bound - served) / bound, 6) if bound > 0 else 0.0,
        wall_s=wall_since(started),
        terms=terms,
        levels=dict(run.levels),
        level_s=dict(run.level_s),
    )


def _prove_then_search(v: Variables) -> lexicographic.Search:
    """The first level in two phases: the whole portfolio for `PROOF_SHARE` of the
    budget, which proves small stops optimal and finds the bound of large ones at
    its root, then the clinic-day LNS beside CP-SAT's LNS workers from its best plan
    for the rest (`lns.py`). On a stop of several days with the LP's solution, the
    portfolio starts from the guided plan, found in `GUIDE_SHARE` of the budget first
    (`guided.py`); on one day the portfolio's own plans did better, and HiGHS proves the
    0-1 relaxation's bound and a plan beside both phases (`guided.HighsBeside`).

    On a large stop the bound stops moving after the root, while the portfolio's
    bound workers keep half the cores; LNS alone serves more in the same time.
    """

    def search(run: Lexicographic, level: lexicographic.Level, budget: float) -> Found:
        if v.relaxed is None or len(choices_by_day(v)) > 1:
            return phases(run, level, budget, None)
        highs = HighsBeside(v, min(budget, INTEGER_BOUND_S))
        try:
            status, best = phases(run, level, budget, highs)
        except BaseException:
            highs.hold(run, level, wait=False)
            raise
        if highs.hold(run, level, wait=status == cp_model.FEASIBLE):
            status = _proven(run, level, best)
        return status, best

    def phases(
        run: Lexicographic, level: lexicographic.Level, budget: float, highs: HighsBeside | None
    ) -> Found:
        began = time.perf_counter()
        if v.relaxed is not None and highs is None:
            hint_guided_plan(v, run, level, budget * GUIDE_SHARE)
            budget -= time.perf_counter() - began
            began = time.perf_counter()
        first = min(budget, max(budget * PROOF_SHARE, PROOF_MIN_S))
        status, proof = run.solve_once(level, first)
        left = budget - (time.perf_counter() - began)
        if left <= MIN_BUDGET_S or run.limits.stop.is_set() or status != cp_model.FEASIBLE:
            if status == cp_model.UNKNOWN and left > MIN_BUDGET_S and not run.limits.stop.is_set():
                return run.solve_once(level, left)  # no plan yet: the portfolio goes on
            return status, proof
        return _search(v, run, level, proof, left, highs)

    return search


def _search(
    v: Variables, run: Lexicographic, level: lexicographic.Level, proof: cp_model.CpSolver,
    left: float, highs: HighsBeside | None,
) -> Found:  # fmt: skip
    """The clinic-day LNS beside CP-SAT's LNS workers from the proof's best plan, for
    `left` seconds, and HiGHS's plan once it has ended (`lns.py`)."""
    best = adaptive_search(v, run, level, proof, left, highs).best
    return _proven(run, level, best), best


def _proven(
    run: Lexicographic, level: lexicographic.Level, solver: cp_model.CpSolver
) -> cp_model.CpSolverStatus:
    """Optimal when the solution reaches the first level's proven bound."""
    proven = solver.objective_value <= math.ceil(run.bounds[level.name] - 1e-6)
    return cp_model.OPTIMAL if proven else cp_model.FEASIBLE
