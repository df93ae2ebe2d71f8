"""Room changes: the lane greedy against the room model, on the very same bookings.

Run it as `python -m benchmarks.rooms --sizes 40,120 --seeds 1,2,3`. Each generated stop
is scheduled once (primary level only, a fixed time); the served bookings are then given
rooms both ways, and the table shows the room changes of each and the model's time. It
is not part of the test suite.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence

from ortools.sat.python import cp_model

from planner.model.synthetic import GenerateOptions, generate
from solver.schedule import extract
from solver.schedule.greedy import greedy_hint
from solver.schedule.model import build_model, require_mandatory
from solver.schedule.objective import unserved_weight
from solver.schedule.rooms import assign_rooms, lanes, room_changes

ROOM_MODEL_S = 2.0


def compare(size: int, seed: int, schedule_s: float) -> dict[str, float]:
    """Room changes of the greedy and of the model for one schedule of a generated stop."""
    v = build_model(generate(GenerateOptions(patients=size, households=0, seed=seed)))
    require_mandatory(v)
    v.model.minimize(unserved_weight(v))
    for var, val in greedy_hint(v):
        v.model.add_hint(var, val)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = schedule_s
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = 8
    if solver.solve(v.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise SystemExit(f"no schedule for {size} patients, seed {seed}")
    booked = extract.booked_jobs(v, lambda expr: int(solver.value(expr)))
    greedy = lanes({p.id: p for p in v.instance.pools}, booked)
    started = time.perf_counter()
    model = assign_rooms(v, booked, ROOM_MODEL_S)
    return {
        "bookings": len(booked),
        "greedy": room_changes(v, booked, greedy),
        "model": room_changes(v, booked, model),
        "model_s": round(time.perf_counter() - started, 3),
    }


def main(argv: Sequence[str] | None = None) -> None:
    """Print a markdown table, one row per size and seed."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.rooms", description=__doc__)
    parser.add_argument("--sizes", default="40,120", help="patients per stop, comma-separated")
    parser.add_argument("--seeds", default="1,2,3", help="generator seeds, comma-separated")
    parser.add_argument("--schedule-s", type=float, default=10.0, help="seconds per schedule")
    args = parser.parse_args(argv)
    print("| patients | seed | bookings | room changes, greedy | room changes, model | model s |")
    print("|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        for seed in (int(s) for s in args.seeds.split(",")):
            row = compare(size, seed, args.schedule_s)
            print(f"| {size} | {seed} | {row['bookings']:g} | {row['greedy']:g} | "
                  f"{row['model']:g} | {row['model_s']:g} |")  # fmt: skip


if __name__ == "__main__":
    main()
