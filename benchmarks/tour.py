"""Tour benchmark: the CP-SAT tour model against the greedy baseline on generated tours.

Run it as `python -m benchmarks.tour --sizes small,medium,large --seeds 1,2,3`. Every
solve runs in its own subprocess so that its peak memory can be read; every tour (model
and greedy) is checked by the independent tour checker. It prints a markdown table of
medians per size. It is not part of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import statistics
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

from planner.check.tour import check_tour
from planner.model.tour import Tour, TourPlan, TourSolverInfo
from solver.limits import Limits
from solver.tour import TourResult, greedy_tour, plan_tour


@dataclass(frozen=True)
class Size:
    """One row of the issue's table."""

    stops: int
    experts: int
    crews: int
    time_limit_s: float


SIZES = {
    "small": Size(12, 40, 1, 30.0),
    "medium": Size(48, 160, 1, 60.0),
    "large": Size(150, 500, 3, 120.0),
}
HOSPITALS = [  # partner-hospital cities (approximate WGS-84)
    ("Shanghai", 31.20, 121.50), ("Fuzhou", 26.07, 119.30), ("Kunming", 25.04, 102.71),
    ("Nanning", 22.82, 108.32), ("Guangzhou", 23.13, 113.26), ("Guiyang", 26.65, 106.63),
    ("Haikou", 20.04, 110.32), ("Xiamen", 24.48, 118.09),
]  # fmt: skip
SKILLS = ("hematology", "transplant", "genetics", "reproductive")
YEAR = dt.date(2026, 1, 3)  # the first Saturday of 2026


def generate_tour(size: Size, seed: int) -> Tour:
    """A year of stops across southern China with windows spread over the year."""
    rng = random.Random(seed)
    weeks = 50
    stops = []
    for index in range(size.stops):
        first = YEAR + dt.timedelta(weeks=index * weeks * size.crews // size.stops // size.crews)
        first += dt.timedelta(days=rng.randint(-7, 7))
        needs = {"hematology": rng.randint(1, 2)}
        for skill, share in (("transplant", 0.6), ("genetics", 0.7), ("reproductive", 0.3)):
            if rng.random() < share:
                needs[skill] = 1
        stops.append({
            "id": f"s{index:03d}", "city": f"City {index}",
            "location": {"lat": round(rng.uniform(20.5, 28.5), 3),
                         "lon": round(rng.uniform(99.0, 120.0), 3)},
            "window": {"from": first.isoformat(),
                       "to": (first + dt.timedelta(days=rng.randint(14, 35))).isoformat()},
            "days": rng.choice((1, 2)), "needs": needs,
        })  # fmt: skip
    experts = [_expert(rng, index) for index in range(size.experts)]
    return Tour.model_validate({
        "name": f"generated {size.stops}x{size.experts} seed {seed}",
        "crew": {"crews": size.crews, "rest_days": 1}, "expert_gap_days": 13,
        "start_weekdays": ["sat"], "stops": stops, "experts": experts,
    })  # fmt: skip


def _expert(rng: random.Random, index: int) -> dict[str, Any]:
    city, lat, lon = rng.choice(HOSPITALS)
    skills = [rng.choices(SKILLS, weights=(5, 2, 3, 1))[0]]
    if skills[0] == "transplant" or rng.random() < 0.2:
        skills.append("hematology" if skills[0] != "hematology" else "transplant")
    leave = []
    if rng.random() < 0.4:
        start = YEAR + dt.timedelta(days=rng.randint(0, 330))
        leave = [{"from": start.isoformat(),
                  "to": (start + dt.timedelta(days=rng.randint(7, 30))).isoformat()}]  # fmt: skip
    return {
        "id": f"e{index:03d}", "name": f"Expert {index} ({city})", "hospital": city,
        "location": {"lat": lat, "lon": lon}, "skills": sorted(set(skills)),
        "unavailable": leave, "max_stops": rng.randint(2, 6),
    }  # fmt: skip


def run_here(size_name: str, seed: int, engine: str) -> dict[str, Any]:
    """Solve one generated tour in this process; check it; report figures and peak memory."""
    size = SIZES[size_name]
    tour = generate_tour(size, seed)
    if engine == "greedy":
        result: TourResult = greedy_tour(tour)
    else:
        result = plan_tour(tour, Limits(time_limit_s=size.time_limit_s, seed=seed))
    info = TourSolverInfo(wall_s=result.wall_s, objective=0, bound=0, gap=result.gap)
    plan = TourPlan(stops=result.stops, unfilled=result.unfilled,
                    unscheduled=result.unscheduled, solver=info)  # fmt: skip
    violations = [str(v) for v in check_tour(tour, plan)]
    travel = result.terms.get("travel_km_total", result.terms.get("travel_km", 0.0))
    return {
        "size": size_name, "seed": seed, "engine": engine, "status": result.status,
        "stops": len(result.stops), "needs_filled": result.terms.get("needs_filled", 0.0),
        "needs_total": sum(sum(s.needs.values()) for s in tour.stops),
        "travel_km": travel, "gap": result.gap, "levels": result.levels,
        "gap_travel": result.terms.get("gap_travel_km"), "wall_s": result.wall_s,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "violations": violations,
    }  # fmt: skip


def run_child(size_name: str, seed: int, engine: str) -> dict[str, Any]:
    """One run in a fresh process, so that its peak memory is its own."""
    args = [sys.executable, "-m", "benchmarks.tour", "--one", size_name, str(seed), engine]
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout))


