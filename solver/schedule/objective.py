"""The soft side: named objective terms and the lexicographic levels built from them.

Each term function adds what it needs to the model and returns an expression to
minimise, in its own unit (weight of needs, minutes). `LEVELS` lists the levels in the
order they are optimised. A level minimises the weighted sum of its terms, each weight
read from the scenario's `weights` (one place); a level has several terms, so that every
weight trades its term off against the others and changing it can change the plan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planner.model import Patient, Weights
from solver.schedule.rules import day_literals
from solver.schedule.variables import Variables

Term = Callable[[Variables], cp_model.LinearExprT]


def unserved_weight(v: Variables) -> cp_model.LinearExprT:
    """Severity-weighted needs not served (minimising it serves the most, severe first)."""
    return sum(jv.job.weight * (1 - jv.present) for jv in v.jobs)


def weighted_wait(v: Variables) -> cp_model.LinearExprT:
    """Minutes each patient spends in the clinic not being seen, weighted by hardship.

    A patient's wait runs from arrival to the end of their last appointment, less the
    time spent in appointments; it counts `early_or_far_factor` times for families who
    set out early or came far.
    """
    weights = v.instance.scenario.weights
    slot = v.instance.scenario.slot_min
    ends: dict[str, list] = defaultdict(list)
    for jv in v.jobs:
        for index, patient in enumerate(jv.job.members):
            ends[patient.id].append((jv, jv.member_start(index) + jv.job.unit))
    total = []
    for patient in v.instance.scenario.patients:
        stay = v.instance.stays[patient.id]
        if not ends[patient.id] or not stay:
            continue
        done = v.model.new_int_var(stay[0][0], stay[-1][1], f"done[{patient.id}]")
        for jv, end in ends[patient.id]:
            v.model.add(done >= end).only_enforce_if(jv.present)
        seen = sum(jv.job.unit * jv.present for jv, _ in ends[patient.id])
        total.append(hardship(weights, patient) * slot * (done - stay[0][0] - seen))
    return sum(total)


def hardship(weights: Weights, patient: Patient) -> int:
    """How many times a minute of this patient's waiting counts within the wait term."""
    early = patient.set_out is not None and patient.set_out < weights.early_before
    far = patient.travel_km is not None and patient.travel_km > weights.far_km
    return weights.early_or_far_factor if early or far else 1


def load_imbalance(v: Variables) -> cp_model.LinearExprT:
    """For each skill, the spread between the busiest and idlest expert who has it (min)."""
    slot = v.instance.scenario.slot_min
    load: dict[str, list] = defaultdict(list)
    for jv in v.jobs:
        for expert_id, busy in jv.busy.items():
            load[expert_id].append(jv.job.length * busy)
    horizon = sum(b - a for spans in v.instance.available.values() for a, b in spans) or 1
    spreads = []
    skills = sorted({s for e in v.instance.scenario.experts for s in e.skills})
    for skill in skills:
        experts = [e.id for e in v.instance.scenario.experts if skill in e.skills]
        if len(experts) < 2:
            continue
        top = v.model.new_int_var(0, horizon, f"load_max[{skill}]")
        low = v.model.new_int_var(0, horizon, f"load_min[{skill}]")
        for expert_id in experts:
            v.model.add(top >= sum(load[expert_id]))
            v.model.add(low <= sum(load[expert_id]))
        spreads.append(slot * (top - low))
    return sum(spreads)


def finish(v: Variables) -> cp_model.LinearExprT:
    """The end of the last appointment of each clinic day, in minutes after the day's start."""
    grid = v.instance.grid
    by_day: dict = defaultdict(list)
    for jv in v.jobs:
        for day, on_day in day_literals(v, jv).items():
            by_day[day].append((jv, on_day))
    total = []
    for day, jvs in sorted(by_day.items()):
        lo = grid.floor(day, 0)
        last = v.model.new_int_var(lo, lo + grid.per_day + 1, f"finish[{day}]")
        for jv, on_day in jvs:
            v.model.add(last >= jv.start + jv.job.length).only_enforce_if(on_day)
        total.append(grid.slot_min * (last - lo))
    return sum(total)


def _one(_: Weights) -> int:
    return 1


@dataclass(frozen=True)
class Weighted:
    """A named term of a level and the weight it gets from the scenario's `weights`."""

    name: str
    term: Term
    weight: Callable[[Weights], int] = _one


@dataclass(frozen=True)
class Level:
    """One level of the lexicographic objective: its name and the terms it minimises."""

    name: str
    terms: tuple[Weighted, ...]


LEVELS: list[Level] = [
    Level("served", (Weighted("unserved_weight", unserved_weight),)),
    Level(
        "comfort",
        (
            Weighted("weighted_wait_min", weighted_wait, lambda w: w.wait_per_min),
            Weighted("load_imbalance_min", load_imbalance, lambda w: w.load_balance),
            Weighted("finish_min", finish, lambda w: w.finish),
        ),
    ),
]
"""The objective, most important level first; each is minimised with those above fixed.
Needs served come first whatever the weights; the severity weights set what a need is
worth. The families' waiting, the experts' balance and the finish time share one level,
traded off by `wait_per_min`, `load_balance` and `finish`."""
