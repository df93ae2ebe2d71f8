"""The greedy baseline: stops in window order, the nearest free expert for each need.

It is also the model's first hint. It keeps every hard rule except `required`: a
required stop that finds no crew stays unscheduled here.
"""

from __future__ import annotations

import time

from planner.model.tour import Tour
from solver.result import wall_since
from solver.tour.instance import TourInstance, build_instance
from solver.tour.reasons import unfilled_needs, unscheduled_stops
from solver.tour.result import TourResult
from solver.tour.solution import Solution, stop_plans


def greedy_tour(tour: Tour) -> TourResult:
    """The greedy tour of a validated tour file, as a result like the model's."""
    started = time.perf_counter()
    inst = build_instance(tour)
    sol = greedy_solution(inst)
    terms = {"needs_filled": float(sol.needs_filled()), "travel_km": float(sol.travel_km(inst))}
    return TourResult(
        "feasible", stops=stop_plans(inst, sol), unfilled=unfilled_needs(inst, sol, True),
        unscheduled=unscheduled_stops(inst, sol, True), terms=terms,
        wall_s=wall_since(started),
    )  # fmt: skip


def greedy_solution(inst: TourInstance) -> Solution:
    """Place each stop at its earliest start a crew can take, then fill its needs."""
    tour = inst.tour
    sol = Solution()
    trips: dict[int, list[int]] = {}
    order = sorted(range(len(tour.stops)), key=lambda s: _window_key(inst, s))
    for s in order:
        start = next((t for t in inst.starts[s] if _crew_free(inst, sol, s, t)), None)
        if start is None:
            continue
        sol.starts[s] = start
        going: set[int] = set()
        for skill, count in inst.needs[s]:
            nearest = sorted(inst.candidates.get((s, skill), []), key=lambda e: inst.km[e, s])
            for e in nearest:
                if count == 0:
                    break
                if e not in going and _expert_free(inst, sol, trips.get(e, []), e, s):
                    sol.assigned.append((e, s, skill))
                    trips.setdefault(e, []).append(s)
                    going.add(e)
                    count -= 1
    return sol


def _window_key(inst: TourInstance, s: int) -> tuple[object, ...]:
    stop = inst.tour.stops[s]
    return (stop.window.first, stop.window.last, s)


def _crew_free(inst: TourInstance, sol: Solution, s: int, t: int) -> bool:
    """Fewer than `crews` stops (with their rest days) overlap a start on day `t`."""
    rest = inst.tour.crew.rest_days
    end = t + inst.tour.stops[s].days + rest
    busy = sum(
        1 for o, u in sol.starts.items() if u < end and t < u + inst.tour.stops[o].days + rest
    )
    return busy < inst.tour.crew.crews


def _expert_free(inst: TourInstance, sol: Solution, trips: list[int], e: int, s: int) -> bool:
    """Off leave for the stop's days, under max_stops and with the gap to other trips."""
    t = sol.starts[s]
    if t not in inst.free_starts[e, s]:
        return False
    limit = inst.tour.experts[e].max_stops
    if limit is not None and len(trips) >= limit:
        return False
    gap = inst.tour.expert_gap_days
    days = inst.tour.stops[s].days
    for o in trips:
        u, d = sol.starts[o], inst.tour.stops[o].days
        if u < t + days + gap and t < u + d + gap:
            return False
    return True
