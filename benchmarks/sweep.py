"""A sweep on Dask against the same variants solved one after another, in one run.

    python -m benchmarks.sweep [--variants 8] [--workers 2] [--time-limit 30] \
        [--patients 40] [--households 40] [--seed 1] [--json]

One generated stop (`planner generate`) with as many teams as variants, swept with
`--vary teams=1,...,N`. First the sweep: `planner.jobs.sweep.sweep` on a LocalCluster of
`--workers` processes, timed from before the cluster starts to the last file written.
Then the same N variants one after another in this process, each with CP-SAT on every
core as `planner solve` runs it, writing the same files. The figure is the ratio of the
two wall times (target: at most 0.65). Every plan of both runs goes through the
independent checker; the violations are counted and printed.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from planner.files.scenario import dump_scenario
from planner.files.variants import prepare_variants
from planner.jobs.sweep import Job, SweepOptions, run_variant, sweep
from planner.model.synthetic import GenerateOptions, generate
from planner.model.variants import SweepRow


def run_parallel(path: Path, vary: str, out: Path, args: argparse.Namespace) -> list[SweepRow]:
    """The sweep, as `planner sweep` runs it."""
    options = SweepOptions(workers=args.workers, time_limit_s=args.time_limit, seed=args.seed)
    variants, scenarios = prepare_variants(path, None, [vary])
    return sweep(variants, scenarios, out, options, path.name, progress=lambda line: None).rows


def run_sequential(path: Path, vary: str, out: Path, args: argparse.Namespace) -> list[SweepRow]:
    """The same variants one after another in this process, writing the same files."""
    variants, scenarios = prepare_variants(path, None, [vary])
    rows = []
    for variant, scenario in zip(variants, scenarios, strict=True):
        job = Job(variant.name, scenario, args.time_limit, args.seed, "zh", cpsat_workers=0)
        outcome = run_variant(job)
        for name, content in outcome.files.items():
            target = out / variant.name / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        rows.append(outcome.row)
    return rows


def timed(run: object, *run_args: object) -> tuple[list[SweepRow], float]:
    """The rows of `run(*run_args)` and its wall time in seconds."""
    started = time.perf_counter()
    rows = run(*run_args)  # type: ignore[operator]
    return rows, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    """Run both, print the wall times and their ratio (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--patients", type=int, default=40)
    parser.add_argument("--households", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    scenario = generate(GenerateOptions(patients=args.patients, households=args.households,
                                        teams=args.variants, seed=args.seed))  # fmt: skip
    vary = "teams=" + ",".join(str(n) for n in range(1, args.variants + 1))
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-sweep-") as tmp:
        path = Path(tmp) / "stop.yaml"
        path.write_text(dump_scenario(scenario), encoding="utf-8")
        parallel, parallel_s = timed(run_parallel, path, vary, Path(tmp) / "sweep", args)
        sequential, sequential_s = timed(run_sequential, path, vary, Path(tmp) / "seq", args)
    result = {
        "variants": args.variants, "workers": args.workers, "time_limit_s": args.time_limit,
        "patients": args.patients, "households": args.households, "cores": os.cpu_count(),
        "load_1min_before": round(load_before, 1), "load_1min_after": round(os.getloadavg()[0], 1),
        "sweep_s": round(parallel_s, 1), "sequential_s": round(sequential_s, 1),
        "ratio": round(parallel_s / sequential_s, 3),
        "failed": sum(row.status == "failed" for row in parallel + sequential),
        "violations": sum(row.violations or 0 for row in parallel + sequential),
        "sweep_rows": [row.model_dump() for row in parallel],
        "sequential_rows": [row.model_dump() for row in sequential],
    }  # fmt: skip
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    for label, rows in (("sweep", parallel), ("one after another", sequential)):
        print(f"{label}:")
        for row in rows:
            print(f"  {row.variant:<10} {row.status:<9} weight {row.served_weight}  visited "
                  f"{row.households_visited}/{row.households_total}  {row.wall_s} s")  # fmt: skip
    print(
        f"{args.variants} variants, {args.workers} workers, {args.time_limit:g} s each: sweep "
        f"{parallel_s:.1f} s, one after another {sequential_s:.1f} s, ratio "
        f"{result['ratio']} (target <= 0.65); violations {result['violations']}, failed "
        f"{result['failed']}; 1-minute load {result['load_1min_before']} before, "
        f"{result['load_1min_after']} after, on {os.cpu_count()} cores"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
