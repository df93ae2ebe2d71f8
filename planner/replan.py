"""The re-planning job: a clinic day under way, its changes, and the least-changed new plan.

validate (scenario, published plan, changes) -> the day as it now is, with its history
-> `replan_schedule` -> the plan with its `changes` -> written like a solve's, plus the
day's scenario so that `planner check DIR/scenario.yaml DIR/plan.json` can be run.
"""

from __future__ import annotations

import time
from pathlib import Path

from planner.changes_file import load_changes
from planner.loading import dump_scenario, load_scenario
from planner.model import Plan, Scenario, SolverInfo, apply_changes
from planner.model.errors import InputError, NoPlanError, OutputError
from planner.model.replanning import history_of, plan_changes
from planner.pipeline import OutputOptions, prepare_out_dir, write_outputs
from planner.plan_file import load_plan
from solver.limits import Limits


def load_day(scenario_path: Path, plan_path: Path, changes_path: Path) -> tuple[Scenario, Plan]:
    """The day as it now is, with the published plan's history, and the published plan.

    Raises:
        InputError: any of the three files is invalid, or they do not fit together.
    """
    scenario = load_scenario(scenario_path)
    published = load_plan(plan_path)
    changes = load_changes(changes_path, scenario)
    unknown = sorted(
        {a.patient for a in published.appointments} - {p.id for p in scenario.patients}
    )
    if unknown:
        raise InputError(
            f"{plan_path.name}: names patients that {scenario_path.name} does not have: "
            f"{', '.join(unknown[:6])}; is it the plan of this scenario?"
        )
    day = apply_changes(scenario, changes)
    day.history = history_of(scenario, published, changes.now)
    return day, published


def replan_day(day: Scenario, published: Plan, limits: Limits) -> Plan:
    """The new plan of a day under way, with its `changes` against the published one.

    Raises:
        NoPlanError: no plan keeps the history and the hard rules of the day.
    """
    from solver.schedule.replan import replan_schedule

    started = time.perf_counter()
    result = replan_schedule(day, published, limits)
    if result.status in ("infeasible", "unknown"):
        raise NoPlanError(
            "no new plan keeps the history and every hard rule of the day as it now is"
            if result.status == "infeasible"
            else "no new plan found within the time limit; try a longer --time-limit"
        )
    plan = Plan(
        scenario=day.name, status="optimal" if result.status == "optimal" else "feasible",
        appointments=result.appointments, trainings=result.trainings, unserved=result.unserved,
        breaks=result.breaks, routes=published.routes, unvisited=published.unvisited,
        solver=SolverInfo(
            wall_s=round(time.perf_counter() - started, 3), objective=result.objective,
            bound=result.bound, gap=result.gap, seed=limits.seed,
            time_limit_s=limits.time_limit_s, schedule_status=result.status,
            terms=dict(result.terms),
        ),
    )  # fmt: skip
    plan.changes = plan_changes(published, plan)
    return plan


def write_replanned(day: Scenario, plan: Plan, out_dir: Path, options: OutputOptions) -> list[Path]:
    """Write the day's scenario, then the plan and its printouts and maps as `solve` does."""
    prepare_out_dir(out_dir)
    path = out_dir / "scenario.yaml"
    try:
        path.write_text(dump_scenario(day), encoding="utf-8")
    except OSError as error:
        raise OutputError(f"{path}: cannot be written: {error.strerror}") from None
    return [path, *write_outputs(day, plan, out_dir, options)]
