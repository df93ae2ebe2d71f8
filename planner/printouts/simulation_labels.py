"""The labels of the simulation's chart page (as `labels.py` for the printouts), one table per
language."""

from __future__ import annotations

from planner.model.words import P_, word_table

ENGLISH: dict[str, str] = {
    "title": P_("simulation", "Simulating the day"),
    "runs": P_("simulation", "runs"),
    "seed": P_("simulation", "seed"),
    "served": P_("simulation", "Appointments held"),
    "of": P_("simulation", "of"),
    "delay": P_("simulation", "Start delay (min)"),
    "overtime": P_("simulation", "Experts' overtime (min, total)"),
    "wait": P_("simulation", "Family waiting (min)"),
    "finish": P_("simulation", "Finish"),
    "finish_chart": P_("simulation", "When the day finishes (share of runs, %)"),
    "planned": P_("simulation", "planned"),
    "wait_chart": P_("simulation", "Waiting per family (minutes; share of families, %)"),
    "overtime_chart": P_("simulation", "Overtime per expert (minutes; mean, ▲ p90)"),
    "queue_chart": P_("simulation", "People waiting, by hour (mean, ▲ p90)"),
    "walk_ins": P_("simulation", "Walk-ins"),
    "arrived": P_("simulation", "arrived"),
    "fitted": P_("simulation", "fitted in"),
    "turned_away": P_("simulation", "turned away"),
    "mean": P_("simulation", "mean"),
    "measure": P_("simulation", "measure"),
    "compare": P_("simulation", "Two plans compared (B less A, on the same chance)"),
    "better": P_("simulation", "better"),
    "same": P_("simulation", "no clear difference"),
    "runs_axis": P_("simulation", "runs"),
    "families_axis": P_("simulation", "families"),
    "minutes": P_("simulation", "min"),
    "people": P_("simulation", "people"),
    "assumptions": P_("simulation", "Assumptions"),
    "ci": P_("simulation", "confidence interval (95 %)"),
    "plan_a": P_("simulation", "plan A"),
    "plan_b": P_("simulation", "plan B"),
    "m_served": P_("simulation", "appointments held"),
    "m_mean_delay_min": P_("simulation", "mean start delay (min)"),
    "m_p90_delay_min": P_("simulation", "p90 start delay (min)"),
    "m_overtime_min": P_("simulation", "experts' overtime (min)"),
    "m_last_finish_min": P_("simulation", "last finish"),
    "m_mean_wait_min": P_("simulation", "mean family waiting (min)"),
    "m_walk_ins_turned_away": P_("simulation", "walk-ins turned away"),
}
"""The chart page's words in English: each a message of the catalogs."""


def table(lang: str) -> dict[str, str]:
    """The words in `lang`, from the catalogs (English: the messages themselves)."""
    return word_table(lang, ENGLISH, "simulation")


WORDS: dict[str, dict[str, str]] = {"zh": table("zh"), "en": table("en")}
