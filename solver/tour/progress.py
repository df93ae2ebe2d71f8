"""What the tour says of an improving solution, in a coordinator's words: stops scheduled,
expert needs filled, km travelled, the busiest and least busy expert. Each function
returns a level's `Describe`; its expressions are built once, outside the solver's
callback."""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from planner.model.words import gettext as _
from planner.model.words import ngettext
from solver.cpsat import Describe, Value
from solver.tour.variables import TourVariables


def stops_and_needs(v: TourVariables) -> Describe:
    """`scheduled 9 of 10 stops · 30 of 32 expert needs filled`."""
    stops = cp_model.LinearExpr.sum(v.scheduled)
    filled = cp_model.LinearExpr.sum(list(v.assign.values()))
    needs = sum(sum(stop.needs.values()) for stop in v.inst.tour.stops)
    count = len(v.scheduled)

    def describe(value: Value, bound: float) -> str:
        scheduled = ngettext("scheduled {scheduled:,} of {count:,} stop",
                             "scheduled {scheduled:,} of {count:,} stops",
                             count, scheduled=value(stops))  # fmt: skip
        filling = ngettext("{filled:,} of {count:,} expert need filled",
                           "{filled:,} of {count:,} expert needs filled",
                           needs, filled=value(filled))  # fmt: skip
        return f"{scheduled} · {filling}"

    return describe


def travel(v: TourVariables) -> Describe:
    """`travel 12,345 km`: the experts' round trips."""
    km = _km(v)
    return lambda value, bound: _("travel {km:,} km", km=value(km))


def load(v: TourVariables) -> Describe:
    """`busiest expert 4 stops, least busy 1 · travel 12,345 km`."""
    km = _km(v)
    by_expert: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for (e, _s), at in v.at.items():
        by_expert[e].append(at)
    loads = [cp_model.LinearExpr.sum(literals) for literals in by_expert.values()]

    def describe(value: Value, bound: float) -> str:
        stops = [value(expr) for expr in loads] or [0]
        busiest = ngettext("busiest expert {count:,} stop", "busiest expert {count:,} stops",
                           max(stops))  # fmt: skip
        return _("{busiest}, least busy {least} · travel {km:,} km", busiest=busiest,
                 least=min(stops), km=value(km))  # fmt: skip

    return describe


def _km(v: TourVariables) -> cp_model.LinearExprT:
    pairs = list(v.at.items())
    return cp_model.LinearExpr.weighted_sum(
        [at for _, at in pairs], [v.inst.km[p] for p, _ in pairs]
    )
