"""Reading scenario files (YAML or JSON) with errors that point at the line.

Every problem is reported as `FILE:LINE: key.path[3]: what is wrong`, all at once, so a
planner can fix a file in one pass. The file itself is read by `documents.read_document`.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from planner.files.documents import read_document
from planner.files.error_wording import error_message
from planner.files.tables import TableSource, read_table
from planner.files.travel_matrix import read_travel_matrix
from planner.model import Problem, Scenario, format_loc, reference_problems
from planner.model.errors import InputError
from planner.model.notify import PHONE, contact_number
from planner.model.plannable import plannability_problems
from planner.model.travel import MeasuredTimes
from planner.model.words import gettext as _

Loc = tuple[str | int, ...]


def load_scenario(path: str | Path) -> Scenario:
    """Load and validate a scenario file; raise `InputError` listing every problem."""
    path = Path(path)
    data, place = read_scenario_document(path)
    return scenario_from_document(data, path, place)


def read_scenario_document(path: Path) -> tuple[dict[str, Any], Placer]:
    """A scenario file as plain data, its tables read in, and where each key came from."""
    data, lines = read_document(path)
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else f"a single value ({data!r:.40})"
        raise InputError(
            _(
                "{name}:1: the top level must be a mapping of keys (name, venues, "
                "experts, ...), found {found}",
                name=path.name,
                found=found,
            )
        )
    place = Placer(path.name, lines, {})
    place.tables.update(_inline_tables(data, path.parent, path.name, lines))
    return data, place


def scenario_from_document(
    data: dict[str, Any], path: Path, place: Placer, matrix_ids: Collection[str] = ()
) -> Scenario:
    """Validate a scenario read from `path` (perhaps changed since); `place` locates problems.

    `matrix_ids` are ids the travel matrix may name besides the scenario's own teams and
    households: a sweep's variant may leave out households of the scenario it patches.

    Raises:
        InputError: every problem at once, each at its place.
    """
    place.tables.update(_inline_tables(data, path.parent, path.name, place.lines))
    try:
        scenario = Scenario.model_validate(data, context={"defer_references": True})
    except ValidationError as exc:
        messages = [place(e["loc"], error_message(e, Scenario)) for e in exc.errors()]
        raise InputError(by_place(messages)) from None
    problems = reference_problems(scenario) or plannability_problems(scenario)
    problems = [*problems, *phone_problems(scenario)]
    if problems:
        raise InputError(by_place([place(p.loc, p.message) for p in problems]))
    scenario._base_dir = path.parent.resolve()
    scenario._measured_times = _measured_times(scenario, place, matrix_ids)
    return scenario


def _measured_times(
    scenario: Scenario, place: Placer, matrix_ids: Collection[str]
) -> MeasuredTimes | None:
    """The legs of the scenario's travel matrix file, if it names one.

    Raises:
        InputError: the file is missing (at the scenario's `matrix` key) or bad (at
            its own line).
    """
    visits = scenario.visits
    if visits is None or not visits.travel.matrix:
        return None
    path = scenario.base_dir / visits.travel.matrix
    if not path.is_file():
        message = f"travel matrix file not found: {path}"
        raise InputError(place(("visits", "travel", "matrix"), message))
    ids = {team.id for team in visits.teams} | {h.id for h in visits.households}
    return read_travel_matrix(path, ids | set(matrix_ids), place.label)


def phone_problems(scenario: Scenario) -> list[Problem]:
    """Every phone number that is not a number (the call list and the texts dial them), and
    every `{contact}` of a template when the scenario has no number to give."""
    owners: list[tuple[Loc, str | None]] = [
        *((("patients", i, "phone"), p.phone) for i, p in enumerate(scenario.patients)),
        *((("experts", i, "phone"), e.phone) for i, e in enumerate(scenario.experts)),
    ]
    if scenario.visits is not None:
        visits = scenario.visits
        owners += [(("visits", "teams", i, "phone"), t.phone) for i, t in enumerate(visits.teams)]
        owners += [
            (("visits", "households", i, "phone"), h.phone) for i, h in enumerate(visits.households)
        ]
    found = [
        Problem(
            loc,
            _(
                "not a phone number: {phone} (digits, perhaps a leading + and dashes)",
                phone=repr(phone),
            ),
        )
        for loc, phone in owners
        if phone is not None and not PHONE.match(phone)
    ]
    teams = scenario.visits.teams if scenario.visits else []
    if scenario.notify is not None and not contact_number(scenario.notify, teams):
        found += scenario.notify.contact_problems()
    return found


M = typing.TypeVar("M", bound=BaseModel)


def load_document(
    path: Path, root: type[M], not_a_mapping: str
) -> tuple[M, Callable[[Loc, str], str]]:
    """Read and validate a plain (table-free) document of type `root`.

    Returns the model and a function that places a key path's message on its line, for
    the caller's own cross-reference checks.

    Raises:
        InputError: listing every problem at once, each with its line; `not_a_mapping`
            on line 1 when the top level is not a mapping of keys.
    """
    data, lines = read_document(path)
    if not isinstance(data, dict):
        raise InputError(f"{path.name}:1: {_(not_a_mapping)}")
    place = Placer(path.name, lines, {})
    try:
        model = root.model_validate(data)
    except ValidationError as exc:
        messages = [place(e["loc"], error_message(e, root)) for e in exc.errors()]
        raise InputError(by_place(messages)) from None
    return model, place


def _inline_tables(
    data: dict[str, Any], base_dir: Path, name: str, lines: dict[Loc, int]
) -> dict[Loc, TableSource]:
    """Replace `{file: ...}` entries for patients and households by the table's rows."""
    sources: dict[Loc, TableSource] = {}
    targets: list[tuple[Loc, dict[str, Any], str]] = [(("patients",), data, "patients")]
    visits = data.get("visits")
    if isinstance(visits, dict):
        targets.append((("visits", "households"), visits, "households"))
    for loc, parent, key in targets:
        spec = parent.get(key)
        if isinstance(spec, str) or (isinstance(spec, dict) and "file" in spec):
            origin = f"{name}:{lines.get(loc, 1)}: {format_loc(loc)}"
            parent[key], sources[loc] = read_table(spec, base_dir, key, origin)
    return sources


