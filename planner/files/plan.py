"""Reading plan.json with errors that name the file, the place and the problem."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planner.files.documents import read_document
from planner.files.error_wording import error_message
from planner.files.scenario import Loc, Placer
from planner.model import Plan, Scenario, format_loc
from planner.model.errors import InputError
from planner.model.words import gettext as _


def load_plan(path: str | Path) -> Plan:
    """Read and validate a plan file.

    Raises:
        InputError: the file is missing, is not JSON, or does not have the plan's shape;
            each message reads `FILE:LINE: key.path: problem`.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(_("{path}: file not found", path=path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            _("{path}: cannot be read as UTF-8 text: {exc}", path=path, exc=exc)
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            _(
                "{name}:{lineno}: not valid JSON: {msg}",
                name=path.name,
                lineno=exc.lineno,
                msg=exc.msg,
            )
        ) from None
    if not isinstance(data, dict):
        raise InputError(
            _(
                "{name}:1: the plan must be a JSON object of keys, not {kind}",
                name=path.name,
                kind=_kind(data),
            )
        )
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        place = Placer(path.name, _key_lines(path), {})
        raise InputError([place(e["loc"], error_message(e, Plan)) for e in exc.errors()]) from None


def _key_lines(path: Path) -> dict[Loc, int]:
    """Lines of each key path, from the line-aware reader (empty when it cannot tell)."""
    try:
        return read_document(path)[1]
    except InputError:
        return {}


def _kind(value: Any) -> str:
    return "a list" if isinstance(value, list) else f"a single value ({value!r:.40})"


def plan_problems(scenario: Scenario, plan: Plan, name: str) -> list[str]:
    """Ids in the plan that the scenario lacks: a sign that the two do not belong together."""
    patients = {p.id for p in scenario.patients}
    experts = {e.id for e in scenario.experts}
    services = {s.id for s in scenario.services}
    rooms = {(v.id, r.id) for v in scenario.venues for r in v.rooms}
    problems = []
    for i, a in enumerate(plan.appointments):
        unknown = [f"patient '{a.patient}'"] if a.patient not in patients else []
        unknown += [f"service '{a.service}'"] if a.service not in services else []
        unknown += [f"expert '{e}'" for e in a.experts if e not in experts]
        unknown += [f"room '{a.venue}/{a.room}'"] if (a.venue, a.room) not in rooms else []
        problems += [f"{name}: {format_loc(('appointments', i))}: unknown {u}" for u in unknown]
    for i, t in enumerate(plan.trainings):
        unknown = [f"expert '{e}'" for e in t.lecturers if e not in experts]
        unknown += [f"room '{t.venue}/{t.room}'"] if (t.venue, t.room) not in rooms else []
        problems += [f"{name}: {format_loc(('trainings', i))}: unknown {u}" for u in unknown]
    problems += [
        f"{name}: breaks.{e}: unknown expert '{e}'" for e in plan.breaks if e not in experts
    ]
    if problems:
        problems.append(
            _("{name}: is this the plan of the scenario '{name2}'?", name=name, name2=scenario.name)
        )
    return problems


def replan_scenario_hint(scenario_path: Path, plan_path: Path, plan: Plan) -> str | None:
    """For a re-plan (a plan with `changes`) checked against another file than the day's
    scenario written beside it: which file to check it against. None otherwise."""
    day = plan_path.parent / "scenario.yaml"
    if not plan.changes or scenario_path.resolve() == day.resolve():
        return None
    return (
        f"{plan_path.name} is a re-plan (it lists `changes`): check it against the day as it "
        f"now is, with its walk-ins and history, which `planner replan` wrote beside it: "
        f"planner check {day} {plan_path}"
    )