def table(runs: list[dict[str, Any]]) -> str:
    """Markdown: medians per size of the model and the greedy."""
    lines = [
        "| tour | time limit | model: status (runs) | wall s | gap | travel gap | peak MB "
        "| needs filled: model / greedy | travel km: model / greedy | travel saved | "
        "stops: model / greedy |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, size in SIZES.items():
        model = [r for r in runs if r["size"] == name and r["engine"] == "cpsat"]
        greedy = [r for r in runs if r["size"] == name and r["engine"] == "greedy"]
        if not model:
            continue
        statuses = ", ".join(sorted({r["status"] for r in model}))
        gaps = [r["gap_travel"] if r["gap_travel"] is not None else 1.0 for r in model]
        lines.append(
            f"| {size.stops} stops, {size.experts} experts, {size.crews} crew(s) "
            f"| {size.time_limit_s:g} s | {statuses} ({len(model)}) | {_med(model, 'wall_s'):.1f} "
            f"| {100 * _med(model, 'gap'):.2f} % | {100 * statistics.median(gaps):.2f} % "
            f"| {_med(model, 'peak_mb'):.0f} "
            f"| {_med(model, 'needs_filled'):.0f} / {_med(greedy, 'needs_filled'):.0f} "
            f"of {_med(model, 'needs_total'):.0f} "
            f"| {_med(model, 'travel_km'):,.0f} / {_med(greedy, 'travel_km'):,.0f} "
            f"| {_saved(model, greedy)} "
            f"| {_med(model, 'stops'):.0f} / {_med(greedy, 'stops'):.0f} |"
        )
    return "\n".join(lines)


def _saved(model: list[dict[str, Any]], greedy: list[dict[str, Any]]) -> str:
    """Median share of the greedy's travel that the model saves on the same seed (range)."""
    by_seed = {r["seed"]: r["travel_km"] for r in greedy}
    shares = sorted(
        1 - r["travel_km"] / by_seed[r["seed"]] for r in model if by_seed.get(r["seed"])
    )
    if not shares:
        return "-"
    low, high = 100 * shares[0], 100 * shares[-1]
    return f"{100 * statistics.median(shares):.1f} % ({low:.1f}–{high:.1f} %)"


def _med(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(float(r[key]) for r in runs) if runs else float("nan")


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark (or, with --one, a single run printed as JSON)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="small,medium,large")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--json", help="write every run to this file")
    parser.add_argument("--one", nargs=3, metavar=("SIZE", "SEED", "ENGINE"))
    parser.add_argument("--table", help="print the table of runs saved with --json")
    args = parser.parse_args(argv)
    if args.table:
        with open(args.table, encoding="utf-8") as handle:
            print(table(json.load(handle)))
        return
    if args.one:
        print(json.dumps(run_here(args.one[0], int(args.one[1]), args.one[2])))
        return
    runs = []
    for name in args.sizes.split(","):
        for seed in (int(s) for s in args.seeds.split(",")):
            for engine in ("greedy", "cpsat"):
                run = run_child(name, seed, engine)
                print(json.dumps({k: v for k, v in run.items() if k != "levels"}),
                      file=sys.stderr, flush=True)  # fmt: skip
                runs.append(run)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(runs, handle, indent=1)
    print(table(runs))


if __name__ == "__main__":
    main()
