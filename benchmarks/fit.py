"""`planner fit` benchmark: walk-ins at the desk of an over-subscribed 120-patient day.

For each seed: a generated stop, its published plan (CP-SAT, `--plan-time-limit`), and
`--walk-ins` walk-ins arriving between 11:00 and 12:00 with the needs of a random
registered patient (a third of them in a registered family). Each walk-in is fitted in
this process (the fit alone) and through the command line (`python -m planner fit`:
Python's start, reading the scenario and the plan, the fit, the listing). The first
options of every walk-in, booked into the plan, go through the independent checker.
Run it as `python -m benchmarks.fit --seeds 1,2,3`. It is not part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from planner.check import check_plan
from planner.files.scenario import dump_scenario
from planner.model import Patient, Plan, Scenario, SolverInfo
from planner.model.synthetic import GenerateOptions, generate
from solver.fit import fit_walk_in, with_first_options
from solver.limits import Limits
from solver.schedule import schedule_stop


def published(scenario: Scenario, time_limit_s: float, seed: int) -> Plan:
    """The stop's plan as CP-SAT makes it in `time_limit_s`."""
    result = schedule_stop(scenario, Limits(time_limit_s=time_limit_s, seed=seed))
    info = SolverInfo(wall_s=result.wall_s, objective=result.objective, bound=result.bound,
                      gap=result.gap, seed=seed, time_limit_s=time_limit_s)  # fmt: skip
    return Plan(scenario=scenario.name, status="feasible", appointments=result.appointments,
                trainings=result.trainings, unserved=result.unserved, breaks=result.breaks,
                solver=info)  # fmt: skip


def walk_ins(scenario: Scenario, count: int, seed: int) -> list[Patient]:
    """Walk-ins arriving 11:00-12:00, each with the needs of a random registered patient."""
    rng = random.Random(seed)
    day = scenario.clinic_dates()[0]
    out = []
    for index in range(count):
        model = rng.choice(scenario.patients)
        arrives = dt.datetime.combine(day, dt.time(11)) + dt.timedelta(minutes=rng.randrange(60))
        family = model.family if rng.random() < 1 / 3 else f"walk-in-family-{index}"
        out.append(
            Patient(id=f"w{index:02d}", family=family, relation=model.relation,
                    severity=model.severity, arrives=arrives,
                    leaves=dt.datetime.combine(day, dt.time(17, 30)), needs=model.needs)
        )  # fmt: skip
    return out


def run_seed(args: argparse.Namespace, seed: int, folder: Path) -> dict[str, Any]:
    """Every walk-in of one seed, fitted in process and through the command line."""
    scenario = generate(GenerateOptions(patients=args.patients, households=0, seed=seed))
    plan = published(scenario, args.plan_time_limit, seed)
    scenario_path, plan_path = folder / f"stop-{seed}.yaml", folder / f"plan-{seed}.json"
    scenario_path.write_text(dump_scenario(scenario), "utf-8")
    plan_path.write_text(plan.model_dump_json(), "utf-8")
    fit_s, cli_s, cpu_s, violations, needs, with_options = [], [], [], 0, 0, 0
    for person in walk_ins(scenario, args.walk_ins, seed):
        started = time.perf_counter()
        result = fit_walk_in(scenario, plan, person)
        fit_s.append(time.perf_counter() - started)
        needs += len(result.needs)
        with_options += sum(bool(n.options) for n in result.needs)
        after = scenario.model_copy(update={"patients": [*scenario.patients, person]})
        violations += len(check_plan(after, with_first_options(plan, person, result)))
        wall, cpu = _cli(scenario_path, plan_path, person, folder)
        cli_s.append(wall)
        cpu_s.append(cpu)
    return {"seed": seed, "appointments": len(plan.appointments),
            "unserved": len(plan.unserved), "walk_ins": args.walk_ins, "needs": needs,
            "with_options": with_options, "fit_ms": [s * 1000 for s in fit_s],
            "cli_s": cli_s, "cpu_s": cpu_s, "violations": violations}  # fmt: skip


def _cli(
    scenario_path: Path, plan_path: Path, person: Patient, folder: Path
) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one `python -m planner fit` run.

    The CPU time does not count waiting for a core, so it is what the run costs on an
    idle machine; the wall time is what the desk waits on this one.
    """
    walk_in = folder / f"{person.id}.json"
    walk_in.write_text(person.model_dump_json(exclude_defaults=True), "utf-8")
    command = [sys.executable, "-m", "planner", "fit", str(scenario_path), "--plan",
               str(plan_path), "--patient", str(walk_in), "--lang", "en"]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"planner fit failed: {done.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def markdown_table(rows: list[dict[str, Any]]) -> str:
    """One row per seed and a row of medians over the seeds."""
    lines = [
        "| seed | published appointments | walk-ins | needs with options | fit median | "
        "fit max | `planner fit` wall median | wall max | CPU median | CPU max | "
        "checker violations |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['seed']} | {row['appointments']} | {row['walk_ins']} | "
            f"{row['with_options']} of {row['needs']} | "
            f"{statistics.median(row['fit_ms']):.1f} ms | {max(row['fit_ms']):.1f} ms | "
            f"{statistics.median(row['cli_s']):.2f} s | {max(row['cli_s']):.2f} s | "
            f"{statistics.median(row['cpu_s']):.2f} s | {max(row['cpu_s']):.2f} s | "
            f"{row['violations']} |"
        )
    fit_med = statistics.median(statistics.median(r["fit_ms"]) for r in rows)
    cli_med = statistics.median(statistics.median(r["cli_s"]) for r in rows)
    cpu_med = statistics.median(statistics.median(r["cpu_s"]) for r in rows)
    lines.append(f"| median | | | | {fit_med:.1f} ms | | {cli_med:.2f} s | | {cpu_med:.2f} s | | |")
    return "\n".join(lines)


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fit", description=__doc__)
    parser.add_argument("--seeds", default="1,2,3", help="generator seeds, comma-separated")
    parser.add_argument("--patients", type=int, default=120, help="patients of the stop")
    parser.add_argument("--walk-ins", type=int, default=10, help="walk-ins per seed")
    parser.add_argument("--plan-time-limit", type=float, default=20.0,
                        help="seconds for the published plan's CP-SAT solve")  # fmt: skip
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Run every seed and print the table."""
    args = _arguments(argv)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for seed in (int(s) for s in args.seeds.split(",")):
            rows.append(run_seed(args, seed, Path(folder)))
            print(f"done: seed {seed}", file=sys.stderr, flush=True)
    print(markdown_table(rows))


if __name__ == "__main__":
    main()
