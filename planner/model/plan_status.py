"""A solve's status as a coordinator says it: "proven best plan", "good plan, within 3.1 %
of the best possible", "no plan possible", in the spoken language or a printout's.

The solvers' own words (optimal, feasible, infeasible, unknown) stay in `plan.json`; a
plan whose target equals its proven bound (a gap of 0) is proven best, whatever the
solver called it, since nothing better exists for the needs served.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

from planner.model.words import N_, spoken, translate

if TYPE_CHECKING:
    from planner.model.plan import Plan

StatusCode = Literal["proven", "within", "good", "impossible", "not_found"]

STATUS_WORDS: dict[StatusCode, str] = {
    "proven": N_("proven best plan"),
    # The per cent sign goes with the figure: "% o" in a message reads as a %-format.
    "within": N_("good plan, within {gap} of the best possible"),
    "good": N_("good plan (how close to the best possible is not known)"),
    "impossible": N_("no plan possible"),
    "not_found": N_("no plan found in the time allowed"),
}
"""The words of each status code, with the gap in per cent where there is one."""


def status_code(status: str | None, gap: float | None = None) -> StatusCode:
    """The coordinator's status of a solve: its solver status and its gap (a fraction,
    None when nothing bounds it, as for routes)."""
    if status == "infeasible":
        return "impossible"
    if status in (None, "unknown"):
        return "not_found"
    if status == "optimal" or gap == 0:
        return "proven"
    return "good" if gap is None else "within"


def gap_percent(gap: float) -> float:
    """The gap in per cent, rounded up to a tenth so that a gap is never shown as 0."""
    return max(0.1, math.ceil(round(gap * 1000, 6)) / 10)


def status_words(status: str | None, gap: float | None = None, lang: str | None = None) -> str:
    """`proven best plan`, `good plan, within 3.1 % of the best possible`, ...: a solve's
    status (`status_code`) in `lang`, else the spoken language."""
    code = status_code(status, gap)
    words = STATUS_WORDS[code]
    said = lang or spoken()
    if code == "within" and gap is not None:
        figure = f"{gap_percent(gap):g} %"
        return translate(said, words, gap=figure)
    return translate(said, words)


def plan_status_words(plan: Plan, lang: str | None = None) -> str:
    """A stop plan's status: the clinic's (its gap is the schedule's), the home visits'
    (routes are never proven best), or both."""
    info = plan.solver
    clinic = status_words(info.schedule_status, info.gap, lang) if info.schedule_status else None
    visits = status_words(info.routing_status, None, lang) if info.routing_status else None
    if clinic and visits:
        both = N_("clinic: {clinic}; home visits: {visits}")
        return translate(lang or spoken(), both, clinic=clinic, visits=visits)
    return clinic or visits or status_words(plan.status, info.gap, lang)
