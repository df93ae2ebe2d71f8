"""Reading a walk-in patient for `planner fit`."""

from __future__ import annotations

from pathlib import Path

from planner.files.scenario import by_place, load_document
from planner.model import Patient, Scenario
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
