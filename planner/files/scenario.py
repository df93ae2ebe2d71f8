"""Reading scenario files (YAML or JSON) with errors that point at the line.

Every problem is reported as `FILE:LINE: key.path[3]: what is wrong`, all at once, so a
planner can fix a file in one pass. The file itself is read by `documents.read_document`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from planner.files.documents import read_document
from planner.files.tables import TableSource, read_table
from planner.model import Scenario, format_loc, reference_problems
from planner.model.errors import InputError
from planner.model.plannable import plannability_problems

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
            f"{path.name}:1: the top level must be a mapping of keys (name, venues, experts, "
            f"...), found {found}"
        )
    place = Placer(path.name, lines, {})
    place.tables.update(_inline_tables(data, path.parent, path.name, lines))
    return data, place


def scenario_from_document(data: dict[str, Any], path: Path, place: Placer) -> Scenario:
    """Validate a scenario read from `path` (perhaps changed since); `place` locates problems.

    Raises:
        InputError: every problem at once, each at its place.
    """
    place.tables.update(_inline_tables(data, path.parent, path.name, place.lines))
    try:
        scenario = Scenario.model_validate(data, context={"defer_references": True})
    except ValidationError as exc:
        messages = [place(e["loc"], _error_message(e)) for e in exc.errors()]
        raise InputError(by_place(messages)) from None
    problems = reference_problems(scenario) or plannability_problems(scenario)
    if problems:
        raise InputError(by_place([place(p.loc, p.message) for p in problems]))
    scenario._base_dir = path.parent.resolve()
    return scenario


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
        raise InputError(f"{path.name}:1: {not_a_mapping}")
    place = Placer(path.name, lines, {})
    try:
        model = root.model_validate(data)
    except ValidationError as exc:
        messages = [place(e["loc"], _error_message(e, root)) for e in exc.errors()]
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
        head, _, rest = message.partition(":")
        number = rest.split(":", 1)[0]
        return head, int(number) if number.isdigit() else 0, message

    return sorted(dict.fromkeys(messages), key=key)


def _error_message(error: Any, root: type[BaseModel] = Scenario) -> str:
    """A reader's wording of one pydantic error in a document of type `root`."""
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    if kind == "extra_forbidden":
        return _unknown_key(loc, root)
    if kind == "missing":
        return f"missing required key '{loc[-1]}'"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of keys, got {value!r:.60}"
    if kind == "list_type":
        return f"expected a list, got {value!r:.60}"
    if kind == "string_type":
        return f"expected text, got {value!r:.60}"
    message = str(error["msg"])
    message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind.startswith(("time", "date", "datetime", "int", "float", "bool", "greater", "less")):
        message = f"{message[0].lower()}{message[1:]} (got {value!r})"
    return message


def _unknown_key(loc: Loc, root: type[BaseModel]) -> str:
    key = str(loc[-1])
    allowed = _fields_at(loc[:-1], root)
    hint = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if hint:
        return f"unknown key '{key}' (did you mean '{hint[0]}'?)"
    return f"unknown key '{key}' (allowed here: {', '.join(allowed)})"


def _fields_at(loc: Loc, root: type[BaseModel]) -> list[str]:
    """The keys a mapping at `loc` may have, found by walking the document's types."""
    current: Any = root
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            current = _field_annotation(current, part)
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [field.alias or name for name, field in current.model_fields.items()]
    return []


def _field_annotation(model: type[BaseModel], key: str) -> Any:
    """The type of the field written as `key` (its name or its alias)."""
    for name, field in model.model_fields.items():
        if key in (name, field.alias):
            return field.annotation
    return None


def _unwrap(annotation: Any) -> Any:
    """Strip `X | None` to `X`."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return options[0] if len(options) == 1 else annotation
    return annotation
