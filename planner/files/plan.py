"""Reading plan.json with errors that name the file, the place and the problem."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from planner.files.documents import read_document
from planner.model import Plan, format_loc
from planner.model.errors import InputError

Loc = tuple[str | int, ...]


def load_plan(path: str | Path) -> Plan:
    """Read and validate a plan file.

    Raises:
        InputError: the file is missing, is not JSON, or does not have the plan's shape;
            each message reads `FILE:LINE: key.path: problem`.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot be read as UTF-8 text: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path.name}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise InputError(
            f"{path.name}:1: the plan must be a JSON object of keys, not {_kind(data)}"
        )
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        lines = _key_lines(path)
        raise InputError(
            [f"{path.name}:{_line(lines, tuple(e['loc']))}: {_describe(e)}" for e in exc.errors()]
        ) from None


def _describe(error: Any) -> str:
    """`key.path: problem` for one pydantic error, in a reader's words."""
    loc = tuple(error["loc"])
    if error["type"] == "extra_forbidden":
        return f"{format_loc(loc)}: unknown key '{loc[-1]}'"
    if error["type"] == "missing":
        return f"{format_loc(loc)}: missing required key '{loc[-1]}'"
    value = repr(error.get("input"))[:60]
    return f"{format_loc(loc)}: {error['msg']} (got {value})"


def _key_lines(path: Path) -> dict[Loc, int]:
    """Lines of each key path, from the line-aware reader (empty when it cannot tell)."""
    try:
        return read_document(path)[1]
    except InputError:
        return {}


def _line(lines: dict[Loc, int], loc: Loc) -> int:
    for cut in range(len(loc), 0, -1):
        if loc[:cut] in lines:
            return lines[loc[:cut]]
    return 1


def _kind(value: Any) -> str:
    return "a list" if isinstance(value, list) else f"a single value ({value!r:.40})"
