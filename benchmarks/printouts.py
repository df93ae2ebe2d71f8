"""How long writing every printout takes for a generated stop (default: 300 patients, 2 days).

Run: `python -m benchmarks.printouts [--patients 300] [--households 40] [--runs 3]`. The
plan is the first-come-first-served baseline's (any valid plan prints alike), with the
home-visit households put on simple hand-made routes so that route sheets are printed too.

`python -m benchmarks.printouts --campaign [--runs 1]` times a county campaign instead
(`planner generate --patients 0 --households 2000 --teams 20 --visit-days 10`): the 200
routes of the greedy driver (`benchmarks/greedy.py`: real, checked routes, made before
the clock starts), their printouts and their maps, each timed on its own.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

from benchmarks.fcfs import fcfs_plan
from benchmarks.routing import greedy_result
from planner.model import Plan, Route, RouteVisit, Scenario, SolverInfo
from planner.model.synthetic import GenerateOptions, generate
from planner.printouts import write_printouts

CAMPAIGN = GenerateOptions(patients=0, households=2000, teams=20, visit_days=10)

VISIT_SPACING_MIN = 60
"""Hand-made routes: one household an hour from 09:00, 45 minutes each."""


def demo_routes(scenario: Scenario, per_route: int = 6) -> list[Route]:
    """Routes through the households in scenario order, `per_route` each, over the days.

    Not optimised and not checked: enough to give the route sheets real content.
    """
    if scenario.visits is None:
        return []
    teams, days = scenario.visits.teams, scenario.visits.days
    households = scenario.visits.households
    routes = []
    for index in range(0, len(households), per_route):
        chunk, number = households[index : index + per_route], index // per_route
        day = days[(number // len(teams)) % len(days)]
        visits = [
            RouteVisit(
                household=household.id,
                arrive=scenario.at(day, 9 * 60 + VISIT_SPACING_MIN * place),
                start=scenario.at(day, 9 * 60 + VISIT_SPACING_MIN * place),
                end=scenario.at(day, 9 * 60 + VISIT_SPACING_MIN * place + 45),
            )
            for place, household in enumerate(chunk)
        ]
        team = teams[number % len(teams)].id
        routes.append(Route(team=team, day=day, distance_km=0.0, drive_min=0, visits=visits))
    unique = {(route.team, route.day): route for route in routes}
    return list(unique.values())


def measure(patients: int, households: int, seed: int, out_dir: Path) -> dict[str, float]:
    """Write every printout once; return the wall time and what was written."""
    options = GenerateOptions(patients=patients, households=households, seed=seed, days=2)
    scenario = generate(options)
    plan: Plan = fcfs_plan(scenario)
    plan.routes = demo_routes(scenario)
    started, cpu_started = time.perf_counter(), _cpu_s()
    paths = write_printouts(scenario, plan, out_dir, lang="zh")
    wall_s, cpu_s = time.perf_counter() - started, _cpu_s() - cpu_started
    pages = sum(_pages(path) for path in paths if path.suffix == ".pdf")
    return {
        "seed": seed,
        "wall_s": round(wall_s, 3),
        "cpu_s": round(cpu_s, 3),
        "files": len(paths),
        "pdf_pages": pages,
    }


def measure_campaign(seed: int, out_dir: Path) -> dict[str, float]:
    """Write the printouts, then the maps, of a county campaign's 200 greedy routes."""
    from maps import write_maps

    scenario = generate(dataclasses.replace(CAMPAIGN, seed=seed))
    result = greedy_result(scenario, required_first=True)
    info = SolverInfo(wall_s=0.0, objective=0.0, bound=0.0, gap=0.0)
    plan = Plan(scenario=scenario.name, status="feasible", routes=result.routes,
                unvisited=result.unvisited, solver=info)  # fmt: skip
    started, cpu_started = time.perf_counter(), _cpu_s()
    paths = write_printouts(scenario, plan, out_dir, lang="zh")
    printouts_s, printouts_cpu_s = time.perf_counter() - started, _cpu_s() - cpu_started
    started, cpu_started = time.perf_counter(), _cpu_s()
    maps = write_maps(scenario, plan, out_dir, lang="zh")
    maps_s, maps_cpu_s = time.perf_counter() - started, _cpu_s() - cpu_started
    return {
        "seed": seed,
        "routes": len(plan.routes),
        "wall_s": round(printouts_s + maps_s, 3),
        "cpu_s": round(printouts_cpu_s + maps_cpu_s, 3),
        "printouts_s": round(printouts_s, 3),
        "printouts_cpu_s": round(printouts_cpu_s, 3),
        "maps_s": round(maps_s, 3),
        "maps_cpu_s": round(maps_cpu_s, 3),
        "files": len(paths) + len(maps),
    }


def _pages(path: Path) -> int:
    """Pages of a PDF."""
    return len(PdfReader(path).pages)


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children (the PDF workers)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    """Measure `--runs` seeds and print each run and the median as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=300)
    parser.add_argument("--households", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--campaign", action="store_true",
                        help="a county campaign's 200 routes: printouts and maps")  # fmt: skip
    args = parser.parse_args()
    runs = []
    for seed in range(args.runs):
        folder = Path(tempfile.mkdtemp(prefix="printouts-"))
        try:
            if args.campaign:
                runs.append(measure_campaign(seed, folder))
            else:
                runs.append(measure(args.patients, args.households, seed, folder))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    summary = {
        "runs": runs,
        "median_wall_s": statistics.median(run["wall_s"] for run in runs),
        "median_cpu_s": statistics.median(run["cpu_s"] for run in runs),
        "load_avg_1min": round(os.getloadavg()[0], 2),
        "date": dt.date.today().isoformat(),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
