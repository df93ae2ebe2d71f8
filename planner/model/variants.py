"""What-if variants of a scenario (`planner sweep`) and the row each one gives.

A variants file names each variant and holds its RFC 7386 merge patch on the scenario:

    variants:
      - name: as-planned
        patch: {}
      - name: one-team
        patch: {visits: {teams: [...]}}
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from planner.model.common import Strict
from planner.model.plan import Plan
from planner.model.references import Problem
from planner.model.scenario import Scenario
from planner.model.words import gettext as _

VariantName = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][\w.=+-]*$"
    ),
]
"""A variant's name, also the name of its output folder: letters, digits, `._-=+`."""


class Variant(Strict):
    """One what-if: a name and a merge patch on the scenario."""

    name: VariantName
    patch: dict[str, Any] = Field(
        default_factory=dict,
        description="RFC 7386 merge patch on the scenario: null deletes a key, a mapping "
        "merges, anything else (lists too) replaces",
    )


class VariantsFile(Strict):
    """The variants file of `planner sweep`."""

    variants: list[Variant] = Field(min_length=1)


def variant_problems(variants: list[Variant]) -> list[Problem]:
    """Variants whose names clash: each would overwrite the other's output folder."""
    seen: dict[str, int] = {}
    problems = []
    for index, variant in enumerate(variants):
        key = variant.name.lower()  # folders clash on case-insensitive file systems too
        if key in seen:
            problems.append(
                Problem(
                    ("variants", index, "name"),
                    _(
                        "duplicate variant name '{name}' (first at variants[{seen}])",
                        name=variant.name,
                        seen=seen[key],
                    ),
                )
            )
        else:
            seen[key] = index
    return problems


class SweepRow(BaseModel):
    """One line of `sweep.csv`: a variant's outcome, in the contract's columns first."""

    model_config = ConfigDict(extra="forbid")

    variant: str
    status: str
    needs_served: int | None = None
    needs_total: int | None = None
    served_weight: int | None = None
    households_visited: int | None = None
    households_total: int | None = None
    required_missed: int | None = None
    drive_km: float | None = None
    wall_s: float | None = None
    violations: int | None = None
    error: str = ""
    sim_p90_finish: str | None = None
    """With `--simulate N`: the last day's simulated p90 finish (HH:MM)."""
    sim_p90_wait_min: float | None = None
    """With `--simulate N`: the simulated p90 of the families' waiting."""
    sim_walk_ins_turned_away: float | None = None
    """With `--simulate N`: walk-ins turned away, mean per run."""


def sweep_row(variant: str, scenario: Scenario, plan: Plan, wall_s: float) -> SweepRow:
    """The figures of one variant's plan."""
    weight = {p.id: scenario.weights.severity[p.severity] for p in scenario.patients}
    households = scenario.visits.households if scenario.visits else []
    required = {h.id for h in households if h.required}
    return SweepRow(
        variant=variant,
        status=plan.status,
        needs_served=len(plan.appointments),
        needs_total=len(plan.appointments) + len(plan.unserved),
        served_weight=sum(weight[a.patient] for a in plan.appointments),
        households_visited=sum(len(route.visits) for route in plan.routes),
        households_total=len(households),
        required_missed=sum(1 for u in plan.unvisited if u.household in required),
        drive_km=round(sum(route.distance_km for route in plan.routes), 1),
        wall_s=round(wall_s, 2),
    )


def failed_row(variant: str, error: str, wall_s: float | None = None) -> SweepRow:
    """The row of a variant that gave no plan, with what went wrong."""
    return SweepRow(variant=variant, status="failed", wall_s=wall_s, error=error)
