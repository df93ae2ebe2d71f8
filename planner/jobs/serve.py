"""The jobs of the day server (`planner serve`): reading the day it starts from,
re-planning it from what happened, and publishing a new version.

The server (`planner/server/`) calls these and nothing of the solver directly, so that the
command line's `replan` and the server's re-plan are one path. The re-plan job (and
with it the solver) is imported at the first re-plan, so that the server starts quickly.
"""

from __future__ import annotations

from pathlib import Path

from planner.files.plan import load_plan, plan_problems
from planner.files.scenario import load_scenario
from planner.jobs.outputs import OutputOptions
from planner.model import Plan, Scenario
from planner.model.changes import Changes
from planner.model.errors import InputError
from planner.model.replanning import day_of
from planner.printouts.calls import CallLine, call_list
from planner.printouts.entries import Names
from planner.printouts.labels import labels_for
from solver.limits import Limits


def load_published(scenario_path: Path, plan_path: Path) -> tuple[Scenario, Plan]:
    """The scenario and its published plan, checked to belong together.

    Raises:
        InputError: either file is invalid, or the plan names what the scenario lacks.
    """
    scenario = load_scenario(scenario_path)
    plan = load_plan(plan_path)
    problems = plan_problems(scenario, plan, plan_path.name)
    if problems:
        raise InputError(problems)
    return scenario, plan


def replan_day(
    scenario: Scenario, published: Plan, changes: Changes, limits: Limits
) -> tuple[Scenario, Plan]:
    """The day as it now is and its new plan, as `planner replan` would make them.

    Raises:
        InputError: the changes do not fit the scenario (an unknown id, `now` off the day).
        NoPlanError: no plan keeps the history and the hard rules of the day.
    """
    from planner.jobs.replan import replan_stop

    day = day_of(scenario, published, changes)
    return day.scenario, replan_stop(day, limits)


def publish_version(
    day: Scenario, plan: Plan, published: Plan, out_dir: Path, lang: str
) -> list[Path]:
    """Write a version's folder as `planner replan` writes its --out: scenario.yaml,
    plan.json and the printouts of a re-plan (print/changes.*, the changed slips).

    Raises:
        OutputError: the folder cannot be written.
    """
    from planner.jobs.replan import write_replanned

    return write_replanned(day, plan, out_dir, OutputOptions(lang=lang, maps=False), published)


def proposal_calls(scenario: Scenario, plan: Plan, lang: str) -> list[CallLine]:
    """Whom the desk must tell if a re-planned `plan` of the day is published: one line per
    family, household or expert, soonest affected first (as the changes printout)."""
    return call_list(scenario, plan, Names(scenario, labels_for(lang)))
