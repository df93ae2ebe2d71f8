"""Reading YAML or JSON files into plain data, with the line of every key.

Every scenario, plan and other input file goes through `read_document`, so that each
problem found later can be reported as `FILE:LINE: key.path[3]: what is wrong`. Hostile
input (binary, huge, alias bombs) is rejected quickly with the same kind of message.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from planner.model import format_loc
from planner.model.errors import InputError
from planner.model.words import gettext as _

MAX_BYTES = 20_000_000
MAX_NODES = 2_000_000
Loc = tuple[str | int, ...]


def read_document(path: Path) -> tuple[Any, dict[Loc, int]]:
    """Parse a YAML or JSON file into plain data and a map from key paths to lines."""
    return parse_document(_text(path), path.name, json_file=path.suffix.lower() == ".json")


def parse_document(text: str, name: str, json_file: bool = False) -> tuple[Any, dict[Loc, int]]:
    """Parse YAML or JSON text (given inline, or a file's called `name`) into plain data
    and a map from key paths to lines; messages name the text `name`."""
    if not text.strip():
        raise InputError(_("{name}:1: the text is empty", name=name))
    try:
        node = _yaml().load(text)
    except YAMLError as exc:
        if json_file:
            return _json_fallback(name, text), {}
        raise InputError(_yaml_message(name, exc)) from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise InputError(_("{name}: cannot be parsed: {exc}", name=name, exc=exc)) from None
    try:
        size = _expanded_size(node, {}, 0)
    except InputError as exc:
        raise InputError(f"{name}: {exc.messages[0]}") from None
    if size > MAX_NODES:
        raise InputError(
            _(
                "{name}: the document expands to {size:,} values, more than "
                "{MAX_NODES:,} (anchors and aliases nested too deep?); refusing to "
                "read it",
                name=name,
                size=size,
                MAX_NODES=MAX_NODES,
            )
        )
    lines: dict[Loc, int] = {}
    try:
        data = _plain(node, (), lines)
    except _UnsupportedTag as exc:
        line = lines.get(exc.loc, 1)
        raise InputError(
            _(
                "{name}:{line}: {where}: unsupported YAML tag '{tag}'",
                name=name,
                line=line,
                where=format_loc(exc.loc),
                tag=exc.tag,
            )
        ) from None
    return data, lines


def _text(path: Path) -> str:
    """The file's text, refused quickly when it is missing, huge, binary or empty."""
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(_("{path}: file not found", path=path)) from None
    except OSError as exc:
        raise InputError(
            _("{path}: cannot be read: {strerror}", path=path, strerror=exc.strerror)
        ) from None
    if len(raw) > MAX_BYTES:
        raise InputError(
            _(
                "{name}: the file is {count:,} bytes; scenarios are at most 20 MB",
                name=name,
                count=len(raw),
            )
        )
    if b"\x00" in raw:
        raise InputError(
            _("{name}: not a text file (it contains NUL bytes); expected YAML or JSON", name=name)
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            _(
                "{name}: not UTF-8 text (bad byte at offset {start}); save the file as UTF-8",
                name=name,
                start=exc.start,
            )
        ) from None
    if not text.strip():
        raise InputError(_("{name}:1: the file is empty", name=name))
    return text


class _Constructor(RoundTripConstructor):
    """Leaves dates and times as text, so pydantic checks them and errors get a line."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_str)


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    return yaml


def _yaml_message(name: str, exc: YAMLError) -> str:
    if isinstance(exc, MarkedYAMLError) and exc.problem_mark is not None:
        line = exc.problem_mark.line + 1
        what = " ".join(filter(None, [exc.context, exc.problem]))
        return f"{name}:{line}: not valid YAML: {what}"
    return f"{name}: not valid YAML: {exc}"


def _json_fallback(name: str, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            _("{name}:{lineno}: not valid JSON: {msg}", name=name, lineno=exc.lineno, msg=exc.msg)
        ) from None


def _expanded_size(node: Any, memo: dict[int, int], depth: int) -> int:
    """How many values the document holds once every alias is expanded.

    Linear in the size of the file, however deeply aliases nest, so an alias bomb is
    measured without being expanded.
    """
    if not isinstance(node, dict | list):
        return 1
    key = id(node)
    if key in memo:
        if memo[key] < 0:
            raise InputError(_("the document refers to itself through an alias (a cycle)"))
        return memo[key]
    if depth > 100:
        raise InputError(_("the document nests more than 100 levels deep"))
    memo[key] = -1
    children = node.values() if isinstance(node, dict) else node
    memo[key] = 1 + sum(_expanded_size(child, memo, depth + 1) for child in children)
    return memo[key]


def _plain(node: Any, loc: Loc, lines: dict[Loc, int]) -> Any:
    """Copy ruamel's nodes into plain dicts and lists, recording the line of each key."""
    if isinstance(node, CommentedMap):
        out: dict[str, Any] = {}
        for key, value in node.items():
            key_loc = (*loc, str(key))
            pos = node.lc.key(key)
            if pos is not None:
                lines.setdefault(key_loc, pos[0] + 1)
            out[str(key)] = _plain(value, key_loc, lines)
        return out
    if isinstance(node, CommentedSeq):
        items = []
        for index, value in enumerate(node):
            pos = node.lc.item(index)
            if pos is not None:
                lines.setdefault((*loc, index), pos[0] + 1)
            items.append(_plain(value, (*loc, index), lines))
        return items
    if isinstance(node, TaggedScalar):
        raise _UnsupportedTag(loc, str(node.tag))
    if isinstance(node, str | bool | int | float | dt.date) or node is None:
        return node
    return str(node)


class _UnsupportedTag(Exception):
    def __init__(self, loc: Loc, tag: str) -> None:
        self.loc, self.tag = loc, tag
