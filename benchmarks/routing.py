"""Home-visit routing at scale: generated stops, routed, checked, medians over seeds.

    python -m benchmarks.routing --households 500 --teams 8 --days 3 \
        --seeds 1 2 3 --time-limit 110 [--engine ENGINE ...] [--json]
    python -m benchmarks.routing --patients 0 --households 2000 --teams 20 --days 10 \
        --seeds 1 --time-limit 300 --methods parts greedy greedy-required

For each seed: `planner generate`'s households, routed by each method, and every plan
checked by the independent checker (`planner.check.check_plan`). Methods: `auto`
(`route_visits` as `planner solve` calls it), `one` (one model of every vehicle),
`parts` (the decomposition), and the greedy drivers of `benchmarks/greedy.py`
(`greedy`: nearest feasible household next; `greedy-required`: required ones first).
`--engine` takes one or more of `solver.routing.engines.ENGINES`, and `auto/NAME`: the
household path with NAME (`solver.routing.over_full`) for over-full problems, found
over-full by its PyVRP probe only (no `beyond_hours` shortcut); `auto/ortools` is the
path before VROOM, so that it and today's run side by side; runs go seed by seed,
interleaved. Each run is a process of its own, so that its peak memory is its own. Also
times the build of a 2,000-point travel matrix (median of five builds). `weighted`
counts each visit by its household's priority weight (`PRIORITY_WEIGHT`: 4, 2, 1 for
priorities 1, 2, 3).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import resource
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass

from benchmarks.greedy import greedy_routes
from planner.check import check_plan
from planner.model import Location, Plan, Scenario, Travel, Unvisited
from planner.model.synthetic import GenerateOptions, generate
from solver.limits import Limits
from solver.routing import VisitsResult, hybrid, route_visits
from solver.routing.engines import ENGINES
from solver.routing.households import PRIORITY_WEIGHT, build_visit_problem, team_days
from solver.routing.over_full import OVER_FULL_ENGINES
from solver.routing.problem import RoutingProblem
from solver.routing.timeline import to_route
from solver.travel import build_travel

MATRIX_POINTS = 2000
METHODS = ("auto", "one", "parts", "greedy", "greedy-required")
PARTS = {"auto": None, "one": False, "parts": True}


@dataclass
class Row:
    """The figures of one seed."""

    seed: int
    method: str
    engine_option: str
    households: int
    visited: int
    weighted: int
    required: int
    required_dropped: int
    required_unreachable: int
    optional_dropped: int
    routes: int
    required_service_h: float
    team_h: float
    status: str
    engine: str
    wall_s: float
    first_plan_s: float
    drive_h: float
    drive_min_per_visit: float
    peak_mb: float
    violations: int


def visits_only(scenario: Scenario) -> Scenario:
    """The scenario without its clinic day, so that the checker sees the routes alone."""
    return scenario.model_copy(update={"patients": [], "trainings": []})


def run_seed(args: argparse.Namespace, seed: int, method: str, engine: str) -> Row:
    """Generate, route and check one seed's stop by one method and engine."""
    options = GenerateOptions(
        patients=args.patients, households=args.households, teams=args.teams,
        visit_days=args.days, seed=seed,
    )  # fmt: skip
    scenario = visits_only(generate(options))
    limits = Limits(time_limit_s=args.time_limit, seed=seed)
    started = time.perf_counter()
    if method in PARTS:
        name, _, over_full = engine.partition("/")
        if over_full:  # this run's own process: the path before the over-full engines
            hybrid.OVER_FULL_DEFAULT = over_full
            hybrid.beyond_hours = never
        result = route_visits(scenario, limits, engine=name, parts=PARTS[method])
    else:
        result = greedy_result(scenario, required_first=method == "greedy-required")
    wall = time.perf_counter() - started
    violations = check_plan(scenario, as_plan(scenario, result))
    for v in violations[:5]:
        print(f"  seed {seed}, {method}: {v}", file=sys.stderr)
    assert scenario.visits is not None
    required = {h.id for h in scenario.visits.households if h.required}
    dropped = [u for u in result.unvisited if u.household in required]
    unreachable = [u for u in dropped if not u.reason.startswith(("required", "greedy"))]
    priority = {h.id: h.priority for h in scenario.visits.households}
    visited = [v.household for r in result.routes for v in r.visits]
    drive_min = sum(r.drive_min for r in result.routes)
    return Row(
        seed=seed,
        method=method,
        engine_option=engine if method in PARTS else "-",
        households=len(scenario.visits.households),
        visited=len(visited),
        weighted=sum(PRIORITY_WEIGHT[priority[h]] for h in visited),
        required=len(required),
        required_dropped=len(dropped) - len(unreachable),
        required_unreachable=len(unreachable),
        optional_dropped=len(result.unvisited) - len(dropped),
        routes=len(result.routes),
        required_service_h=round(
            sum(h.service_min for h in scenario.visits.households if h.required) / 60, 1
        ),
        team_h=round(team_hours(scenario), 1),
        status=result.status,
        engine=result.engine,
        wall_s=round(wall, 2),
        first_plan_s=round(result.first_plan_s, 2),
        drive_h=round(drive_min / 60, 1),
        drive_min_per_visit=round(drive_min / len(visited), 2) if visited else 0.0,
        peak_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        violations=len(violations),
    )