class Placer:
    """Turns a key path into `file:line: path` (or `table: row, column`).

    `label` (such as a sweep's variant) goes between the place and the message.
    """

    def __init__(
        self, name: str, lines: dict[Loc, int], tables: dict[Loc, TableSource], label: str = ""
    ) -> None:
        self.name, self.lines, self.tables, self.label = name, lines, tables, label

    def __call__(self, loc: typing.Sequence[str | int], message: str) -> str:
        loc = tuple(loc)
        label = f"{self.label}: " if self.label else ""
        for prefix, source in self.tables.items():
            n = len(prefix)
            index = loc[n] if len(loc) > n and loc[:n] == prefix else None
            if isinstance(index, int):
                return f"{source.place(index, _column(loc[n + 1 :]))}: {label}{message}"
        return f"{self.name}:{self._line(loc)}: {label}{format_loc(loc)}: {message}"

    def depth(self, loc: Loc) -> int:
        """How many keys of `loc`, from the top, have a known line (0: none)."""
        return next((cut for cut in range(len(loc), 0, -1) if loc[:cut] in self.lines), 0)

    def _line(self, loc: Loc) -> int:
        cut = self.depth(loc)
        return self.lines[loc[:cut]] if cut else 1


def _column(rest: Loc) -> str | None:
    if not rest:
        return None
    field = str(rest[0])
    if field == "location":
        return str(rest[1]) if len(rest) > 1 and rest[1] in ("lat", "lon") else "lat/lon"
    return field


def dump_scenario(scenario: Scenario) -> str:
    """The scenario as YAML that `load_scenario` reads back to an equal scenario."""
    import io

    data = _readable(scenario.model_dump(mode="python", exclude_defaults=True))
    data = {"name": data.pop("name"), **data}
    buffer = io.StringIO()
    yaml = YAML(typ="rt", pure=True)
    yaml.default_flow_style = None
    yaml.width = 100
    yaml.allow_unicode = True
    yaml.dump(data, buffer)
    return buffer.getvalue()


def _readable(node: Any) -> Any:
    """Times as HH:MM and moments as YYYY-MM-DDTHH:MM, the way planners write them."""
    if isinstance(node, dict):
        first = {"date": node["date"]} if "date" in node else {}
        return {key: _readable(value) for key, value in {**first, **node}.items()}
    if isinstance(node, list):
        return [_readable(item) for item in node]
    if isinstance(node, dt.datetime):
        return node.isoformat(timespec="minutes")
    if isinstance(node, dt.time):
        return DoubleQuotedScalarString(node.strftime("%H:%M"))
    if isinstance(node, dt.date):
        return node.isoformat()
    return node


def by_place(messages: list[str]) -> list[str]:
    """Messages once each, in order of file and line (`FILE:LINE: ...`)."""

    def key(message: str) -> tuple[str, int, str]:
        head, _colon, rest = message.partition(":")
        number = rest.split(":", 1)[0]
        return head, int(number) if number.isdigit() else 0, message

    return sorted(dict.fromkeys(messages), key=key)
