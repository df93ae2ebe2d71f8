"""Constraint models: the stop scheduler (CP-SAT) and visit routing (OR-Tools, PyVRP).

Solvers take a validated scenario, limits and a seed, and return plain result objects
built from the domain model. No OR-Tools or PyVRP object leaves this package.
"""
