"""`plan_tour`: build the tour model and optimise its levels one after the other.

Each level of `LEVELS` is minimised with the levels above held at the values found,
starting from the previous level's solution (the greedy's for the first level).
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from planner.model.tour import Tour
from solver.lexicographic import Level, Lexicographic
from solver.limits import TOUR_FIXED_SHARES, TOUR_SHARES, Limits
from solver.result import wall_since
from solver.tour import progress
from solver.tour.bound import travel_bound
from solver.tour.diagnosis import diagnose
from solver.tour.greedy import greedy_solution
from solver.tour.instance import TourInstance, build_instance, prune_candidates
from solver.tour.objective import LEVELS, level_values
from solver.tour.reasons import unfilled_needs, unscheduled_stops
from solver.tour.result import TourResult
from solver.tour.rules import HARD_RULES
from solver.tour.solution import Solution, stop_plans
from solver.tour.variables import TourVariables, create_variables

TRAVEL = 2
"""The index of the travel level in `LEVELS`."""

MAIN_LEVELS = 3
"""The levels whose gap is reported as the tour's gap (stops, needs, travel); a level
that never ran counts as a gap of 1. The balance level's bound is weak and reported
apart (`terms['gap_load_balance']`)."""

DESCRIBE = {
    "stops_missed": progress.stops_and_needs,
    "needs_missed": progress.stops_and_needs,
    "travel_km": progress.travel,
    "load_balance": progress.load,
}
"""What each level of `LEVELS` says of an improving solution."""


def build_model(inst: TourInstance) -> TourVariables:
    """The tour model with every hard rule of `HARD_RULES`."""
    v = create_variables(inst)
    for rule in HARD_RULES:
        rule(v)
    return v


def plan_tour(tour: Tour, limits: Limits) -> TourResult:
    """The dates and experts of every stop, optimised level by level.

    Returns:
        The result, or status "infeasible" with a diagnosis naming the conflicting
        stops, or "unknown" when no solution was found in time.
    """
    started = time.perf_counter()
    inst = build_instance(tour)
    greedy = greedy_solution(inst)
    known = _proven_by_greedy(inst, greedy)
    flow_bound = travel_bound(inst) if len(known) > 1 and known[1] is not None else None
    pruned = prune_candidates(inst, set(greedy.assigned))
    v = build_model(inst)
    exprs = [level.term(v) for level in LEVELS]  # all built before the first hint
    _hint(v, greedy)
    run = Lexicographic(v.model, limits, started)
    run.run(
        [
            Level(level.name, expr, TOUR_SHARES[index], TOUR_FIXED_SHARES[index],
                  held=known[index] if index < len(known) else None,
                  describe=DESCRIBE[level.name](v))
            for index, (level, expr) in enumerate(zip(LEVELS, exprs, strict=True))
        ]
    )  # fmt: skip
    required = all(s in greedy.starts for s, stop in enumerate(tour.stops) if stop.required)
    # The greedy keeps every hard rule when it holds every required stop: the tour to beat.
    best = greedy if required else None
    if run.best is not None:
        best = _solution(v, run.best)
    if best is None:
        infeasible = run.levels.get(LEVELS[0].name) == "infeasible"
        diagnosis = diagnose(v.inst) if infeasible else []
        return TourResult("infeasible" if infeasible else "unknown", diagnosis=diagnosis,
                          levels=run.levels, wall_s=wall_since(started))  # fmt: skip
    return _result(v, run, best, started, pruned, flow_bound)


def _result(
    v: TourVariables, run: Lexicographic, sol: Solution, started: float, pruned: int,
    flow_bound: int | None,
) -> TourResult:  # fmt: skip
    bounds = [run.bounds.get(level.name, 0.0) for level in LEVELS]
    proven = len(run.levels) == len(LEVELS) and all(s == "optimal" for s in run.levels.values())
    proven = proven and not pruned  # an optimum of the reduced model only
    terms = level_values(v.inst, sol)
    terms["candidates_left_out"] = float(pruned)
    terms["needs_filled"] = float(sol.needs_filled())
    terms["travel_km_total"] = float(sol.travel_km(v.inst))
    gaps = {name: _gap(terms[name], bounds[i]) for i, name in enumerate(run.levels)
            if run.levels[name] in ("optimal", "feasible")}  # fmt: skip
    travel = LEVELS[TRAVEL].name
    if pruned:  # the model's bound holds for the reduced model only
        gaps.pop(travel, None)
    if flow_bound is not None:
        gaps[travel] = min(gaps.get(travel, 1.0), _gap(terms[travel], flow_bound))
        terms["travel_flow_bound"] = float(flow_bound)
    terms.update({f"gap_{name}": gap for name, gap in gaps.items()})
    return TourResult(
        "optimal" if proven else "feasible",
        stops=stop_plans(v.inst, sol),
        unfilled=unfilled_needs(v.inst, sol, proven),
        unscheduled=unscheduled_stops(v.inst, sol, proven),
        objective=terms[LEVELS[0].name] * 1e6 + terms[LEVELS[1].name],
        bound=bounds[0] * 1e6 + bounds[1],
        gap=max((gaps.get(lv.name, 1.0) for lv in LEVELS[:MAIN_LEVELS]), default=0.0),
        wall_s=wall_since(started), terms=terms, levels=dict(run.levels),
    )  # fmt: skip


def _gap(value: float, bound: float) -> float:
    return round((value - bound) / value, 6) if value > 0 else 0.0


def _proven_by_greedy(inst: TourInstance, sol: Solution) -> list[int | None]:
    """The greedy's values of the first levels where they meet a bound that is obvious.

    No stop without a start day can be held, and no need can get more experts than it
    has candidates. Where the greedy reaches these bounds its level is optimal, and the
    solver's time goes to the travel level, starting from the greedy's tour.
    """
    tour = inst.tour
    if any(stop.required and s not in sol.starts for s, stop in enumerate(tour.stops)):
        return []
    weights = tour.weights.skills
    stops_bound = sum(stop.priority for s, stop in enumerate(tour.stops) if not inst.starts[s])
    stops_value = sum(stop.priority for s, stop in enumerate(tour.stops) if s not in sol.starts)
    needs_bound = needs_value = 0
    for s, needs in enumerate(inst.needs):
        for skill, count in needs:
            held = len(inst.candidates.get((s, skill), [])) if inst.starts[s] else 0
            needs_bound += weights.get(skill, 1) * max(0, count - held)
            needs_value += weights.get(skill, 1) * (count - sol.filled(s, skill))
    if stops_value != stops_bound:
        return []
    return [stops_value, needs_value if needs_value == needs_bound else None]


def _hint(v: TourVariables, sol: Solution) -> None:
    """Hint a full solution so the first level starts from a feasible point."""
    v.model.clear_hints()
    assigned = set(sol.assigned)
    pairs = {(e, s) for e, s, _k in sol.assigned}
    starts = {s: sol.starts.get(s, t[0] if t else 0) for s, t in enumerate(v.inst.starts)}
    for s, var in enumerate(v.scheduled):
        v.model.add_hint(var, s in sol.starts)
        v.model.add_hint(v.start[s], starts[s])

    for key, var in v.assign.items():
        v.model.add_hint(var, key in assigned)
    for pair, var in v.at.items():
        v.model.add_hint(var, pair in pairs)


def _solution(v: TourVariables, solver: cp_model.CpSolver) -> Solution:
    sol = Solution()
    for s, var in enumerate(v.scheduled):
        if solver.boolean_value(var):
            sol.starts[s] = int(solver.value(v.start[s]))
    sol.assigned = [key for key, var in v.assign.items() if solver.boolean_value(var)]
    return sol
