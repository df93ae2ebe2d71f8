"""Scheduling benchmark: CP-SAT against the first-come-first-served desk on generated stops.

Run it as `python -m benchmarks.schedule --sizes 40,120,300 --seeds 1,2,3`, or on scenario
files with `--file scenarios/longyan.yaml --file ...`; `--hard` generates harder days
(part-day experts, many family blocks). Every solve
runs in its own subprocess so that its peak memory can be read; each plan is checked by
the independent checker. It prints a markdown table of medians per size and can write
every run to a JSON file. It is not part of the test suite.

`--baseline DIR` also solves every stop with the planner checked out in DIR (e.g. a
worktree of main), in the same run, alternating which goes first, so that before and
after are measured under the same load; both read the same scenario file.

`--runs N` solves every stop N times, the stops taken in turn N times over. CP-SAT's
threads make runs with the same seed differ, so a target "on every seed" is a target on
each seed's worst run: a second table gives each seed's worst, median and best.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.fcfs import fcfs_plan
from planner.check import check_plan
from planner.files.scenario import dump_scenario, load_scenario
from planner.model import Plan, Scenario
from planner.model.synthetic import GenerateOptions, generate

DEFAULT_TIME_LIMIT_S = {40: 10.0, 120: 60.0, 300: 120.0}
ENGINES = ("cpsat", "fcfs")


def default_time_limit(size: int) -> float:
    """The time limit for a size: 10 s up to 40 patients, 60 s up to 120, then 120 s."""
    return next((t for n, t in sorted(DEFAULT_TIME_LIMIT_S.items()) if size <= n), 120.0)


def scenario_for(
    size: int, seed: int, days: int | None, file: str | None = None, hard: bool = False
) -> Scenario:
    """The clinic of a run: a scenario file, or a generated stop (no home visits either way:
    this measures the schedule)."""
    if file is not None:
        return load_scenario(Path(file)).model_copy(update={"visits": None})
    options = GenerateOptions(patients=size, households=0, seed=seed, days=days, hard=hard)
    return generate(options)


def solve_here(engine: str, scenario: Scenario, time_limit_s: float, seed: int) -> dict[str, Any]:
    """Solve in this process and report the plan (or None), status, gap, wall time and memory."""
    started = time.perf_counter()
    primary_s = None
    if engine == "fcfs":
        plan: Plan | None = fcfs_plan(scenario)
        status, gap = "fcfs", None
    else:
        plan, status, gap, primary_s = _cpsat(scenario, time_limit_s, seed)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return {
        "plan": None if plan is None else plan.model_dump(mode="json"),
        "status": status,
        "gap": gap,
        "primary_proven_s": primary_s,
        "wall_s": round(time.perf_counter() - started, 3),
        "peak_mb": round(peak_kb / 1024, 1),
    }


def _cpsat(
    scenario: Scenario, time_limit_s: float, seed: int
) -> tuple[Plan | None, str, float | None, float | None]:
    """The CP-SAT plan, its status and gap, and when its primary level was proven optimal."""
    from solver.limits import Limits
    from solver.schedule import schedule_stop

    result = schedule_stop(scenario, Limits(time_limit_s=time_limit_s, seed=seed))
    primary = next(iter(result.levels), None)
    proven = primary is not None and result.levels[primary] == "optimal"
    primary_s = result.level_s.get(primary) if proven and primary else None
    if result.status not in ("optimal", "feasible"):
        return None, result.status, result.gap, primary_s
    plan = Plan(
        scenario=scenario.name,
        status="optimal" if result.status == "optimal" else "feasible",
        appointments=result.appointments,
        trainings=result.trainings,
        unserved=result.unserved,
        breaks=result.breaks,
        solver=result.solver_info(),
    )
    return plan, result.status, result.gap, primary_s


def solve_in_child(
    engine: str, size: int, seed: int, time_limit_s: float, file: str, checkout: str | None = None
) -> dict[str, Any]:
    """Run one solve in a fresh Python process, so its peak memory is its own; with the
    planner checked out in `checkout` rather than this one, if given."""
    command = [sys.executable, "-m", "benchmarks.schedule", "--child", engine, "--sizes", str(size),
               "--seeds", str(seed), "--time-limit", str(time_limit_s), "--file", file]  # fmt: skip
    env = None if checkout is None else {**os.environ, "PYTHONPATH": checkout}
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=checkout,
                          timeout=3 * time_limit_s + 120)  # fmt: skip
    if done.returncode != 0:
        tail = done.stderr.strip().splitlines()[-1:] or ["no output"]
        return {
            "plan": None,
            "status": f"error: {tail[0]}",
            "gap": None,
            "wall_s": None,
            "peak_mb": None,
        }
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def served_weight(scenario: Scenario, plan: Plan | None) -> int:
    """Needs served, each weighted by its patient's severity."""
    if plan is None:
        return 0
    severity = {p.id: p.severity for p in scenario.patients}
    return sum(scenario.weights.severity[severity[a.patient]] for a in plan.appointments)


