"""`planner generate`: a valid synthetic scenario of a given size, for scale tests and
benchmarks."""

from __future__ import annotations

from planner.model import Scenario
from planner.model.errors import InputError
from planner.model.synthetic import CITIES, GenerateOptions
from planner.model.synthetic import generate as synthetic_stop
from planner.model.words import gettext as _


def generate(options: GenerateOptions) -> Scenario:
    """The scenario the options describe; the same options always give the same scenario.

    Raises:
        InputError: the city is not one the generator knows.
    """
    if options.city not in CITIES:
        raise InputError(
            _(
                "unknown city '{city}' (known: {listed})",
                city=options.city,
                listed=", ".join(CITIES),
            )
        )
    return synthetic_stop(options)
