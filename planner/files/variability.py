"""Reading a variability file (`planner simulate --variability V.yaml`), with every problem
as `FILE:LINE: key.path: problem`."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planner.files.documents import read_document
from planner.files.error_wording import error_message
from planner.files.scenario import Placer, by_place
from planner.model import Scenario
from planner.model.errors import InputError
from planner.model.variability import SeverityKey, Variability
from planner.model.words import gettext as _

Loc = tuple[str | int, ...]
SEVERITY_KEYS = SeverityKey.__args__  # type: ignore[attr-defined]


def load_variability(path: Path, scenario: Scenario) -> Variability:
    """Read and check a variability file against the scenario it is for.

    Raises:
        InputError: every problem at once, each at its line: a probability above 1, a
            negative spread or lateness, an unknown key, severity or service.
    """
    data, lines = read_document(path)
    if not isinstance(data, dict):
        raise InputError(
            _(
                "{name}:1: expected a mapping of keys (no_show, service_cv, "
                "arrival_late_min, walk_ins_per_hour, expert_late)",
                name=path.name,
            )
        )
    place = Placer(path.name, lines, {})
    services = sorted(s.id for s in scenario.services)
    spreads = data.get("service_cv")
    problems = [
        place(("service_cv", key), f"unknown service '{key}'{_hint(key, services, ', or default')}")
        for key in (spreads if isinstance(spreads, dict) else {})
        if key != "default" and key not in services
    ]
    try:
        variability = Variability.model_validate(data)
    except ValidationError as exc:
        problems += [_problem(place, data, e) for e in exc.errors()]
    if problems:
        raise InputError(by_place(problems))
    return variability


def _problem(place: Placer, data: dict[str, Any], error: Any) -> str:
    """One pydantic error at its place, in a reader's words."""
    loc: Loc = tuple(error["loc"])
    if loc and loc[-1] == "[key]":
        key = str(loc[-2])
        known = ", ".join(SEVERITY_KEYS)
        return place(loc[:-1], f"unknown severity '{key}' (known: {known})")
    if len(loc) == 2 and loc[1] == "default" and not isinstance(data.get(str(loc[0])), dict):
        loc = loc[:1]  # a single number was given for all: point at the key itself
    return place(loc, _wording(error, loc))


def _wording(error: Any, loc: Loc) -> str:
    """The one wording of pydantic errors, but where a figure may be a number for all or a
    mapping by severity or service."""
    if error["type"] in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a number or a mapping of keys, got {error.get('input')!r:.60}"
    return error_message(error, Variability)


def _hint(key: str, known: list[str], also: str = "") -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return f" (did you mean '{close[0]}'?)"
    return f" (known: {', '.join(known) or 'none'}{also})"
