"""The guided first plan: CP-SAT looks first where the time-indexed LP serves.

On a large stop the whole portfolio's first plans are far from the best: on the
300-patient stop of seed 3 its plan after 18 s served 1383 of an LP bound of 1521. The
LP that gives that bound (`rules.add_relaxation_bound`) already says which jobs are worth
serving and when. `guided_model` is a copy of the model in which only the jobs the LP
serves may be served, each within `GUIDE_SLACK` slots of a start the LP gives it: a far
smaller search, where CP-SAT's portfolio finds good plans in seconds (1451 in 17 s on that
stop). Each of them is a plan of the whole model, since the copy only adds constraints;
`hint_guided_plan` hands the best to the first level's solves as their hint. The search
uses it on stops of several days only: on the one-day 120-patient stops, the portfolio
hinted at it served less than the portfolio alone (`solve._prove_then_search`).

There, `HighsBeside` has HiGHS solve the 0-1 relaxation instead, on a core of its own,
and the search completes its plan (`at_starts`: its jobs at its start slots, every other
choice left to CP-SAT) into a plan of the model.
"""

from __future__ import annotations

import math

from ortools.sat.python import cp_model

from solver import lexicographic
from solver.cpsat import hint_at
from solver.highs import HighsProcess
from solver.lexicographic import SOLVED, Lexicographic
from solver.limits import GUIDE_SLACK
from solver.schedule.relaxation import Relaxation
from solver.schedule.variables import Variables, domain_of


def guided_model(v: Variables, model: cp_model.CpModel) -> cp_model.CpModel:
    """A copy of `model` (the model of `v`, or a copy with the same variables) where a
    job is served only if the LP serves it, and then within `GUIDE_SLACK` slots of a
    start slot the LP gives it (`Variables.relaxed`)."""
    assert v.relaxed is not None
    guided = model.clone()
    for jv in v.jobs:
        present = guided.get_bool_var_from_proto_index(jv.present.index)
        slots = v.relaxed.get(jv.job.id)
        if not slots:
            guided.add(present == 0)
            continue
        near = sorted({t + d for t in slots for d in range(-GUIDE_SLACK, GUIDE_SLACK + 1)})
        start = guided.get_int_var_from_proto_index(jv.start.index)
        spans = domain_of([(t, t + 1) for t in near])
        guided.add_linear_expression_in_domain(start, spans).only_enforce_if(present)
    return guided


def hint_guided_plan(
    v: Variables, run: Lexicographic, level: lexicographic.Level, budget: float
) -> bool:
    """Solve `level` on the guided model for `budget` seconds and make its best plan the
    hint of the runner's model; True when there was a plan (else the hint is kept)."""
    status, plan = run.solve_once(level, budget, guided_model(v, run.model))
    if status not in SOLVED:
        return False
    hint_at(run.model, plan.response_proto.solution)
    return True


def at_starts(v: Variables, model: cp_model.CpModel, starts: dict[str, int]) -> cp_model.CpModel:
    """A copy of `model` (the model of `v`, or a copy with the same variables) where the
    jobs in `starts` (by id) are served at their start slots and no other job is."""
    copy = model.clone()
    for jv in v.jobs:
        present = copy.get_bool_var_from_proto_index(jv.present.index)
        copy.add(present == int(jv.job.id in starts))
        if jv.job.id in starts:
            copy.add(copy.get_int_var_from_proto_index(jv.start.index) == starts[jv.job.id])
    return copy


class HighsBeside:
    """HiGHS on the 0-1 relaxation (with siblings kept together) beside the first level's
    search of a stop of one day, on a core of its own for its first seconds
    (`solver/highs.py`): its plan, which the search completes into a plan of the model
    (`lns.Search.follow`), and its bound, which becomes the level's when tighter.

    On the hard 120-patient days, single runs with HiGHS on its own core for 15 s found
    the optimum of seed 3 (505, proven) and a plan of 519 on seed 2, from which CP-SAT's
    LNS found 521 (the optimum) within 2 s; the search alone ends at 496 to 502 and 510
    to 517 there."""

    def __init__(self, v: Variables, seconds: float) -> None:
        """Start HiGHS, for at most `seconds`."""
        self.v = v
        self.relaxation = Relaxation(v.instance, integer=True, siblings=True)
        self.highs = HighsProcess(self.relaxation.mps(), seconds)

    def done(self) -> bool:
        """Whether HiGHS has ended."""
        return self.highs.done()

    def plan(self) -> dict[str, int]:
        """Once HiGHS has ended: the start slot of each job its plan serves, by id."""
        return self.relaxation.zero_one(self.highs.wait()).starts

    def hold(self, run: Lexicographic, level: lexicographic.Level, wait: bool = True) -> bool:
        """Wait for HiGHS (or end it, when not to `wait` or the solve was stopped) and make
        its bound the level's when it is tighter; whether it was."""
        if not wait or run.limits.stop.is_set():
            self.highs.stop()
            return False
        bound = self.relaxation.zero_one(self.highs.wait()).bound
        if bound is None:
            return False
        unserved = self.v.servable - bound
        if unserved <= run.bounds.get(level.name, -math.inf):
            return False
        run.bounds[level.name] = unserved
        return True
