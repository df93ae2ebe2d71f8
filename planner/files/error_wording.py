"""One wording of pydantic's validation errors, for every file the planner reads.

The readers (`scenario.py`, `plan.py`, `variants.py`, and the documents read through
`scenario.load_document`) put each message at its place; this says what is wrong, the
same way in all of them.
"""

from __future__ import annotations

import contextlib
import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from planner.model.references import Loc
from planner.model.words import N_
from planner.model.words import gettext as _


def error_message(error: ErrorDetails, root: type[BaseModel]) -> str:
    """A reader's wording of one pydantic error in a document of type `root`.

    An unknown key gets a "did you mean" (or the keys allowed there), found by walking
    `root`'s fields along the error's path.
    """
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    if kind == "extra_forbidden":
        return _unknown_key(loc, root)
    if kind == "missing":
        return _("missing required key '{key}'", key=loc[-1])
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return _("expected a mapping of keys, got {value!r:.60}", value=value)
    if kind == "list_type":
        return _("expected a list, got {value!r:.60}", value=value)
    if kind == "string_type":
        return _("expected text, got {value!r:.60}", value=value)
    message = _pydantic(error)
    if kind.startswith(("time", "date", "datetime", "int", "float", "bool", "greater", "less")):
        message = f"{message[0].lower()}{message[1:]}"
        message = _("{message} (got {value!r})", message=message, value=value)
    return message


PYDANTIC_WORDS = {
    "int_parsing": N_("input should be a valid integer, unable to parse string as an integer"),
    "int_type": N_("input should be a valid integer"),
    "int_from_float": N_("input should be a valid integer, got a number with a fractional part"),
    "float_parsing": N_("input should be a valid number, unable to parse string as a number"),
    "float_type": N_("input should be a valid number"),
    "bool_parsing": N_("input should be a valid boolean, unable to interpret input"),
    "bool_type": N_("input should be a valid boolean"),
    "greater_than": N_("input should be greater than {gt:g}"),
    "greater_than_equal": N_("input should be greater than or equal to {ge:g}"),
    "less_than": N_("input should be less than {lt:g}"),
    "less_than_equal": N_("input should be less than or equal to {le:g}"),
    "string_pattern_mismatch": N_("String should match pattern '{pattern}'"),
    "time_parsing": N_("input should be in a valid time format, {error}"),
    "time_type": N_("input should be a valid time"),
    "date_from_datetime_parsing": N_("input should be a valid date or datetime, {error}"),
    "date_parsing": N_("input should be a valid date in the format YYYY-MM-DD, {error}"),
    "date_type": N_("input should be a valid date"),
    "datetime_from_date_parsing": N_("input should be a valid datetime or date, {error}"),
    "datetime_parsing": N_("input should be a valid datetime, {error}"),
    "datetime_type": N_("input should be a valid datetime"),
    "literal_error": N_("Input should be {expected}"),
}
"""Pydantic's own errors in the planner's words, by error type (its context fills them)."""


def _pydantic(error: ErrorDetails) -> str:
    """Pydantic's message for `error` in the spoken language; a validator's own message
    (already in the planner's words) as it is."""
    words = PYDANTIC_WORDS.get(error["type"])
    if words is not None:
        with contextlib.suppress(KeyError, IndexError, ValueError):
            return _(words, **error.get("ctx", {}))
    return str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")


def _unknown_key(loc: Loc, root: type[BaseModel]) -> str:
    key = str(loc[-1])
    allowed = _fields_at(loc[:-1], root)
    hint = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if hint:
        return _("unknown key '{key}' (did you mean '{hint}'?)", key=key, hint=hint[0])
    return _("unknown key '{key}' (allowed here: {listed})", key=key, listed=", ".join(allowed))


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
