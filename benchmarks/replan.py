"""Re-planning at 11:00: the fewest changes, against a from-scratch solve of the same day.

Run it as `python -m benchmarks.replan --seeds 1,2,3`. For each seed a generated,
over-subscribed 120-patient stop is solved once (the published plan; with `--plans DIR`
it is kept there, so that later runs and other versions of the code re-plan the same
plans). Four change sets at 11:00 are then applied: (a) 10 walk-ins and 5 no-shows, (b)
the expert with the most bookings after 11:00 two hours late (on site from 13:00), (c)
the consultation room with the most bookings after 14:00 closed from 14:00, (d) all of
these. Each is re-planned
(`replan_clinic`) and solved from scratch with the same history frozen. Every plan goes
through the checker. The table gives medians over the seeds. It is not part of the
test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from planner.check import check_plan
from planner.files.plan import load_plan
from planner.jobs.replan import replan_clinic
from planner.jobs.solve import solve_stop
from planner.model import Changes, Plan, Scenario
from planner.model.changes import ExpertHours, RoomClosure
from planner.model.clinic import Patient
from planner.model.common import SEVERITIES, DayHours
from planner.model.replanning import day_of, plan_diff
from planner.model.synthetic import GenerateOptions, generate
from solver.limits import Limits
from solver.schedule.replan import replan_schedule

NOW = dt.time(11, 0)
SETS = ("a", "b", "c", "d")


def change_sets(scenario: Scenario, published: Plan, seed: int) -> dict[str, Changes]:
    """The four change sets at 11:00 for one stop and its published plan."""
    day = scenario.clinic_dates()[0]
    now = dt.datetime.combine(day, NOW)
    rng = random.Random(seed)
    later = [a for a in published.appointments if scenario.localize(a.start).time() >= NOW]
    booked = sorted({a.patient for a in later})
    no_shows = sorted(rng.sample(booked, 5))
    services = [s.id for s in scenario.services if not s.family_block]
    walk_ins = [
        Patient(id=f"w{i:02d}", family=f"fw{i:02d}", severity=rng.choice(SEVERITIES),
                arrives=now + dt.timedelta(minutes=10 * rng.randint(0, 6)),
                leaves=dt.datetime.combine(day, dt.time(17, 0)),
                needs=sorted(rng.sample(services, rng.randint(1, 2))))
        for i in range(1, 11)
    ]  # fmt: skip
    busiest = Counter(e for a in later for e in a.experts).most_common(1)[0][0]
    expert = next(e for e in scenario.experts if e.id == busiest)
    late = [h.model_copy(update={"start": max(h.start, dt.time(13, 0))}) for h in expert.available]
    consult = [a for a in later if scenario.localize(a.start).time() >= dt.time(14, 0)]
    rooms = Counter((a.venue, a.room) for a in consult if a.service in ("mdt", "consult"))
    (venue, room), _ = rooms.most_common(1)[0]
    closed = DayHours(date=day, start=dt.time(14, 0), end=dt.time(23, 0))
    a = Changes(now=now, walk_ins=walk_ins, no_shows=no_shows)
    b = Changes(now=now, experts=[ExpertHours(id=busiest, available=late)])
    c = Changes(now=now, rooms=[RoomClosure(venue=venue, room=room, closed=[closed])])
    d = Changes(now=now, walk_ins=walk_ins, no_shows=no_shows, experts=b.experts, rooms=c.rooms)
    return {"a": a, "b": b, "c": c, "d": d}


def publish(scenario: Scenario, seed: int, seconds: float, folder: Path | None) -> Plan:
    """The published plan of one seed: a `solve` as `planner solve` runs it, kept in
    `folder` (when given) so that later runs, and other versions of the code, re-plan
    the very same plan."""
    path = None if folder is None else folder / f"published-{seed}.json"
    if path is not None and path.exists():
        return load_plan(path)
    plan = solve_stop(scenario, Limits(time_limit_s=seconds, seed=seed))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(plan.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return plan


def affected(day: Scenario, changes: Changes, published: Plan) -> set[tuple[str, str]]:
    """Published appointments after `now` that the changes touch directly."""
    now = day.localize(changes.now)
    hit = set()
    hours = {e.id: e.available for e in changes.experts}
    family = {p.id: p.family for p in day.patients}
    blocks = {s.id for s in day.services if s.family_block}
    # A no-show's family closes ranks in its block (the block is back to back).
    gone = {(family[p], a.service) for p in changes.no_shows for a in published.appointments
            if a.patient == p and a.service in blocks}  # fmt: skip
    for a in published.appointments:
        start, end = day.localize(a.start), day.localize(a.end)
        if start < now:
            continue
        touched = a.patient in changes.no_shows or (family[a.patient], a.service) in gone
        if touched or any(e in hours for e in a.experts):
            hit.add((a.patient, a.service))
        for closure in changes.rooms:
            if (a.venue, a.room) == (closure.venue, closure.room):
                for span in closure.closed:
                    if (
                        start < day.at(span.date, span.end_min)
                        and day.at(span.date, span.start_min) < end
                    ):
                        hit.add((a.patient, a.service))
    return hit


def measure(
    scenario: Scenario, published: Plan, changes: Changes, seed: int, limit_s: float
) -> dict[str, float]:
    """Re-plan and solve from scratch; the figures of one change set."""
    day = day_of(scenario, published, changes).scenario
    started = time.perf_counter()
    plan = replan_clinic(day, published, Limits(time_limit_s=limit_s, seed=seed))
    wall = time.perf_counter() - started
    scratch_result = replan_schedule(day, None, Limits(time_limit_s=limit_s, seed=seed))
    scratch = Plan(scenario=day.name, status="feasible", appointments=scratch_result.appointments,
                   trainings=scratch_result.trainings, unserved=scratch_result.unserved,
                   breaks=scratch_result.breaks, solver=plan.solver)  # fmt: skip
    for name, p in (("replan", plan), ("scratch", scratch)):
        problems = check_plan(day, p)
        if problems:
            raise SystemExit(f"seed {seed}: the {name} plan breaks rules: {problems[:3]}")
    hit = affected(day, changes, published)
    history = {(a.patient, a.service) for a in day.history.appointments} if day.history else set()
    unaffected = [c for c in plan.changes if c.patient and c.what != "new"
                  and (c.patient, c.service) not in hit | history]  # fmt: skip
    scratch_changes = plan_diff(published, scratch)
    return {
        "wall_s": wall,
        "unaffected": len(unaffected),
        "dropped": sum(c.what == "cancelled" for c in unaffected),
        "moved_pct": 100 * sum(c.what == "moved" for c in unaffected) / max(1, len(unaffected)),
        "served": served_weight(day, plan),
        "served_ratio": served_weight(day, plan) / max(1, served_weight(day, scratch)),
        "forced": plan.solver.terms["published_unfit"],
        "changes": _changed(plan.changes, changes.no_shows),
        "scratch_changes": _changed(scratch_changes, changes.no_shows),
        "ratio": _changed(scratch_changes, changes.no_shows)
        / max(1, _changed(plan.changes, changes.no_shows)),
        "walk_ins_new": sum(
            c.what == "new" and c.patient.startswith("w") for c in plan.changes if c.patient
        ),
    }


def served_weight(day: Scenario, plan: Plan) -> int:
    """Severity-weighted needs served over the whole day (history included)."""
    severity = {p.id: p.severity for p in day.patients}
    return sum(day.weights.severity[severity[a.patient]] for a in plan.appointments)


def _changed(changes: list, no_shows: list[str]) -> int:
    """Published appointments moved, or cancelled though the patient came."""
    return sum(
        c.what == "moved" or (c.what == "cancelled" and c.patient not in no_shows)
        for c in changes
        if c.patient is not None
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Print a markdown table of medians over the seeds, one row per change set."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.replan", description=__doc__)
    parser.add_argument("--seeds", default="1,2,3", help="generator seeds, comma-separated")
    parser.add_argument("--patients", type=int, default=120)
    parser.add_argument(
        "--publish-s", type=float, default=20.0, help="seconds for the published plan"
    )
    parser.add_argument("--time-limit", type=float, default=20.0, help="seconds per re-plan")
    parser.add_argument(
        "--plans", type=Path, help="folder that keeps the published plans for later runs"
    )
    args = parser.parse_args(argv)
    rows: dict[str, list[dict[str, float]]] = {s: [] for s in SETS}
    for seed in (int(s) for s in args.seeds.split(",")):
        scenario = generate(GenerateOptions(patients=args.patients, households=0, seed=seed))
        published = publish(scenario, seed, args.publish_s, args.plans)
        for name, changes in change_sets(scenario, published, seed).items():
            rows[name].append(measure(scenario, published, changes, seed, args.time_limit))
            print(f"seed {seed} set {name}: {rows[name][-1]}", flush=True)
    print(
        "| set | replan wall s | unaffected | dropped | moved % | served vs scratch "
        "| no longer fit | changes | scratch changes | scratch / replan | walk-in needs served |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name in SETS:
        m = {k: statistics.median(r[k] for r in rows[name]) for k in rows[name][0]}
        print(f"| {name} | {m['wall_s']:.1f} | {m['unaffected']:.0f} | {m['dropped']:.0f} | "
              f"{m['moved_pct']:.1f} | {m['served_ratio']:.3f} | {m['forced']:.0f} | "
              f"{m['changes']:.0f} | "
              f"{m['scratch_changes']:.0f} | {m['ratio']:.1f} | "
              f"{m['walk_ins_new']:.0f} |")  # fmt: skip


if __name__ == "__main__":
    main()
