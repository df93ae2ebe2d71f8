"""Reading the day server's PINs file (`planner serve --pins`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BeforeValidator, Field

from planner.files.scenario import by_place, load_document
from planner.model import Scenario
from planner.model.common import Strict
from planner.model.errors import InputError
from planner.model.words import N_

Pin = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int) else v)]
"""A PIN; digits written without quotes in YAML are read as the same text."""


MIN_LENGTH, MAX_LENGTH = 4, 64


class PinsFile(Strict):
    """One PIN per role, and one per expert, by expert id."""

    coordinator: Pin
    reception: Pin
    screen: Pin
    experts: dict[str, Pin] = Field(default_factory=dict)


def load_pins(path: Path, scenario: Scenario) -> dict[tuple[str, str], str]:
    """The PIN of each (role, who): `who` is the expert id for experts, else the role.

    Raises:
        InputError: every problem at once as `FILE:LINE: key.path: problem`: a missing
            role, a PIN of fewer than 4 or more than 64 characters, an unknown expert.
    """
    shape = N_("expected a mapping of coordinator, reception, screen and experts: {id: PIN}")
    pins, place = load_document(path, PinsFile, shape)
    found = {(role, role): getattr(pins, role) for role in ("coordinator", "reception", "screen")}
    found |= {("expert", expert): pin for expert, pin in pins.experts.items()}
    known = {e.id for e in scenario.experts}
    problems = [
        place(("experts", expert), f"unknown expert '{expert}' (known: {', '.join(sorted(known))})")
        for expert in pins.experts
        if expert not in known
    ]
    for (role, who), pin in found.items():
        if not MIN_LENGTH <= len(pin) <= MAX_LENGTH:
            loc = ("experts", who) if role == "expert" else (role,)
            problems.append(place(loc, f"a PIN has {MIN_LENGTH} to {MAX_LENGTH} characters"))
    if problems:
        raise InputError(by_place(problems))
    return found
