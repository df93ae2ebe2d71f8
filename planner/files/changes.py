"""Reading the changes file of `planner replan`, with errors that point at the line, and
adding the walk-ins that the desk booked (`planner fit --book`) to it."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from planner.files.out_dir import writing
from planner.files.scenario import by_place, load_document
from planner.model import Scenario
from planner.model.changes import Changes, WalkIn, change_problems
from planner.model.errors import InputError
from planner.model.words import N_


def load_changes(path: str | Path, scenario: Scenario) -> Changes:
    """Load a changes file and check it against the scenario of the published plan.

    Raises:
        InputError: every problem at once, each as `FILE:LINE: key.path: problem`
            (bad shapes, unknown ids, a walk-in id already taken, a `now` off the stop's days).
    """
    shape = N_(
        "the top level must be a mapping of keys (now, walk_ins, no_shows, late, experts, "
        "rooms, visits)"
    )
    changes, place = load_document(Path(path), Changes, shape)
    problems = change_problems(scenario, changes)
    if problems:
        raise InputError(by_place([place(p.loc, p.message) for p in problems]))
    return changes


def append_walk_ins(path: Path, walk_ins: list[WalkIn], now: dt.datetime) -> bool:
    """Add walk-ins (with what the desk booked for them) to a changes file, keeping its
    comments and layout; a missing file is created with `now`. True if it was created.

    Raises:
        OutputError: the file cannot be written.
    """
    entries = [_entry(w) for w in walk_ins]
    created = not path.exists()
    with writing(path):
        if path.suffix.lower() == ".json":
            data = {"now": _moment(now)} if created else json.loads(path.read_text("utf-8"))
            data.setdefault("walk_ins", []).extend(entries)
            path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8")
            return created
        yaml = YAML(typ="rt", pure=True)
        yaml.width = 100
        yaml.allow_unicode = True
        yaml.preserve_quotes = True  # "13:00" stays text for every reader, not 780
        yaml.indent(mapping=2, sequence=4, offset=2)
        document = CommentedMap(now=_moment(now)) if created else yaml.load(path.read_text("utf-8"))
        if document.get("walk_ins") is None:
            document["walk_ins"] = CommentedSeq()
        document["walk_ins"].extend(entries)
        buffer = io.StringIO()
        yaml.dump(document, buffer)
        path.write_text(buffer.getvalue(), encoding="utf-8")
    return created


def _entry(walk_in: WalkIn) -> CommentedMap:
    """A walk-in as the changes file holds it: each booking on one line."""
    data = walk_in.model_dump(mode="python", exclude_defaults=True)
    entry = CommentedMap({k: _moment(v) for k, v in data.items() if k != "booked"})
    booked = CommentedSeq()
    for booking in data.get("booked", []):
        line = CommentedMap({k: _moment(v) for k, v in booking.items()})
        line.fa.set_flow_style()
        booked.append(line)
    entry["booked"] = booked
    return entry


def _moment(value: Any) -> Any:
    """Times as the changes file writes them: local `2025-07-05T14:30` (with the offset
    when one was given), dates and times of day as text."""
    if isinstance(value, dt.datetime):
        text = value.replace(tzinfo=None).isoformat(timespec="minutes")
        return text if value.tzinfo is None else value.isoformat(timespec="minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, list):
        flow = CommentedSeq(_moment(v) for v in value)
        flow.fa.set_flow_style()
        return flow
    return value
