"""Where the true optimum of a stop's first level lies: the time-indexed relaxation.

Run it as `python -m benchmarks.relaxation --size 120 --seed 2 --time-limit 90`, with
`--integer` for the 0-1 relaxation (SCIP) rather than its linear one (GLOP), or `--highs`
for the bound HiGHS proves on the 0-1 relaxation (siblings kept together), as the planner
does beside its search on a stop of one day, and HiGHS's best plan: CP-SAT then tries to
complete it (the same jobs at the same starts) into a plan of the planner's model, which
shows a lower bound on the optimum too. Its upper bound caps the severity-weighted needs
any plan can serve (`solver/schedule/relaxation.py`). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence

from ortools.sat.python import cp_model

from planner.model import Scenario
from planner.model.synthetic import GenerateOptions, generate
from solver.schedule.guided import at_starts
from solver.schedule.instance import build_instance
from solver.schedule.model import build_model, require_mandatory
from solver.schedule.relaxation import Relaxation


def main(argv: Sequence[str] | None = None) -> None:
    """Build and solve the relaxation of one generated stop; print its figures."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.relaxation", description=__doc__)
    parser.add_argument("--size", type=int, default=120, help="patients")
    parser.add_argument("--seed", type=int, default=1, help="generator seed")
    parser.add_argument("--days", type=int, default=None, help="clinic days (default by size)")
    parser.add_argument("--time-limit", type=float, default=90.0, help="seconds")
    parser.add_argument("--integer", action="store_true", help="the 0-1 relaxation (SCIP)")
    parser.add_argument("--highs", action="store_true", help="HiGHS's bound on the 0-1 one")
    parser.add_argument("--hard", action="store_true", help="part-day experts, many families")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    options = GenerateOptions(
        patients=args.size, households=0, seed=args.seed, days=args.days, hard=args.hard
    )
    integer = args.integer or args.highs
    scenario = generate(options)
    relaxation = Relaxation(build_instance(scenario), integer=integer, siblings=args.highs)
    built = time.perf_counter() - started
    if args.highs:
        found = relaxation.integer_solve(args.time_limit)
        weight = {job.id: job.weight for job in relaxation.jobs}
        served = sum(weight[job] for job in found.starts)
        figures = (
            f"0-1 relaxation, HiGHS's upper bound {found.bound}, its plan serves {served}, "
            f"which is {completed(scenario, found.starts, args.time_limit)}"
        )
    else:
        status, best, upper, servable = relaxation.solve(args.time_limit)
        figures = (
            f"{'0-1' if integer else 'linear'} relaxation {status}, best {best:g}, "
            f"upper bound {upper:g} of {servable} servable"
        )
    print(
        f"{args.size}{' hard' if args.hard else ''} patients, seed {args.seed}: {figures}, "
        f"built in {built:.1f} s, {time.perf_counter() - started:.1f} s in all"
    )


def completed(scenario: Scenario, starts: dict[str, int], seconds: float) -> str:
    """Whether CP-SAT completes a plan of the relaxation (each job served at its start,
    the others not) into a plan of the planner's model within `seconds`: a few words."""
    v = build_model(scenario)
    require_mandatory(v)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    status = solver.solve(at_starts(v, v.model, starts))
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return "a plan of the model"
    return "not a plan of the model" if status == cp_model.INFEASIBLE else "undecided"


if __name__ == "__main__":
    main()
