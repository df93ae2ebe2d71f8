"""The tour model (CP-SAT): each stop's dates and the experts who fill its needs."""

from solver.tour.greedy import greedy_tour
from solver.tour.result import TourResult
from solver.tour.solve import plan_tour

__all__ = ["TourResult", "greedy_tour", "plan_tour"]
