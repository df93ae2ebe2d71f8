"""One wording of pydantic's validation errors, for every file the planner reads.

The readers (`scenario.py`, `plan.py`, `variants.py`, and the documents read through
`scenario.load_document`) put each message at its place; this says what is wrong, the
same way in all of them.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from planner.model.references import Loc


def error_message(error: ErrorDetails, root: type[BaseModel]) -> str:
    """A reader's wording of one pydantic error in a document of type `root`.

    An unknown key gets a "did you mean" (or the keys allowed there), found by walking
    `root`'s fields along the error's path.
    """
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
