"""Reading tour files, and telling them from scenario files, with line-numbered errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

from planner.files.scenario import load_document
from planner.model.errors import InputError
from planner.model.references import Problem
from planner.model.tour import Tour, tour_problems
from planner.model.words import N_
from planner.model.words import gettext as _


def load_tour(path: str | Path) -> Tour:
    """Load and validate a tour file; raise `InputError` listing every problem."""
    path = Path(path)
    shape = N_("the top level must be a mapping of keys (name, crew, stops, experts, ...)")
    tour, place = load_document(path, Tour, shape)
    problems = tour_problems(tour)
    problems += [
        Problem(
            ("stops", index, "scenario"),
            _("scenario file not found: {scenario}", scenario=stop.scenario),
        )
        for index, stop in enumerate(tour.stops)
        if stop.scenario is not None and not (path.parent / stop.scenario).is_file()
    ]
    if problems:
        raise InputError([place(p.loc, p.message) for p in problems])
    tour._base_dir = path.parent.resolve()
    return tour


TOP_LEVEL_STOPS = re.compile(r"^stops\s*:", re.MULTILINE)


def is_tour_file(path: str | Path) -> bool:
    """Whether the file is a tour (a top-level `stops` key) rather than a stop's scenario.

    A quick look at the text, so that a big scenario is not parsed twice; a file that
    cannot be read is left to the scenario loader, which says why.
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError:
        return False
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except ValueError:
            return False
        return isinstance(data, dict) and "stops" in data
    return TOP_LEVEL_STOPS.search(text) is not None
