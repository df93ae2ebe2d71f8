"""The hard rules of the tour, one `add_*` per rule, in an ordered registry.

That an expert fills a need only with a skill they have holds by construction:
`assign` variables exist only for skilled experts (see `variables.py`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from ortools.sat.python import cp_model

from solver.tour.variables import TourVariables


def add_start_in_window(v: TourVariables) -> None:
    """A stop's first day is one of its window's allowed days; with none, it is not held."""
    for s, starts in enumerate(v.inst.starts):
        if starts:
            v.model.add_linear_expression_in_domain(v.start[s], cp_model.Domain.from_values(starts))
        else:
            v.model.add(v.scheduled[s] == 0)
            v.model.add(v.start[s] == 0)


def add_crews(v: TourVariables) -> None:
    """At most `crew.crews` stops run at once, counting `rest_days` after each."""
    crew = v.inst.tour.crew
    intervals = []
    for s, stop in enumerate(v.inst.tour.stops):
        size = stop.days + crew.rest_days
        intervals.append(
            v.model.new_optional_fixed_size_interval_var(
                v.start[s], size, v.scheduled[s], f"crew[{stop.id}]"
            )
        )
    if crew.crews == 1:
        v.model.add_no_overlap(intervals)
    else:
        v.model.add_cumulative(intervals, [1] * len(intervals), crew.crews)


def add_need_counts(v: TourVariables) -> None:
    """No more experts of a skill than the stop needs, and none at an unheld stop."""
    by_need: dict[tuple[int, str], list[cp_model.IntVar]] = defaultdict(list)
    for (_e, s, skill), var in v.assign.items():
        by_need[s, skill].append(var)
    for (s, skill), literals in by_need.items():
        count = v.inst.tour.stops[s].needs[skill]
        v.model.add(sum(literals) <= count * v.scheduled[s])


def add_one_need_per_stop(v: TourVariables) -> None:
    """An expert fills at most one need per stop; `at` says whether they go."""
    by_pair: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    for (e, s, _skill), var in v.assign.items():
        by_pair[e, s].append(var)
    for pair, at in v.at.items():
        v.model.add(sum(by_pair[pair]) == at)


def add_expert_available(v: TourVariables) -> None:
    """An expert goes to a stop only if it starts on a day they are off leave throughout."""
    for (e, s), at in v.at.items():
        free = v.inst.free_starts[e, s]
        if free != v.inst.starts[s]:
            domain = cp_model.Domain.from_values(free)
            v.model.add_linear_expression_in_domain(v.start[s], domain).only_enforce_if(at)


def add_max_stops(v: TourVariables) -> None:
    """An expert does at most `max_stops` stops."""
    by_expert: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for (e, _s), at in v.at.items():
        by_expert[e].append(at)
    for e, literals in by_expert.items():
        limit = v.inst.tour.experts[e].max_stops
        if limit is not None and limit < len(literals):
            v.model.add(sum(literals) <= limit)


def add_expert_gap(v: TourVariables) -> None:
    """An expert has at least `expert_gap_days` free days between two of their stops."""
    gap = v.inst.tour.expert_gap_days
    by_expert: dict[int, list[cp_model.IntervalVar]] = defaultdict(list)
    for (e, s), at in v.at.items():
        stop = v.inst.tour.stops[s]
        name = f"trip[{v.inst.tour.experts[e].id},{stop.id}]"
        by_expert[e].append(
            v.model.new_optional_fixed_size_interval_var(v.start[s], stop.days + gap, at, name)
        )
    for intervals in by_expert.values():
        if len(intervals) > 1:
            v.model.add_no_overlap(intervals)


def add_required_stops(v: TourVariables) -> None:
    """A stop marked `required` is scheduled."""
    for s, stop in enumerate(v.inst.tour.stops):
        if stop.required:
            v.model.add(v.scheduled[s] == 1)


HARD_RULES: list[Callable[[TourVariables], None]] = [
    add_start_in_window,
    add_crews,
    add_need_counts,
    add_one_need_per_stop,
    add_expert_available,
    add_max_stops,
    add_expert_gap,
    add_required_stops,
]
"""Every hard rule of the tour model, in the order they are added."""
