"""Engines for over-full problems: more stops than the vehicles have hours for.

Each takes the whole problem (lunch breaks, driving limits, allowed vehicles, windows)
and returns routes that keep every rule; what differs is the search:

- "ortools": OR-Tools' own search (required stops routed first, then guided local
  search). It stops improving long before its limit on 500 households.
- "vroom": VROOM (`vroom_engine.py`), which keeps lunch breaks and driving limits
  itself; its routes are repaired (`relax.repair`) where they break a rule, and the
  stops left out are put back where they still fit.
- "vroom+ortools": VROOM for up to VROOM_SHARE of the time, repaired, then OR-Tools
  from those routes for the rest.
- "pyvrp-prizes": PyVRP with prizes on the relaxed copy (`relax.relaxed`: no lunch,
  the driving limit as a distance), then a repair that makes room for the lunches.

`OVER_FULL_DEFAULT` is the one the household path (`hybrid.py`) uses; the figures
behind the choice are in docs/benchmarks.md (Home-visit routing, over-full days).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from solver.limits import Limits
from solver.routing.ortools_engine import solve_ortools
from solver.routing.problem import RoutingProblem, RoutingSolution
from solver.routing.pyvrp_engine import solve_pyvrp
from solver.routing.relax import better, relaxed, repair
from solver.routing.vroom_engine import solve_vroom

VROOM_SHARE = 0.5
"""Share of the time VROOM may take before OR-Tools polishes its routes ("vroom+ortools")."""
REPAIR_SHARE = 0.1
"""Share of the time kept for putting left-out stops back after a search."""
MIN_POLISH_S = 0.2
"""Below this much time left, the repaired routes are returned as they are."""

Engine = Callable[[RoutingProblem, Limits, "RoutingSolution | None"], RoutingSolution]


def solve_over_full(
    problem: RoutingProblem,
    limits: Limits,
    engine: str,
    first: RoutingSolution | None = None,
) -> RoutingSolution:
    """Routes for an over-full `problem` that keep every rule, by the named engine.

    Args:
        problem: the full problem.
        limits: the time limit covers every phase.
        engine: one of OVER_FULL_ENGINES.
        first: PyVRP's routes of the relaxed problem, when the caller has them
            (the household path's probe); a fallback, and where "pyvrp-prizes" starts.

    Raises:
        ValueError: `engine` is not one of OVER_FULL_ENGINES.
    """
    if engine not in OVER_FULL_ENGINES:
        known = ", ".join(OVER_FULL_ENGINES)
        raise ValueError(f"unknown over-full engine {engine!r} (known: {known})")
    started = time.perf_counter()
    solution = OVER_FULL_ENGINES[engine](problem, limits, first)
    solution.wall_s = time.perf_counter() - started
    return solution


def _ortools(
    problem: RoutingProblem, limits: Limits, first: RoutingSolution | None
) -> RoutingSolution:
    """OR-Tools' own search, from no routes: from PyVRP's routes it dropped more required
    households (93 against 91 of 258 on 500 households at 110 s)."""
    started = time.perf_counter()
    fallback = repair(problem, first.routes, deadline=started) if first else None
    cold = solve_ortools(problem, limits)
    if fallback is None:
        return cold
    return better(problem, fallback, cold) if cold.status == "feasible" else fallback


def _vroom(
    problem: RoutingProblem, limits: Limits, first: RoutingSolution | None
) -> RoutingSolution:
    """VROOM for the time but REPAIR_SHARE, then its routes repaired."""
    started = time.perf_counter()
    found = solve_vroom(problem, limits.with_time((1 - REPAIR_SHARE) * limits.time_limit_s))
    return repair(problem, found.routes, started + limits.time_limit_s, engine="vroom")


def _vroom_ortools(
    problem: RoutingProblem, limits: Limits, first: RoutingSolution | None
) -> RoutingSolution:
    """VROOM for up to VROOM_SHARE of the time, repaired, then OR-Tools from its routes."""
    started = time.perf_counter()
    found = solve_vroom(problem, limits.with_time(VROOM_SHARE * limits.time_limit_s))
    deadline = started + (VROOM_SHARE + REPAIR_SHARE) * limits.time_limit_s
    repaired = repair(problem, found.routes, deadline, engine="vroom")
    rest = limits.time_limit_s - (time.perf_counter() - started)
    if rest < MIN_POLISH_S or limits.stop.is_set():
        return repaired
    polished = solve_ortools(problem, limits.with_time(rest), initial=repaired)
    polished.engine = "vroom+ortools"
    return better(problem, repaired, polished) if polished.status == "feasible" else repaired


def _pyvrp_prizes(
    problem: RoutingProblem, limits: Limits, first: RoutingSolution | None
) -> RoutingSolution:
    """PyVRP with prizes on the relaxed copy (from `first` if given), then repaired."""
    started = time.perf_counter()
    search_s = (1 - REPAIR_SHARE) * limits.time_limit_s
    found = solve_pyvrp(relaxed(problem), limits.with_time(search_s), initial=first)
    return repair(problem, found.routes, started + limits.time_limit_s, engine="pyvrp")


OVER_FULL_ENGINES: dict[str, Engine] = {
    "ortools": _ortools,
    "vroom": _vroom,
    "vroom+ortools": _vroom_ortools,
    "pyvrp-prizes": _pyvrp_prizes,
}
"""The over-full engines by name, in the order they were tried."""
OVER_FULL_DEFAULT = "ortools"
