"""Mop-up re-routing after day 1 of a generated campaign (issue 11's figure).

    python -m benchmarks.revisit --households 150 --teams 8 --days 3 --seeds 1 2 3 \
        --publish-limit 30 --time-limit 25 [--not-home 0.10] [--refused 0.05] [--json]

For each seed: `planner generate`'s households are routed (the published plan); of the
households day 1 visited, a random `--not-home` share is marked not at home (at the
planned start), `--refused` refused, the rest visited; `replan_visits` then runs at
06:00 on day 2. Reported: the re-plan's wall time, the share of not-at-home households
routed again (and why the others were not), closed households visited again, the share
of later visits kept on their team and day, and the checker's findings on the new plan.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
from dataclasses import asdict, dataclass

from benchmarks.routing import visits_only
from planner.check import check_plan
from planner.model import Plan, Scenario, SolverInfo
from planner.model.changes import VisitStatus
from planner.model.synthetic import GenerateOptions, generate
from solver.limits import Limits
from solver.routing import route_visits
from solver.routing.revisit import Revisit, replan_visits


@dataclass
class Row:
    """The figures of one seed."""

    seed: int
    households: int
    day_1: int
    not_home: int
    not_home_rerouted: int
    refused: int
    closed_visited_again: int
    later: int
    later_kept: int
    wall_s: float
    violations: int
    left_out_reasons: list[str]


def published(scenario: Scenario, seconds: float, seed: int) -> Plan:
    """The campaign's plan as published before day 1."""
    result = route_visits(scenario, Limits(time_limit_s=seconds, seed=seed))
    info = SolverInfo(wall_s=result.wall_s, objective=result.objective, bound=0.0, gap=0.0)
    return Plan(scenario=scenario.name, status="feasible", routes=result.routes,
                unvisited=result.unvisited, solver=info)  # fmt: skip


def day_1_statuses(
    plan: Plan, day: dt.date, rng: random.Random, not_home: float, refused: float
) -> list[VisitStatus]:
    """Statuses for every visit of day 1: shares not at home and refused, the rest visited."""
    visits = [(r, v) for r in plan.routes if r.day == day for v in r.visits]
    order = rng.sample(range(len(visits)), len(visits))
    n_away, n_refused = round(not_home * len(visits)), round(refused * len(visits))
    statuses = []
    for rank, k in enumerate(order):
        route, visit = visits[k]
        status = (
            "not_home" if rank < n_away else "refused" if rank < n_away + n_refused else "visited"
        )
        statuses.append(VisitStatus(household=visit.household, status=status, at=visit.start,
                                    team=route.team, day=route.day))  # fmt: skip
    return statuses


def run_seed(args: argparse.Namespace, seed: int) -> Row:
    """Publish, mark day 1, re-plan and measure one seed's campaign."""
    options = GenerateOptions(patients=10, households=args.households, teams=args.teams,
                              visit_days=args.days, seed=seed)  # fmt: skip
    scenario = visits_only(generate(options))
    assert scenario.visits is not None
    days = sorted(scenario.visits.days)
    plan = published(scenario, args.publish_limit, seed)
    statuses = day_1_statuses(plan, days[0], random.Random(seed), args.not_home, args.refused)
    now = dt.datetime.combine(days[1], dt.time(6, 0))
    revisit = replan_visits(scenario, plan, statuses, now, Limits(args.time_limit, seed))
    new_plan = plan.model_copy(update={"routes": revisit.routes, "unvisited": revisit.unvisited,
                                       "changes": revisit.diff})  # fmt: skip
    violations = check_plan(scenario, new_plan)
    for v in violations[:5]:
        print(f"  seed {seed}: {v}", file=sys.stderr)
    return _row(seed, scenario, plan, statuses, revisit, len(violations), days[0])


def _row(
    seed: int,
    scenario: Scenario,
    plan: Plan,
    statuses: list[VisitStatus],
    revisit: Revisit,
    violations: int,
    day_1: dt.date,
) -> Row:
    assert scenario.visits is not None
    new = {
        v.household: (r.team, r.day) for r in revisit.routes for v in r.visits if v.status is None
    }
    away = [s.household for s in statuses if s.status == "not_home"]
    closed = {s.household for s in statuses if s.status != "not_home"}
    later = {v.household: (r.team, r.day) for r in plan.routes if r.day > day_1 for v in r.visits}
    reasons = {u.household: u.reason for u in revisit.unvisited}
    return Row(
        seed=seed,
        households=len(scenario.visits.households),
        day_1=len(statuses),
        not_home=len(away),
        not_home_rerouted=sum(h in new for h in away),
        refused=sum(s.status == "refused" for s in statuses),
        closed_visited_again=sum(h in new for h in closed),
        later=len(later),
        later_kept=sum(new.get(h) == place for h, place in later.items()),
        wall_s=round(revisit.wall_s, 2),
        violations=violations,
        left_out_reasons=[reasons[h] for h in away if h not in new],
    )


def main() -> None:
    """Run the seeds and print one line per seed, then the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=150)
    parser.add_argument("--teams", type=int, default=8)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--publish-limit", type=float, default=30.0)
    parser.add_argument("--time-limit", type=float, default=25.0)
    parser.add_argument("--not-home", type=float, default=0.10)
    parser.add_argument("--refused", type=float, default=0.05)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = [run_seed(args, seed) for seed in args.seeds]
    if args.json:
        print(json.dumps([asdict(row) for row in rows], indent=2))
        return
    for r in rows:
        print(f"seed {r.seed}: day 1 {r.day_1} visits; not at home {r.not_home_rerouted}/"
              f"{r.not_home} routed again; refused {r.refused}; closed visited again "
              f"{r.closed_visited_again}; later kept {r.later_kept}/{r.later}; "
              f"re-plan {r.wall_s} s; violations {r.violations}")  # fmt: skip
        for reason in r.left_out_reasons:
            print(f"    not routed again: {reason}")
    print(f"median: not at home routed again "
          f"{statistics.median(r.not_home_rerouted / max(r.not_home, 1) for r in rows):.0%}, "
          f"later kept {statistics.median(r.later_kept / max(r.later, 1) for r in rows):.0%}, "
          f"re-plan {statistics.median(r.wall_s for r in rows)} s")  # fmt: skip


if __name__ == "__main__":
    main()
