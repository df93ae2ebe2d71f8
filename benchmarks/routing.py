"""Home-visit routing at scale: generated stops, routed, checked, medians over seeds.

    python -m benchmarks.routing --households 500 --teams 8 --days 3 \
        --seeds 1 2 3 --time-limit 110 [--engine auto|ortools|pyvrp] [--json]

For each seed: `planner generate`'s households, routed by `route_visits`, and every
plan checked by the independent checker (`planner.check.check_plan`). Also times the
build of a 2,000-point travel matrix (median of five builds).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from dataclasses import asdict, dataclass

from planner.check import check_plan
from planner.generate import GenerateOptions, generate
from planner.model import Location, Plan, Scenario, Travel
from solver.limits import Limits
from solver.routing import VisitsResult, route_visits
from solver.routing.households import team_days
from solver.travel import build_travel

MATRIX_POINTS = 2000


@dataclass
class Row:
    """The figures of one seed."""

    seed: int
    households: int
    visited: int
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
    violations: int


def visits_only(scenario: Scenario) -> Scenario:
    """The scenario without its clinic day, so that the checker sees the routes alone."""
    return scenario.model_copy(update={"patients": [], "trainings": []})


def run_seed(args: argparse.Namespace, seed: int) -> Row:
    """Generate, route and check one seed's stop."""
    options = GenerateOptions(
        patients=10, households=args.households, teams=args.teams, visit_days=args.days, seed=seed
    )
    scenario = visits_only(generate(options))
    limits = Limits(time_limit_s=args.time_limit, seed=seed)
    started = time.perf_counter()
    result = route_visits(scenario, limits, engine=args.engine)
    wall = time.perf_counter() - started
    violations = check_plan(scenario, as_plan(scenario, result))
    for v in violations[:5]:
        print(f"  seed {seed}: {v}", file=sys.stderr)
    assert scenario.visits is not None
    required = {h.id for h in scenario.visits.households if h.required}
    dropped = [u for u in result.unvisited if u.household in required]
    unreachable = [u for u in dropped if not u.reason.startswith("required")]
    return Row(
        seed=seed,
        households=len(scenario.visits.households),
        visited=sum(len(r.visits) for r in result.routes),
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
        violations=len(violations),
    )


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
    parser.add_argument("--households", type=int, default=500)
    parser.add_argument("--teams", type=int, default=8)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--time-limit", type=float, default=110.0)
    parser.add_argument("--engine", default="auto", choices=["auto", "ortools", "pyvrp"])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = [run_seed(args, seed) for seed in args.seeds]
    matrix_s = matrix_build_s()
    medians = {
        key: statistics.median(getattr(r, key) for r in rows)
        for key in ("visited", "required_dropped", "optional_dropped", "wall_s", "violations")
    }
    if args.json:
        print(json.dumps({"rows": [asdict(r) for r in rows], "median": medians,
                          "matrix_2000_s": round(matrix_s, 3)}, indent=2))  # fmt: skip
        return 0
    head = "seed  households  visited  req  req-dropped  unreachable  opt-dropped  wall_s  viol"
    print(head)
    for r in rows:
        print(
            f"{r.seed:>4}  {r.households:>10}  {r.visited:>7}  {r.required:>3}  "
            f"{r.required_dropped:>11}  {r.required_unreachable:>11}  {r.optional_dropped:>11}  "
            f"{r.wall_s:>6.1f}  {r.violations:>4}   ({r.engine}, {r.status}; required "
            f"service {r.required_service_h:g} h of {r.team_h:g} team hours)"
        )
    print("median: " + ", ".join(f"{k} {v:g}" for k, v in medians.items()))
    print(f"travel matrix of {MATRIX_POINTS} points: {matrix_s:.3f} s (median of 5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
