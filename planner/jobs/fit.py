"""`planner fit`: the earliest options for a walk-in's needs that move nobody else."""

from __future__ import annotations

from dataclasses import dataclass

from planner.model import Patient, Plan, Scenario
from planner.model.fit import FitResult
from planner.printouts.walk_in import report_json, report_text
from solver.fit import fit_walk_in


@dataclass(frozen=True)
class Fitted:
    """A walk-in's options, and how the desk reads them out."""

    scenario: Scenario
    walk_in: Patient
    result: FitResult

    def text(self, lang: str) -> str:
        """The options as the reception desk reads them out, in `lang` (zh or en)."""
        return report_text(self.scenario, self.walk_in, self.result, lang)

    def json(self) -> str:
        """The options as JSON, for tools."""
        return report_json(self.result)


def fit(scenario: Scenario, published: Plan, walk_in: Patient, per_need: int = 3) -> Fitted:
    """Up to `per_need` options for each of the walk-in's needs in the published plan.

    The scenario, the plan and the walk-in must have been checked together
    (`files.walk_in.load_walk_in` and `files.plan.plan_problems`).
    """
    return Fitted(scenario, walk_in, fit_walk_in(scenario, published, walk_in, per_need=per_need))
