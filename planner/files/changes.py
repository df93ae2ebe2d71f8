"""Reading the changes file of `planner replan`, with errors that point at the line."""

from __future__ import annotations

from pathlib import Path

from planner.files.scenario import by_place, load_document
from planner.model import Scenario
from planner.model.changes import Changes, change_problems
from planner.model.errors import InputError


def load_changes(path: str | Path, scenario: Scenario) -> Changes:
    """Load a changes file and check it against the scenario of the published plan.

    Raises:
        InputError: every problem at once, each as `FILE:LINE: key.path: problem`
            (bad shapes, unknown ids, a walk-in id already taken, a `now` off the stop's days).
    """
    keys = "now, walk_ins, no_shows, late, experts, rooms, visits"
    changes, place = load_document(
        Path(path), Changes, f"the top level must be a mapping of keys ({keys})"
    )
    problems = change_problems(scenario, changes)
    if problems:
        raise InputError(by_place([place(p.loc, p.message) for p in problems]))
    return changes
