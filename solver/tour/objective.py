"""The lexicographic aims of the tour, each a named linear expression to minimise.

Levels are optimised in order, each held at its best value while the next is
optimised: stops scheduled, needs filled, travel km, then the balance of load.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from solver.tour.instance import TourInstance
from solver.tour.solution import Solution
from solver.tour.variables import TourVariables

Term = Callable[[TourVariables], cp_model.LinearExprT]


def stops_missed(v: TourVariables) -> cp_model.LinearExprT:
    """Priority of the stops left without dates."""
    return sum(stop.priority * (1 - v.scheduled[s]) for s, stop in enumerate(v.inst.tour.stops))


def needs_missed(v: TourVariables) -> cp_model.LinearExprT:
    """Weighted skill needs left unfilled (needs of unscheduled stops count too)."""
    weights = v.inst.tour.weights.skills
    total = sum(
        weights.get(skill, 1) * count
        for stop in v.inst.tour.stops
        for skill, count in stop.needs.items()
    )
    filled = sum(weights.get(skill, 1) * var for (_e, _s, skill), var in v.assign.items())
    return total - filled


def travel_km(v: TourVariables) -> cp_model.LinearExprT:
    """Experts' round trips, in km, times the km weight."""
    weight = v.inst.tour.weights.km
    return sum(weight * v.inst.km[pair] * at for pair, at in v.at.items())


def load_balance(v: TourVariables) -> cp_model.LinearExprT:
    """The most stops of any one expert, then the spread (most minus fewest)."""
    weights = v.inst.tour.weights
    by_expert: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for (e, _s), at in v.at.items():
        by_expert[e].append(at)
    if not by_expert:
        return 0
    stops = len(v.inst.tour.stops)
    most = v.model.new_int_var(0, stops, "load[most]")
    fewest = v.model.new_int_var(0, stops, "load[fewest]")
    for literals in by_expert.values():
        v.model.add(most >= sum(literals))
        v.model.add(fewest <= sum(literals))
    return weights.max_load * most + weights.spread * (most - fewest)


@dataclass(frozen=True)
class Level:
    """One level of the lexicographic objective."""

    name: str
    term: Term


LEVELS: list[Level] = [
    Level("stops_missed", stops_missed),
    Level("needs_missed", needs_missed),
    Level("travel_km", travel_km),
    Level("load_balance", load_balance),
]
"""The aims in the order they are optimised."""


def level_values(inst: TourInstance, sol: Solution) -> dict[str, float]:
    """Each level's value for a solution, worked out from the solution alone.

    The same sums as the expressions above, for solutions that did not come from the
    model (the greedy's), and as a cross-check of the model's own values in the tests.
    """
    tour = inst.tour
    weights = tour.weights
    missed = sum(stop.priority for s, stop in enumerate(tour.stops) if s not in sol.starts)
    total = sum(weights.skills.get(k, 1) * n for stop in tour.stops for k, n in stop.needs.items())
    filled = sum(weights.skills.get(k, 1) for _e, _s, k in sol.assigned)
    loads = {e: 0 for e, _s in inst.free_starts}
    for e, _s, _k in sol.assigned:
        loads[e] += 1
    most, fewest = (max(loads.values()), min(loads.values())) if loads else (0, 0)
    return {
        "stops_missed": float(missed),
        "needs_missed": float(total - filled),
        "travel_km": float(weights.km * sol.travel_km(inst)),
        "load_balance": float(weights.max_load * most + weights.spread * (most - fewest)),
    }
