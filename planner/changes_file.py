"""Reading the changes file of `planner replan`, with errors that point at the line."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from planner.documents import read_document
from planner.loading import Placer, _message, _sorted
from planner.model import Scenario
from planner.model.changes import Changes, change_problems
from planner.model.errors import InputError


def load_changes(path: str | Path, scenario: Scenario) -> Changes:
    """Load a changes file and check it against the scenario of the published plan.

    Raises:
        InputError: every problem at once, each as `FILE:LINE: key.path: problem`
            (bad shapes, unknown ids, a walk-in id already taken, a `now` off the stop's days).
    """
    path = Path(path)
    data, lines = read_document(path)
    if not isinstance(data, dict):
        raise InputError(
            f"{path.name}:1: the top level must be a mapping of keys (now, walk_ins, "
            "no_shows, late, experts, rooms, visits)"
        )
    place = Placer(path.name, lines, {})
    try:
        changes = Changes.model_validate(data)
    except ValidationError as exc:
        messages = [place(e["loc"], _message(e, Changes)) for e in exc.errors()]
        raise InputError(_sorted(messages)) from None
    problems = change_problems(scenario, changes)
    if problems:
        raise InputError(_sorted([place(p.loc, p.message) for p in problems]))
    return changes
