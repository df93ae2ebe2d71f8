"""What the tour says of an improving solution, in a coordinator's words: stops scheduled,
expert needs filled, km travelled, the busiest and least busy expert. Each function
returns a level's `Describe`; its expressions are built once, outside the solver's
callback."""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from solver.cpsat import Describe, Value, counted
from solver.tour.variables import TourVariables


def stops_and_needs(v: TourVariables) -> Describe:
    """`scheduled 9 of 10 stops · 30 of 32 expert needs filled`."""
    stops = cp_model.LinearExpr.sum(v.scheduled)
    filled = cp_model.LinearExpr.sum(list(v.assign.values()))
    needs = sum(sum(stop.needs.values()) for stop in v.inst.tour.stops)
    count = len(v.scheduled)

    def describe(value: Value, bound: float) -> str:
        return (
            f"scheduled {value(stops):,} of {counted(count, 'stop')} · "
            f"{value(filled):,} of {counted(needs, 'expert need')} filled"
        )

    return describe


def travel(v: TourVariables) -> Describe:
    """`travel 12,345 km`: the experts' round trips."""
    km = _km(v)
    return lambda value, bound: f"travel {value(km):,} km"


def load(v: TourVariables) -> Describe:
    """`busiest expert 4 stops, least busy 1 · travel 12,345 km`."""
    km = _km(v)
    by_expert: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for (e, _s), at in v.at.items():
        by_expert[e].append(at)
    loads = [cp_model.LinearExpr.sum(literals) for literals in by_expert.values()]

    def describe(value: Value, bound: float) -> str:
        stops = [value(expr) for expr in loads] or [0]
        busiest = counted(max(stops), "stop")
        return f"busiest expert {busiest}, least busy {min(stops)} · travel {value(km):,} km"

    return describe


def _km(v: TourVariables) -> cp_model.LinearExprT:
    pairs = list(v.at.items())
    return cp_model.LinearExpr.weighted_sum(
        [at for _, at in pairs], [v.inst.km[p] for p, _ in pairs]
    )
