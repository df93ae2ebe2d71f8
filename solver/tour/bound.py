"""A lower bound on travel that holds for the whole tour, whatever the model leaves out.

Once every stop that can be held is held and every need gets as many experts as it has
candidates (the greedy often reaches both), the least travel is at least that of a
min-cost flow: experts (up to `max_stops` each) to stops (one need per stop each) to
needs, without the dates, so without the expert gap. It bounds the full tour even when
the model keeps only the nearest candidates.
"""

from __future__ import annotations

from ortools.graph.python import min_cost_flow

from solver.tour.instance import TourInstance


def travel_bound(inst: TourInstance) -> int | None:
    """The flow bound on travel km (times the km weight), or None if the flow fails."""
    flow = min_cost_flow.SimpleMinCostFlow()
    tour = inst.tour
    n_experts = len(tour.experts)
    nodes: dict[object, int] = {}
    source, sink = 0, 1

    def node(key: object) -> int:
        return nodes.setdefault(key, 2 + n_experts + len(nodes))

    demand = 0
    for (s, skill), experts in inst.candidates.items():
        seats = min(tour.stops[s].needs[skill], len(experts))
        flow.add_arc_with_capacity_and_unit_cost(node(("need", s, skill)), sink, seats, 0)
        demand += seats
        for e in experts:
            flow.add_arc_with_capacity_and_unit_cost(
                node(("go", e, s)), node(("need", s, skill)), 1, 0
            )
    for e, s in inst.free_starts:
        cost = tour.weights.km * inst.km[e, s]
        flow.add_arc_with_capacity_and_unit_cost(2 + e, node(("go", e, s)), 1, cost)
    for e, expert in enumerate(tour.experts):
        limit = len(tour.stops) if expert.max_stops is None else expert.max_stops
        flow.add_arc_with_capacity_and_unit_cost(source, 2 + e, limit, 0)
    flow.set_node_supply(source, demand)
    flow.set_node_supply(sink, -demand)
    if flow.solve() != flow.OPTIMAL:
        return None
    return int(flow.optimal_cost())
