"""The walk-in booked at the first option of each need: the plan a desk would publish."""

from __future__ import annotations

from planner.model import Patient, Plan, Unserved
from solver.fit.search import FitResult


def with_first_options(plan: Plan, patient: Patient, result: FitResult) -> Plan:
    """A copy of `plan` with the walk-in's first options booked and new lunches added.

    Needs without an option are listed as unserved with their reason, so nothing is lost.
    """
    added, unserved = [], []
    breaks = {expert: list(spans) for expert, spans in plan.breaks.items()}
    for need in result.needs:
        if not need.options:
            reason = need.reason or "no option"
            unserved.append(Unserved(patient=patient.id, service=need.service, reason=reason))
            continue
        first = need.options[0]
        added.append(first.appointment(patient.id))
        for expert, lunch in first.lunch:
            breaks.setdefault(expert, []).append(lunch)
    return plan.model_copy(
        update={
            "appointments": [*plan.appointments, *added],
            "unserved": [*plan.unserved, *unserved],
            "breaks": breaks,
        }
    )
