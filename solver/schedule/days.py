"""One day at a time: how the first level's search splits a stop of several days.

Families come on one day, and an expert's caps, lunch and course are per day, so what one
day serves hardly depends on another. CP-SAT's own LNS picks its neighbourhoods across the
whole model; searching each day in turn (`lns.Search.cpsat`), with every other day's
choices fixed at the best plan so far, gives each search a model the size of a one-day
stop.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from ortools.sat.python import cp_model

from solver.cpsat import hint_at
from solver.schedule.variables import Variables


def choices_by_day(v: Variables) -> dict[dt.date, set[int]]:
    """The indices of the choice variables of what can only happen on each date: each
    job's presence, start, experts and rooms, each lunch, each course. A job whose
    patients could come on several dates belongs to none, so no neighbourhood fixes it."""
    grid = v.instance.grid
    days: dict[dt.date, set[int]] = defaultdict(set)
    for jv in v.jobs:
        dates = {grid.day_of(a) for a, _ in jv.job.domain} | {
            grid.day_of(b - 1) for _, b in jv.job.domain
        }
        if len(dates) == 1:
            choices = [jv.present, jv.start, *jv.pools.values(), *jv.assign.values()]
            days[dates.pop()].update(var.index for var in choices)
    for lunch in v.lunches:
        days[lunch.day].update((lunch.required.index, lunch.start.index))
    for tv in v.trainings:
        choices = [tv.required, tv.start, *tv.lecturer.values(), *tv.halls.values()]
        days[tv.training.date].update(var.index for var in choices)
    return dict(days)


def fixed_at(model: cp_model.CpModel, values: list[int], fixed: set[int]) -> cp_model.CpModel:
    """A copy of `model` with the variables in `fixed` held at `values` and every variable
    hinted at `values`; the copy's variables keep their indices."""
    copy = model.clone()
    for index in fixed:
        domain = copy.proto.variables[index].domain
        domain.clear()
        domain.extend([values[index], values[index]])
    hint_at(copy, values)
    return copy