def greedy_result(scenario: Scenario, required_first: bool) -> VisitsResult:
    """The greedy driver's routes, as the planner's routing step would return them."""
    started = time.perf_counter()
    vp = build_visit_problem(scenario)
    solution = greedy_routes(vp.problem, required_first=required_first)
    routes = [
        to_route(vp, scenario, v, stops, starts)
        for v, (stops, starts) in enumerate(zip(solution.routes, solution.starts, strict=True))
        if stops
    ]
    unvisited = [Unvisited(household=h, reason=r) for h, r in vp.excluded.items()]
    unvisited += [
        Unvisited(household=vp.households[s].id, reason="greedy: not visited")
        for s in solution.dropped
    ]
    wall = time.perf_counter() - started
    return VisitsResult(
        "feasible", wall_s=wall, routes=routes, unvisited=unvisited, engine="greedy",
        first_plan_s=wall,
    )  # fmt: skip


def run_alone(args: argparse.Namespace, seed: int, method: str, engine: str) -> Row:
    """`run_seed` in a fresh process, so that the peak memory is this run's alone."""
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        return pool.submit(run_seed, args, seed, method, engine).result()


def team_hours(scenario: Scenario) -> float:
    """Hours the teams work over the visit days, lunch taken out."""
    visits = scenario.visits
    assert visits is not None
    minutes = 0
    for team_day in team_days(visits):
        team = team_day.team
        lunch = team.lunch or visits.lunch
        minutes += team.shift.end_min - team.shift.start_min - (lunch.duration_min if lunch else 0)
    return minutes / 60


def as_plan(scenario: Scenario, result: VisitsResult) -> Plan:
    """A plan holding only the routes, for the checker."""
    return Plan(
        scenario=scenario.name,
        status="feasible",
        routes=result.routes,
        unvisited=result.unvisited,
        solver=result.solver_info(),
    )


def matrix_build_s(repeats: int = 5) -> float:
    """Median seconds to build the travel matrix of 2,000 points around Zhaotong."""
    rng = random.Random(0)
    points = [
        (f"p{i}", Location(lat=27.3 + rng.uniform(-0.5, 0.5), lon=103.7 + rng.uniform(-0.5, 0.5)))
        for i in range(MATRIX_POINTS)
    ]
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        build_travel(points, Travel())
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--patients",
        type=int,
        default=10,
        help="the generator's patients (0: a campaign without a clinic)",
    )
    parser.add_argument("--households", type=int, default=500)
    parser.add_argument("--teams", type=int, default=8)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--time-limit", type=float, default=110.0)
    parser.add_argument("--engine", nargs="+", default=["auto"], type=engine_option)
    parser.add_argument("--methods", nargs="+", default=["auto"], choices=METHODS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)  # fmt: skip
    runs = [(m, e if m in PARTS else "-") for m in args.methods for e in args.engine]
    runs = list(dict.fromkeys(runs))  # a greedy method runs once, whatever the engines
    rows = [run_alone(args, seed, m, e) for seed in args.seeds for m, e in runs]
    matrix_s = matrix_build_s()
    keys = ("visited", "weighted", "required_dropped", "optional_dropped", "wall_s",
            "first_plan_s", "drive_h", "drive_min_per_visit", "peak_mb", "violations")  # fmt: skip
    medians = {
        f"{m} {e}": {key: statistics.median(getattr(r, key) for r in rows
                                            if (r.method, r.engine_option) == (m, e))
                     for key in keys}
        for m, e in runs
    }  # fmt: skip
    if args.json:
        print(json.dumps({"rows": [asdict(r) for r in rows], "median": medians,
                          "matrix_2000_s": round(matrix_s, 3)}, indent=2))  # fmt: skip
        return 0
    print_table(rows, medians)
    print(f"travel matrix of {MATRIX_POINTS} points: {matrix_s:.3f} s (median of 5)")
    return 0


def never(problem: RoutingProblem) -> bool:
    """No problem skips the household path's PyVRP probe (as before `beyond_hours`)."""
    return False


def engine_option(value: str) -> str:
    """An engine of `ENGINES`, or `auto/NAME` with NAME one of the over-full engines."""
    name, slash, over_full = value.partition("/")
    if name not in ENGINES or (slash and (name != "auto" or over_full not in OVER_FULL_ENGINES)):
        known = ", ".join([*ENGINES, *(f"auto/{e}" for e in OVER_FULL_ENGINES)])
        raise argparse.ArgumentTypeError(f"unknown engine {value!r} (known: {known})")
    return value


def print_table(rows: list[Row], medians: dict[str, dict[str, float]]) -> None:
    """One line per run, then the medians of each method."""
    print("method           engine         seed  households  visited  weighted  req  "
          "req-dropped  unreachable  opt-dropped  first_s  wall_s  drive_h  min/visit  "
          "peak_MB  viol")  # fmt: skip
    for r in rows:
        print(
            f"{r.method:<15}  {r.engine_option:<13}  {r.seed:>4}  {r.households:>10}  "
            f"{r.visited:>7}  {r.weighted:>8}  {r.required:>3}  "
            f"{r.required_dropped:>11}  {r.required_unreachable:>11}  {r.optional_dropped:>11}  "
            f"{r.first_plan_s:>7.1f}  {r.wall_s:>6.1f}  {r.drive_h:>7.1f}  "
            f"{r.drive_min_per_visit:>9.1f}  {r.peak_mb:>7.0f}  "
            f"{r.violations:>4}   ({r.engine}, {r.status}; required service "
            f"{r.required_service_h:g} h of {r.team_h:g} team hours)"
        )
    for method, values in medians.items():
        print(f"median {method}: " + ", ".join(f"{k} {v:g}" for k, v in values.items()))


if __name__ == "__main__":
    raise SystemExit(main())
