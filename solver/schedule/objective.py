"""The soft side: named objective terms and the lexicographic levels built from them.

Each term function adds what it needs to the model and returns an expression to
minimise. `LEVELS` lists the levels in the order they are optimised; weights come from
the scenario's `weights` (one place) and only trade terms off within a level.
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
    time spent in appointments; it counts more for families who set out early or came far.
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
    """How much a minute of this patient's waiting counts."""
    early = patient.set_out is not None and patient.set_out < weights.early_before
    far = patient.travel_km is not None and patient.travel_km > weights.far_km
    return weights.wait_per_min * (weights.early_or_far_factor if early or far else 1)


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
    return v.instance.scenario.weights.load_balance * sum(spreads)


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
    return v.instance.scenario.weights.finish * sum(total)


@dataclass(frozen=True)
class Level:
    """One level of the lexicographic objective: its name and the terms it minimises."""

    name: str
    terms: tuple[tuple[str, Term], ...]


LEVELS: list[Level] = [
    Level("served", (("unserved_weight", unserved_weight),)),
    Level("waiting", (("weighted_wait_min", weighted_wait),)),
    Level("balance", (("load_imbalance_min", load_imbalance),)),
    Level("finish", (("finish_min", finish),)),
]
"""The objective, most important level first; each is minimised with those above fixed."""
