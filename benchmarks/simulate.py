"""`planner simulate` benchmark: speed, an analytic queue, and SimPy on the same day.

Run it as `python -m benchmarks.simulate --seeds 1,2,3`. It is not part of the test suite.

1. Speed. For each seed, the stop `planner generate --patients 300 --households 0
   --days 2 --seed S` is planned by CP-SAT (`--plan-time-limit`), then replayed 1,000
   times with the default variability (walk-ins included), `--repeats` times: the median
   wall is reported. The shipped Zhaotong stop (27 patients) is timed the same way.
2. An analytic queue. One expert, `n` patients booked every `a` minutes, each on time,
   no no-shows, exponential consultations of mean `m`. Customer k waits W_k, with
   W_1 = 0 and W_{k+1} = max(0, W_k + S_k - a) (Lindley). With exponential S, W_k is an
   atom at 0 plus a density e^{-x/m} times a polynomial, so E[W_k] follows exactly from
   the polynomial's coefficients (`lindley_means`). The simulator runs this day with its
   lognormal factors replaced by exponential ones (the same deviates, transformed), and
   its mean delay must hold the exact mean inside its 95 % confidence interval.
3. SimPy. The replay's rules, written again as a discrete-event simulation
   (`benchmarks/simpy_day.py`), on the same chance as the simulator, run by run.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from benchmarks.fit import published
from planner.files.scenario import load_scenario
from planner.model import Appointment, Plan, Scenario, SolverInfo
from planner.model.synthetic import GenerateOptions, generate
from planner.model.variability import Variability, no_chance
from solver.simulate import simulate
from solver.simulate.chance import draw
from solver.simulate.replay import replay
from solver.simulate.timeline import timeline_of


def speed(scenario: Scenario, plan: Plan, repeats: int, runs: int = 1000) -> dict[str, Any]:
    """The median wall of `repeats` replays of `runs` runs (seeds 0, 1, ...)."""
    walls = []
    for repeat in range(repeats):
        started = time.perf_counter()
        result = simulate(scenario, plan, Variability(), runs=runs, seed=repeat)
        walls.append(time.perf_counter() - started)
    return {
        "appointments": len(plan.appointments),
        "runs": runs,
        "walls": walls,
        "median_s": statistics.median(walls),
        "walk_ins": result.walk_ins.arrived.mean,
    }


def lindley_means(n: int, interval: float, mean: float) -> list[float]:
    """E[W_k], k = 1..n, for a single server, arrivals every `interval`, exponential
    service of mean `mean`, starting empty (exact, by the coefficients of W_k's density).

    In floating point, good up to about n = 150 (the factorials overflow beyond).
    """
    rate = 1 / mean
    atom, coefficients = 1.0, list[float]()  # W_1 = 0
    means = [0.0]
    for _ in range(n - 1):
        # V = W + S: density e^{-rate v} sum d_i v^i
        d = [rate * atom] + [rate * c / (j + 1) for j, c in enumerate(coefficients)]
        # W' = max(0, V - a): density e^{-rate y} sum c'_j y^j on y > 0
        shift = math.exp(-rate * interval)
        coefficients = [shift * sum(d[i] * math.comb(i, j) * interval ** (i - j)
                                    for i in range(j, len(d))) for j in range(len(d))]  # fmt: skip
        mass = sum(c * math.factorial(j) / rate ** (j + 1) for j, c in enumerate(coefficients))
        atom = 1 - mass
        means.append(sum(c * math.factorial(j + 1) / rate ** (j + 2)
                         for j, c in enumerate(coefficients)))  # fmt: skip
    return means


def steady_state_wait(interval: float, mean: float) -> float:
    """The long-run mean wait of the D/M/1 queue: s m / (1 - s), s the root in (0, 1) of
    s = exp(-(1 - s) a / m) (GI/M/1)."""
    s = 0.5
    for _ in range(200):
        s = math.exp(-(1 - s) * interval / mean)
    return s * mean / (1 - s)


def one_expert_day(n: int, interval: int, mean: int) -> tuple[Scenario, Plan]:
    """One expert, patients booked every `interval` minutes from 08:00 for `mean` minutes."""
    day = "2025-07-05"
    hours = [{"date": day, "start": "07:00", "end": "23:59"}]
    patients, appointments = [], []
    scenario_data: dict[str, Any] = {
        "name": "one expert", "slot_min": 1,
        "venues": [{"id": "v", "name": "V", "location": {"lat": 27.0, "lon": 103.0},
                    "open": hours, "rooms": [{"id": "c1", "kind": "consult"}]}],
        "experts": [{"id": "e", "name": "E", "hospital": "H", "skills": ["s"],
                     "available": hours}],
        "services": [{"id": "s", "name": "S", "duration_min": mean, "needs": ["s"],
                      "room_kind": "consult"}],
    }  # fmt: skip
    scenario = Scenario.model_validate({**scenario_data, "patients": []})
    for k in range(n):
        start = scenario.at(scenario.clinic_dates()[0], 8 * 60 + k * interval)
        end = start + (scenario.at(start.date(), mean) - scenario.at(start.date(), 0))
        patients.append({"id": f"p{k}", "family": f"f{k}", "needs": ["s"],
                         "arrives": start.replace(tzinfo=None).isoformat(),
                         "leaves": f"{day}T23:59"})  # fmt: skip
        appointments.append(Appointment(patient=f"p{k}", service="s", experts=["e"], venue="v",
                                        room="c1", start=start, end=end))  # fmt: skip
    scenario = Scenario.model_validate({**scenario_data, "patients": patients})
    info = SolverInfo(wall_s=0, objective=0, bound=0, gap=0)
    return scenario, Plan(scenario="one expert", status="feasible", appointments=appointments,
                          solver=info)  # fmt: skip


def analytic(n: int = 24, interval: int = 15, mean: int = 12, runs: int = 20000,
             seed: int = 1) -> dict[str, Any]:  # fmt: skip
    """The simulator's mean delay on the one-expert day, against Lindley's exact mean."""
    scenario, plan = one_expert_day(n, interval, mean)
    chance_model = no_chance().model_copy(update={"service_cv": {"default": 1.0}})
    timeline = timeline_of(scenario, plan)
    drawn = draw(timeline, chance_model, runs, seed)
    exponential = np.random.default_rng(seed).exponential(1.0, drawn.z.shape)
    sigma = math.sqrt(math.log(2.0))  # the lognormal's sigma at cv = 1
    z = (np.log(exponential) + sigma * sigma / 2) / sigma  # so that the factor is exponential
    replayed = replay(timeline, chance_model, replace(drawn, z=z), [[] for _ in range(runs)])
    planned = np.array([item.start for item in timeline.items])
    per_run = (replayed.start - planned).mean(axis=1)
    half = 1.96 * per_run.std(ddof=1) / math.sqrt(runs)
    exact = statistics.fmean(lindley_means(n, interval, mean))
    simulated = float(per_run.mean())
    return {
        "n": n,
        "interval": interval,
        "mean": mean,
        "runs": runs,
        "exact": exact,
        "simulated": simulated,
        "ci": (simulated - half, simulated + half),
        "steady_state": steady_state_wait(interval, mean),
    }


def against_simpy(scenario: Scenario, plan: Plan, runs: int, seed: int = 1) -> dict[str, Any]:
    """The simulator and the SimPy model on the same chance (no walk-ins)."""
    from benchmarks.simpy_day import simpy_run

    variability = Variability(walk_ins_per_hour=0)
    timeline = timeline_of(scenario, plan)
    chance = draw(timeline, variability, runs, seed)
    ours = replay(timeline, variability, chance, [[] for _ in range(runs)])
    columns = timeline.appointments
    planned = np.array([timeline.items[i].start for i in columns])
    theirs_start = np.full(ours.start.shape, np.nan)
    started = time.perf_counter()
    for run in range(runs):
        theirs_start[run], _ = simpy_run(timeline, variability, chance, run)
    simpy_s = time.perf_counter() - started
    both = np.isfinite(ours.start) | np.isfinite(theirs_start)
    difference = np.nanmax(np.abs(np.where(both, ours.start - theirs_start, 0.0)))
    figures = {}
    for name, start in (("simulator", ours.start), ("simpy", theirs_start)):
        delay = np.nan_to_num(np.nanmean(start[:, columns] - planned, axis=1))
        served = np.isfinite(start[:, columns]).sum(axis=1)
        figures[name] = {"mean_delay": _mean_ci(delay), "served": _mean_ci(served)}
    return {"appointments": len(columns), "runs": runs, "max_start_difference": float(difference),
            "simpy_s": simpy_s, **figures}  # fmt: skip


def _mean_ci(values: np.ndarray) -> tuple[float, float]:
    """Mean and the half-width of its 95 % confidence interval."""
    return float(values.mean()), float(1.96 * values.std(ddof=1) / math.sqrt(values.size))


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.simulate", description=__doc__)
    parser.add_argument("--seeds", default="1,2,3", help="generator seeds, comma-separated")
    parser.add_argument("--repeats", type=int, default=5, help="timed replays per stop")
    parser.add_argument("--plan-time-limit", type=float, default=20.0,
                        help="seconds for each published plan's CP-SAT solve")  # fmt: skip
    parser.add_argument("--simpy-runs", type=int, default=200, help="runs of the SimPy check")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Every part, printed as Markdown tables."""
    args = _arguments(argv)
    zhaotong = load_scenario("scenarios/zhaotong.yaml")
    stops = [("Zhaotong (shipped)", zhaotong, published(zhaotong, 10.0, 1))]
    for seed in (int(s) for s in args.seeds.split(",")):
        scenario = generate(GenerateOptions(patients=300, households=0, days=2, seed=seed))
        stops.append((f"generated, 300 patients, 2 days, seed {seed}", scenario,
                      published(scenario, args.plan_time_limit, seed)))  # fmt: skip
    print("| stop | appointments | walk-ins a run | 1,000 runs: median wall | walls |")
    print("|---|---|---|---|---|")
    for name, scenario, plan in stops:
        row = speed(scenario, plan, args.repeats)
        walls = ", ".join(f"{w:.2f}" for w in row["walls"])
        print(f"| {name} | {row['appointments']} | {row['walk_ins']:.1f} | "
              f"{row['median_s']:.2f} s | {walls} |", flush=True)  # fmt: skip
    print("\n| seed | runs | exact mean wait | simulated mean delay | 95 % CI | holds it |")
    print("|---|---|---|---|---|---|")
    for seed in range(1, 6):
        r = analytic(runs=20000, seed=seed)
        low, high = r["ci"]
        holds = "yes" if low <= r["exact"] <= high else "no"
        print(f"| {seed} | {r['runs']} | {r['exact']:.2f} | {r['simulated']:.2f} | "
              f"{low:.2f} to {high:.2f} | {holds} |")  # fmt: skip
    print(f"\nLong-run (D/M/1) mean wait of the same queue: {steady_state_wait(15, 12):.2f} min")
    print(
        "\n| stop | appointments | runs | mean delay: simulator | SimPy | served: simulator "
        "| SimPy | largest start difference | SimPy wall |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, scenario, plan in stops[:2]:
        c = against_simpy(scenario, plan, args.simpy_runs)
        cells = [f"{m:.2f} ± {h:.2f}" for key in ("mean_delay", "served")
                 for m, h in (c["simulator"][key], c["simpy"][key])]  # fmt: skip
        print(
            f"| {name} | {c['appointments']} | {c['runs']} | {' | '.join(cells)} | "
            f"{c['max_start_difference']:.1e} min | {c['simpy_s']:.2f} s |",
            flush=True,
        )
    print("done", file=sys.stderr)


if __name__ == "__main__":
    main()
