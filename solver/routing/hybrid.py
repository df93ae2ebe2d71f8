"""The household path: PyVRP's search on the problem without the rules it cannot keep,
then the routes repaired and polished under every rule.

0. A problem whose required visits alone outlast every shift (`over_full.beyond_hours`)
   goes straight to the over-full engine (`over_full.py`) with the whole time.
1. PyVRP routes a relaxed copy of the problem (`relaxed`): no lunch breaks, the driving
   limit as a distance limit, no costs on working time, and every stop optional with a
   prize (a required one's far above the optional ones), so that an over-full problem
   still gets routes.
2. After PROBE_SHARE of the time: a problem where PyVRP leaves out more than
   OVER_FULL_SHARE of the required stops goes to the over-full engine for the rest
   (`over_full.py`). Otherwise PyVRP searches on until RELAXED_SHARE.
3. Each route that breaks a rule of the full problem loses stops until it keeps them
   all, and the stops left out are put back where they fit (`repair`).
4. With the rest of the time: if the repair changed nothing and the problem has no
   costs on working time, PyVRP searches on from its routes (there is nothing for
   OR-Tools to fix); otherwise OR-Tools starts from the repaired routes with every rule.

The best answer that keeps every rule is returned: the fewest required stops dropped,
then the least distance plus the penalties of dropped optional stops.
"""

from __future__ import annotations

import time

from solver.limits import Limits
from solver.routing.ortools_engine import solve_ortools
from solver.routing.over_full import OVER_FULL_DEFAULT, beyond_hours, solve_over_full
from solver.routing.problem import RoutingProblem, RoutingSolution
from solver.routing.pyvrp_engine import solve_pyvrp
from solver.routing.relax import better, relaxed, repair

PROBE_SHARE = 0.2
"""Share of the time after which PyVRP's answer tells whether the problem is over-full."""
OVER_FULL_SHARE = 0.2
"""A problem is over-full when PyVRP's first answer leaves out more than this share of
its required stops, even without lunch. (Some are search noise that the repair puts
back, more so on a loaded machine: 1 to 5 of 81-84 on 150 households; an over-full
problem leaves out many: 88 of 258 on 500.)"""
RELAXED_SHARE = 0.6
"""Share of the time PyVRP searches the relaxed problem before the routes are repaired."""
REPAIR_UNTIL_SHARE = 0.7
"""Share of the time after which the repair stops putting dropped stops back."""
MIN_POLISH_S = 0.2
"""Below this much time left, the repaired routes are returned as they are."""
POLISHED = "pyvrp+ortools"


def solve_hybrid(problem: RoutingProblem, limits: Limits) -> RoutingSolution:
    """Routes that keep every rule of `problem`, found by PyVRP then polished.

    Args:
        problem: the full problem, lunch breaks and driving limits included.
        limits: the time limit covers every phase; the seed goes to PyVRP.
    """
    started = time.perf_counter()
    if beyond_hours(problem):  # over-full before any driving: no probe needed
        best = solve_over_full(problem, limits, OVER_FULL_DEFAULT)
        best.wall_s = time.perf_counter() - started
        return best
    loose = relaxed(problem)
    first = solve_pyvrp(loose, limits.with_time(PROBE_SHARE * limits.time_limit_s))
    if _over_full_share(problem, first) > OVER_FULL_SHARE and not limits.stop.is_set():
        best = _over_full(problem, limits, started, first)
    else:
        share = RELAXED_SHARE * limits.time_limit_s - (time.perf_counter() - started)
        if share >= MIN_POLISH_S and not limits.stop.is_set():
            first = solve_pyvrp(loose, limits.with_time(share), initial=first)
        best = _repair_and_polish(problem, limits, started, loose, first)
    best.wall_s = time.perf_counter() - started
    return best


def _over_full(
    problem: RoutingProblem, limits: Limits, started: float, first: RoutingSolution
) -> RoutingSolution:
    """Even without lunch, PyVRP left many required stops out: more to do than the
    vehicles can. The over-full engine (`over_full.OVER_FULL_DEFAULT`) gets the rest of
    the time, with PyVRP's routes as its fallback."""
    rest = limits.time_limit_s - (time.perf_counter() - started)
    return solve_over_full(
        problem, limits.with_time(max(rest, MIN_POLISH_S)), OVER_FULL_DEFAULT, first
    )


def _repair_and_polish(
    problem: RoutingProblem,
    limits: Limits,
    started: float,
    loose: RoutingProblem,
    first: RoutingSolution,
) -> RoutingSolution:
    """Repair PyVRP's routes, then search on for the rest of the time: PyVRP if the
    routes kept every rule and nothing else counts, else OR-Tools from the repaired routes."""
    repaired = repair(problem, first.routes, started + REPAIR_UNTIL_SHARE * limits.time_limit_s)
    rest = limits.time_limit_s - (time.perf_counter() - started)
    if rest < MIN_POLISH_S or limits.stop.is_set():
        return repaired
    if repaired.routes == first.routes and not _has_time_costs(problem):
        again = solve_pyvrp(loose, limits.with_time(rest), initial=first)
        return better(problem, repaired, repair(problem, again.routes, deadline=started))
    polished = solve_ortools(problem, limits.with_time(rest), initial=repaired)
    polished.engine = POLISHED
    return better(problem, repaired, polished) if polished.status == "feasible" else repaired


def _over_full_share(problem: RoutingProblem, solution: RoutingSolution) -> float:
    """The share of the required stops that the solution leaves out."""
    required = sum(stop.required for stop in problem.stops)
    left_out = sum(problem.stops[s].required for s in solution.dropped)
    return left_out / required if required else 0.0


def _has_time_costs(problem: RoutingProblem) -> bool:
    return bool(problem.span_cost or problem.global_span_cost or problem.finish_cost)
