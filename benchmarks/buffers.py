"""What free minutes per hour (`buffers`) buy: served weight against the simulated day.

Run it as `python -m benchmarks.buffers --free 0,5,10,15`. It is not part of the test suite.

Each shipped stop with a clinic is planned by CP-SAT in deterministic mode (`--seed`,
`--time-limit`) with `buffers: {free_min_per_hour: F}` for each F, and each plan is
checked by the independent checker (`check_expert_buffers` included), then
replayed `--runs` times from `--sim-seed` under the default variability, exactly as
`planner simulate STOP --plan PLAN --runs 1000 --seed 1` does. With `--out DIR` the plans
are written as `DIR/<stop>-free<F>.json`, so that the command gives the same figures.

Printed per stop and F: needs served and served weight (with CP-SAT's gap to its proven
bound on served weight), the planned finish and the
simulated p90 finish of the latest clinic day, p90 family waiting, p90 experts' overtime
and walk-ins turned away (mean), as a Markdown table.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from planner.check import check_plan
from planner.files.scenario import load_scenario
from planner.model import Buffers, Plan, Scenario, SolverInfo
from planner.model.variability import Variability
from solver.limits import Limits
from solver.schedule import schedule_stop
from solver.simulate import simulate

STOPS = ("longyan", "zhaotong", "sandu")
SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def clock(minute: float) -> str:
    """`HH:MM` of minutes after midnight."""
    whole = round(minute)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def row(scenario: Scenario, free: int, args: argparse.Namespace) -> tuple[dict[str, Any], Plan]:
    """One stop planned with `free` minutes per hour, and its plan replayed."""
    kept = scenario.model_copy(update={"buffers": Buffers(free_min_per_hour=free)})
    limits = Limits(time_limit_s=args.time_limit, seed=args.seed, deterministic=True)
    result = schedule_stop(kept, limits)
    info = SolverInfo(wall_s=result.wall_s, objective=result.objective, bound=result.bound,
                      gap=result.gap, seed=args.seed, time_limit_s=args.time_limit)  # fmt: skip
    plan = Plan(scenario=kept.name, status="feasible", appointments=result.appointments,
                trainings=result.trainings, unserved=result.unserved, breaks=result.breaks,
                solver=info)  # fmt: skip
    violations = check_plan(kept.model_copy(update={"visits": None}), plan)
    if violations:
        raise SystemExit(f"{scenario.name}, {free} free min: " + "; ".join(map(str, violations)))
    figures = simulate(kept, plan, Variability(), runs=args.runs, seed=args.sim_seed)
    last = max(figures.days, key=lambda d: d.date)
    weights = kept.weights.severity
    severity = {p.id: p.severity for p in kept.patients}
    return {
        "free": free,
        "needs": len(plan.appointments),
        "of": len(plan.appointments) + len(plan.unserved),
        "weight": sum(weights[severity[a.patient]] for a in plan.appointments),
        "gap": f"{result.gap:.0%}",
        "planned_finish": clock(last.planned_finish_min),
        "finish_p90": clock(last.finish.p90),
        "wait_p90": round(figures.wait_min.p90),
        "overtime_p90": round(figures.overtime_min.p90),
        "turned_away": round(figures.walk_ins.turned_away.mean, 1),
    }, plan


def main(argv: Sequence[str] | None = None) -> int:
    """Plan and replay every stop at every F; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--free", default="0,5,10,15", help="free minutes per hour to try")
    parser.add_argument("--stops", default=",".join(STOPS))
    parser.add_argument("--time-limit", type=float, default=10.0, help="CP-SAT seconds per plan")
    parser.add_argument("--seed", type=int, default=1, help="CP-SAT seed")
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--sim-seed", type=int, default=1, help="the simulation's seed")
    parser.add_argument("--out", type=Path, help="write each plan here as JSON")
    args = parser.parse_args(argv)
    print(
        "| stop | free min/h | needs served | served weight (gap) | planned finish | "
        "p90 finish | p90 family waiting (min) | p90 overtime (min) | walk-ins turned away |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")  # fmt: skip
    for stop in args.stops.split(","):
        scenario = load_scenario(SCENARIOS / f"{stop}.yaml")
        for free in (int(f) for f in args.free.split(",")):
            r, plan = row(scenario, free, args)
            if args.out is not None:
                args.out.mkdir(parents=True, exist_ok=True)
                path = args.out / f"{stop}-free{free}.json"
                path.write_text(plan.model_dump_json(indent=2) + "\n", encoding="utf-8")
            print(f"| {stop} | {r['free']} | {r['needs']}/{r['of']} | "
                  f"{r['weight']} ({r['gap']}) | {r['planned_finish']} | {r['finish_p90']} | "
                  f"{r['wait_p90']} | {r['overtime_p90']} | {r['turned_away']} |",
                  flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
