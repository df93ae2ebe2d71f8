"""Fitting a walk-in into a published plan without moving anybody else."""

from solver.fit.search import DEFAULT_OPTIONS, FitResult, NeedOptions, Option, fit_walk_in

__all__ = ["DEFAULT_OPTIONS", "FitResult", "NeedOptions", "Option", "fit_walk_in"]
