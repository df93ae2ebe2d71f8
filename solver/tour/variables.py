"""The CP-SAT variables of the tour model, named so that logs read well."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.tour.instance import TourInstance


@dataclass
class TourVariables:
    """The model and its variables.

    Attributes:
        scheduled: per stop, whether it gets dates.
        start: per stop, its first day (offset from `inst.origin`).
        assign: per (expert, stop, skill), whether the expert fills that need there;
            only skilled experts with a free start get one (the skill rule by
            construction).
        at: per (expert, stop), whether the expert goes there at all.
    """

    inst: TourInstance
    model: cp_model.CpModel
    scheduled: list[cp_model.IntVar] = field(default_factory=list)
    start: list[cp_model.IntVar] = field(default_factory=list)
    assign: dict[tuple[int, int, str], cp_model.IntVar] = field(default_factory=dict)
    at: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)


def create_variables(inst: TourInstance) -> TourVariables:
    """One start and one `scheduled` per stop; `assign` and `at` for candidates only."""
    model = cp_model.CpModel()
    v = TourVariables(inst=inst, model=model)
    horizon = inst.horizon
    for stop in inst.tour.stops:
        v.scheduled.append(model.new_bool_var(f"scheduled[{stop.id}]"))
        v.start.append(model.new_int_var(0, horizon, f"start[{stop.id}]"))
    for (s, skill), experts in inst.candidates.items():
        stop_id = inst.tour.stops[s].id
        for e in experts:
            name = f"assign[{inst.tour.experts[e].id},{stop_id},{skill}]"
            v.assign[e, s, skill] = model.new_bool_var(name)
    for e, s in inst.free_starts:
        name = f"at[{inst.tour.experts[e].id},{inst.tour.stops[s].id}]"
        v.at[e, s] = model.new_bool_var(name)
    return v
