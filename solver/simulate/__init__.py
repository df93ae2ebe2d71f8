"""The day simulator: a published plan replayed many times under chance (no-shows, late
families and experts, consultations that run long or short, walk-ins fitted at the desk),
vectorised over the runs with numpy and reproducible from its seed."""

from solver.simulate.run import DEFAULT_RUNS, MEASURES, compare, simulate

__all__ = ["DEFAULT_RUNS", "MEASURES", "compare", "simulate"]
