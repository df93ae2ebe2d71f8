"""The domain model: scenarios, plans and changes. A leaf: imports no solver, map or CLI code."""

from planner.model.changes import Changes, apply_changes
from planner.model.clinic import Expert, Patient, Room, Service, Training, Venue, in_after_order
from planner.model.common import (
    SEVERITIES,
    DayHours,
    Location,
    LunchRule,
    Severity,
    TimeRange,
)
from planner.model.plan import (
    Appointment,
    Break,
    DiffEntry,
    Plan,
    Route,
    RouteVisit,
    SolverInfo,
    TrainingSession,
    Unserved,
    Unvisited,
    route_file_stem,
    safe_name,
    tel_link,
)
from planner.model.references import Problem, format_loc, reference_problems
from planner.model.scenario import Defaults, History, Rules, Scenario, Weights
from planner.model.visits import Household, Team, Travel, Visits

__all__ = [
    "SEVERITIES",
    "Appointment",
    "Break",
    "Changes",
    "DayHours",
    "Defaults",
    "DiffEntry",
    "Expert",
    "History",
    "Household",
    "Location",
    "LunchRule",
    "Patient",
    "Plan",
    "Problem",
    "Room",
    "Route",
    "RouteVisit",
    "Rules",
    "Scenario",
    "Service",
    "Severity",
    "SolverInfo",
    "Team",
    "TimeRange",
    "Training",
    "TrainingSession",
    "Travel",
    "Unserved",
    "Unvisited",
    "Venue",
    "Visits",
    "Weights",
    "apply_changes",
    "format_loc",
    "in_after_order",
    "reference_problems",
    "route_file_stem",
    "safe_name",
    "tel_link",
]
