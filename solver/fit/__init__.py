"""Fitting a walk-in into a published plan without moving anybody else."""

from solver.fit.itinerary import with_first_options
from solver.fit.search import DEFAULT_OPTIONS, FitResult, NeedOptions, Option, fit_walk_in

__all__ = [
    "DEFAULT_OPTIONS",
    "FitResult",
    "NeedOptions",
    "Option",
    "fit_walk_in",
    "with_first_options",
]
