"""Reading a walk-in patient for `planner fit`, and checking that a plan belongs to its
scenario."""

from __future__ import annotations

from pathlib import Path

from planner.files.scenario import by_place, load_document
from planner.model import Patient, Plan, Scenario, format_loc
from planner.model.errors import InputError


def load_walk_in(path: Path, scenario: Scenario) -> Patient:
    """Read one walk-in patient (YAML or JSON, as in the scenario's `patients`).

    Raises:
        InputError: every problem at once as `FILE:LINE: key.path: problem`: bad shape,
            unknown services, or an id the scenario already has.
    """
    shape = "expected one patient as a mapping of keys (id, family, arrives, leaves, needs, ...)"
    patient, place = load_document(path, Patient, shape)
    problems = []
    if patient.id in {p.id for p in scenario.patients}:
        problems.append(place(("id",), f"patient id '{patient.id}' is already in the scenario"))
    services = {s.id for s in scenario.services}
    for j, need in enumerate(patient.needs):
        if need not in services:
            known = ", ".join(sorted(services)) or "none"
            problems.append(place(("needs", j), f"unknown service '{need}' (known: {known})"))
        elif need in patient.needs[:j]:
            problems.append(place(("needs", j), f"'{need}' is listed twice"))
    if problems:
        raise InputError(by_place(problems))
    return patient


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
        problems.append(f"{name}: is this the plan of the scenario '{scenario.name}'?")
    return problems
