"""Why a tour's hard rules cannot all hold: the required stops that crowd the crews.

Only `required` stops are forced; everything else may be left out. So a tour is
impossible exactly when its required stops cannot all get dates: either a window has
no allowed start day, or the crews cannot run them all. A deletion filter finds a
smallest set of required stops that still conflicts, and names it.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from planner.model.words import gettext as _
from planner.model.words import ngettext
from solver.tour.instance import TourInstance
from solver.tour.reasons import span

FILTER_S = 2.0
"""Seconds for each small crew-only solve of the filter."""


def diagnose(inst: TourInstance) -> list[str]:
    """Messages naming the conflicting required stops."""
    tour = inst.tour
    required = [s for s, stop in enumerate(tour.stops) if stop.required]
    empty = [s for s in required if not inst.starts[s]]
    if empty:
        days = "/".join(tour.start_weekdays)
        return [
            _("required stop '{id}': its window {window} has no {days}", id=tour.stops[s].id,
              window=span(tour.stops[s].window.first, tour.stops[s].window.last), days=days)
            for s in empty
        ]  # fmt: skip
    core = list(required)
    for s in list(core):
        trial = [t for t in core if t != s]
        if not _crews_fit(inst, trial):
            core = trial
    crew = tour.crew
    lines = [
        ngettext("the crew cannot run all these required stops within their windows "
                 "({rest_days} rest days after each):",
                 "the {count} crews cannot run all these required stops within their windows "
                 "({rest_days} rest days after each):", crew.crews, rest_days=crew.rest_days)
    ]  # fmt: skip
    for s in core:
        stop = tour.stops[s]
        window = span(stop.window.first, stop.window.last)
        lines.append(
            _(
                "  stop '{id}' ({city}): {days} days, starting {window}",
                id=stop.id,
                city=stop.city,
                days=stop.days,
                window=window,
            )
        )
    return lines


def _crews_fit(inst: TourInstance, stops: list[int]) -> bool:
    """Whether the crews can run these stops, each starting in its window."""
    model = cp_model.CpModel()
    rest, intervals = inst.tour.crew.rest_days, []
    for s in stops:
        start = model.new_int_var_from_domain(cp_model.Domain.from_values(inst.starts[s]), "s")
        intervals.append(
            model.new_fixed_size_interval_var(start, inst.tour.stops[s].days + rest, "i")
        )
    model.add_cumulative(intervals, [1] * len(intervals), inst.tour.crew.crews)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = FILTER_S
    solver.parameters.num_workers = 1
    return solver.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