def max_weight(scenario: Scenario) -> int:
    """The weight served if every need of every patient were met."""
    return sum(scenario.weights.severity[p.severity] * len(set(p.needs)) for p in scenario.patients)


@dataclass(frozen=True)
class Run:
    """One stop to measure: a scenario file, or a generated size and seed."""

    size: int
    seed: int
    days: int | None = None
    hard: bool = False
    file: str | None = None

    @property
    def label(self) -> str:
        """The stop's row in the table."""
        if self.file:
            return Path(self.file).stem
        return f"{self.size} hard" if self.hard else str(self.size)


def run_one(
    run: Run,
    time_limit_s: float,
    engines: Sequence[str],
    baseline: str | None = None,
    repeat: int = 0,
) -> dict[str, Any]:
    """Every engine on one stop (and the baseline checkout's CP-SAT, first when the seed
    plus `repeat` is odd), each plan weighed and checked."""
    scenario = scenario_for(run.size, run.seed, run.days, run.file, run.hard)
    row: dict[str, Any] = {"size": run.label, "seed": run.seed, "run": repeat + 1,
                           "time_limit_s": time_limit_s,
                           "max_weight": max_weight(scenario)}  # fmt: skip
    solves: list[tuple[str, str, str | None]] = [(engine, engine, None) for engine in engines]
    if baseline is not None:
        before = ("baseline", "cpsat", baseline)
        solves = [before, *solves] if (run.seed + repeat) % 2 else [*solves, before]
    with tempfile.TemporaryDirectory() as folder:
        file = str(Path(folder) / "stop.yaml")
        Path(file).write_text(dump_scenario(scenario), encoding="utf-8")
        for key, engine, checkout in solves:
            result = solve_in_child(engine, run.size, run.seed, time_limit_s, file, checkout)
            plan = Plan.model_validate(result.pop("plan")) if result["plan"] is not None else None
            result["served_weight"] = served_weight(scenario, plan)
            result["violations"] = None if plan is None else len(check_plan(scenario, plan))
            row[key] = result
    if "cpsat" in row and "fcfs" in row and row["fcfs"]["served_weight"]:
        row["ratio"] = round(row["cpsat"]["served_weight"] / row["fcfs"]["served_weight"], 3)
    return row


def _median(rows: list[dict[str, Any]], *path: str) -> float | None:
    values = []
    for row in rows:
        value: Any = row
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, int | float):
            values.append(value)
    return statistics.median(values) if values else None


