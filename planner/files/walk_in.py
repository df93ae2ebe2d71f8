"""Reading walk-in patients for `planner fit`: one, or a family fitted together, from a
file or given inline as YAML or JSON text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from planner.files.documents import parse_document, read_document
from planner.files.error_wording import error_message
from planner.files.scenario import Placer, by_place, load_document
from planner.model import Patient, Scenario
from planner.model.errors import InputError
from planner.model.words import N_
from planner.model.words import gettext as _

SHAPE = N_("expected one patient as a mapping of keys (id, family, arrives, leaves, needs, ...)")
INLINE = "--patient"
"""How messages name a walk-in given inline."""


def load_walk_in(path: Path, scenario: Scenario) -> Patient:
    """Read one walk-in patient (YAML or JSON, as in the scenario's `patients`).

    Raises:
        InputError: every problem at once as `FILE:LINE: key.path: problem`: bad shape,
            unknown services, or an id the scenario already has.
    """
    patient, place = load_document(path, Patient, SHAPE)
    problems = _problems(scenario, patient, (), place)
    if problems:
        raise InputError(by_place(problems))
    return patient


def load_walk_ins(source: str, scenario: Scenario) -> list[Patient]:
    """Read the walk-ins of `planner fit --patient`: a file, or YAML or JSON text given
    inline; one patient (a mapping), or a family fitted together (a list of them).

    Raises:
        InputError: every problem at once as `FILE:LINE: key.path: problem` (`--patient`
            for inline text): bad shape, unknown services, an id the scenario already has
            or that is given twice; a missing file.
    """
    data, name, lines = _read(source)
    items = data if isinstance(data, list) else [data]
    if not items or not all(isinstance(item, dict) for item in items):
        raise InputError(
            _("{name}:1: {shape}, or a list of them (a family)", name=name, shape=_(SHAPE))
        )
    place = Placer(name, lines, {})
    prefix = (lambda i: (i,)) if isinstance(data, list) else (lambda i: ())
    try:
        patients = TypeAdapter(list[Patient]).validate_python(items)
    except ValidationError as exc:
        messages = []
        for e in exc.errors():
            index, *rest = e["loc"]
            loc = (*prefix(int(index)), *rest)
            messages.append(place(loc, error_message({**e, "loc": tuple(rest)}, Patient)))
        raise InputError(by_place(messages)) from None
    problems = []
    for i, patient in enumerate(patients):
        problems += _problems(scenario, patient, prefix(i), place)
        if patient.id in {p.id for p in patients[:i]}:
            problems.append(place((*prefix(i), "id"), f"'{patient.id}' is given twice"))
    if problems:
        raise InputError(by_place(problems))
    return patients


def _read(source: str) -> tuple[Any, str, dict]:
    """The data of a file, or of inline text: YAML or JSON with a key in it."""
    path = Path(source)
    inline = ":" in source and ("\n" in source or source.lstrip()[:1] in "{[-" or not path.exists())
    if not inline:
        data, lines = read_document(path)
        return data, path.name, lines
    json_text = source.lstrip()[:1] in "{["
    data, lines = parse_document(source, INLINE, json_file=json_text)
    return data, INLINE, lines


def _problems(scenario: Scenario, patient: Patient, loc: tuple, place: Any) -> list[str]:
    """A walk-in's id already taken, and needs unknown or listed twice."""
    problems = []
    if patient.id in {p.id for p in scenario.patients}:
        problems.append(
            place((*loc, "id"), f"patient id '{patient.id}' is already in the scenario")
        )
    services = {s.id for s in scenario.services}
    for j, need in enumerate(patient.needs):
        if need not in services:
            known = ", ".join(sorted(services)) or "none"
            problems.append(place((*loc, "needs", j), f"unknown service '{need}' (known: {known})"))
        elif need in patient.needs[:j]:
            problems.append(place((*loc, "needs", j), f"'{need}' is listed twice"))
    return problems
