"""Reading the day server's PINs file (`planner serve --pins`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BeforeValidator, Field

from planner.files.scenario import by_place, load_document
from planner.model import Scenario
from planner.model.common import Strict
from planner.model.errors import InputError

Pin = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int) else v)]
"""A PIN; digits written without quotes in YAML are read as the same text."""


class PinsFile(Strict):
    """One PIN per role, and one per expert, by expert id."""

    coordinator: Annotated[Pin, Field(min_length=4, max_length=64)]
    reception: Annotated[Pin, Field(min_length=4, max_length=64)]
    screen: Annotated[Pin, Field(min_length=4, max_length=64)]
    experts: dict[str, Pin] = Field(default_factory=dict)


def load_pins(path: Path, scenario: Scenario) -> dict[tuple[str, str], str]:
    """The PIN of each (role, who): `who` is the expert id for experts, else the role.

    Raises:
        InputError: every problem at once as `FILE:LINE: key.path: problem`: a missing
            role, a PIN shorter than 4 characters, an unknown expert.
    """
    shape = "expected a mapping of coordinator, reception, screen and experts: {id: PIN}"
    pins, place = load_document(path, PinsFile, shape)
    known = {e.id for e in scenario.experts}
    problems = [
        place(("experts", expert), f"unknown expert '{expert}' (known: {', '.join(sorted(known))})")
        for expert in pins.experts
        if expert not in known
    ]
    problems += [
        place(("experts", e), "a PIN has at least 4 characters")
        for e, pin in pins.experts.items()
        if len(str(pin)) < 4
    ]
    if problems:
        raise InputError(by_place(problems))
    found = {
        (role, role): str(getattr(pins, role)) for role in ("coordinator", "reception", "screen")
    }
    found |= {("expert", expert): str(pin) for expert, pin in pins.experts.items()}
    return found