def _cell(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def markdown_table(rows: list[dict[str, Any]]) -> str:
    """Medians per size of every figure, as a markdown table."""
    columns = [
        ("max weight", ("max_weight",)), ("CP-SAT served", ("cpsat", "served_weight")),
        ("FCFS served", ("fcfs", "served_weight")), ("CP-SAT/FCFS", ("ratio",)),
        ("gap", ("cpsat", "gap")), ("primary proven s", ("cpsat", "primary_proven_s")),
        ("CP-SAT wall s", ("cpsat", "wall_s")),
        ("CP-SAT peak MB", ("cpsat", "peak_mb")), ("FCFS wall s", ("fcfs", "wall_s")),
        ("violations CP-SAT", ("cpsat", "violations")), ("violations FCFS", ("fcfs", "violations")),
    ]  # fmt: skip
    if any("baseline" in row for row in rows):
        columns[2:2] = [("baseline served", ("baseline", "served_weight")),
                        ("baseline gap", ("baseline", "gap"))]  # fmt: skip
    lines = ["| stop | runs | status | " + " | ".join(name for name, _ in columns) + " |"]
    lines.append("|" + "---|" * (len(columns) + 3))
    for size in dict.fromkeys(row["size"] for row in rows):
        group = [row for row in rows if row["size"] == size]
        statuses = sorted({str(row.get("cpsat", {}).get("status", "-")) for row in group})
        cells = [_cell(_median(group, *path)) for _, path in columns]
        lines.append(
            f"| {size} | {len(group)} | {', '.join(statuses)} | " + " | ".join(cells) + " |"
        )
    return "\n".join(lines)


def spread_table(rows: list[dict[str, Any]]) -> str:
    """Per stop and seed, CP-SAT's served weight and gap over its runs: worst, median and
    best (and the baseline's, when there is one), as a markdown table."""
    keys = [key for key in ("cpsat", "baseline") if any(key in row for row in rows)]
    header = "| stop | seed | runs | " + " | ".join(
        f"{name} {figure} (worst, median, best)" for name in keys for figure in ("served", "gap")
    )
    lines = [header + " |", "|" + "---|" * (3 + 2 * len(keys))]
    for size, seed in dict.fromkeys((row["size"], row["seed"]) for row in rows):
        group = [row for row in rows if (row["size"], row["seed"]) == (size, seed)]
        cells = []
        for key in keys:
            served = [r[key]["served_weight"] for r in group if key in r]
            gaps = [r[key]["gap"] for r in group if key in r and r[key]["gap"] is not None]
            cells.append(_spread(served, lowest_worst=True, unit=""))
            cells.append(_spread([100 * g for g in gaps], lowest_worst=False, unit=" %"))
        lines.append(f"| {size} | {seed} | {len(group)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _spread(values: list[float], lowest_worst: bool, unit: str) -> str:
    """Worst, median and best of `values`, or "-" without any."""
    if not values:
        return "-"
    ordered = sorted(values, reverse=not lowest_worst)
    figures = (ordered[0], statistics.median(values), ordered[-1])
    return ", ".join(f"{round(f, 2):g}" for f in figures) + unit


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.schedule", description=__doc__)
    parser.add_argument("--sizes", default="40,120,300", help="patients per stop, comma-separated")
    parser.add_argument("--seeds", default="1,2,3", help="generator seeds, comma-separated")
    parser.add_argument("--time-limit", type=float, default=None,
                        help="seconds per CP-SAT solve (default 10/60/120 by size)")  # fmt: skip
    parser.add_argument("--days", type=int, default=None, help="clinic days (default by size)")
    parser.add_argument("--file", action="append", default=None,
                        help="a scenario file to measure instead of generated sizes "
                        "(repeatable; its home visits are left out)")  # fmt: skip
    parser.add_argument(
        "--hard",
        action="store_true",
        help="generate harder days: part-day experts, many family blocks",
    )
    parser.add_argument(
        "--baseline",
        default=None,
        help="also solve each stop with the planner checked out in this folder",
    )
    parser.add_argument("--runs", type=int, default=1,
                        help="solve every stop this many times; adds a table of each "
                        "seed's worst, median and best")  # fmt: skip
    parser.add_argument("--json", default=None, help="write every run to this JSON file")
    parser.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the series and print the table (or, as a child, one solve as JSON)."""
    args = _arguments(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    seeds = [int(s) for s in args.seeds.split(",")]
    if args.child:
        limit = args.time_limit or default_time_limit(sizes[0])
        scenario = scenario_for(sizes[0], seeds[0], args.days, (args.file or [None])[0])
        print(json.dumps(solve_here(args.child, scenario, limit, seeds[0])))
        return
    rows = []
    runs = (
        [Run(0, seed, file=f) for f in args.file for seed in seeds]
        if args.file
        else [Run(size, seed, args.days, args.hard) for size in sizes for seed in seeds]
    )
    for repeat in range(args.runs):
        for run in runs:
            limit = args.time_limit or default_time_limit(run.size)
            rows.append(run_one(run, limit, ENGINES, args.baseline, repeat))
            done = f"done: {run.label}, seed {run.seed}, run {repeat + 1}"
            print(done, file=sys.stderr, flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(rows, out, indent=2)
    print(markdown_table(rows))
    if args.runs > 1:
        print()
        print(spread_table(rows))


if __name__ == "__main__":
    main()
