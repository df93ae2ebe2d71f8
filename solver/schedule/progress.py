"""What the scheduler and the re-planner say of an improving solution, in a coordinator's
words: needs served, published bookings kept and changed, waiting.

A level's line joins a few phrases (`said`), each reading a solution's values through
expressions built once, outside the solver's callback.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from ortools.sat.python import cp_model

from planner.model.words import gettext as _
from planner.model.words import ngettext
from solver.cpsat import Describe, Value
from solver.schedule.keep import Departures, Keep
from solver.schedule.objective import unserved_weight
from solver.schedule.variables import Variables

Phrase = Callable[[Value], str]
"""Part of a progress line, from a solution's values."""


def said(*phrases: Phrase) -> Describe:
    """A level's line: its phrases joined by ` · `."""
    return lambda value, bound: " · ".join(phrase(value) for phrase in phrases)


def served_within(v: Variables) -> Describe:
    """`served 412 of 441 needs (93 %) · proven within 3.1 %` (or `· proven best`): the
    needs booked and how far the served weight may be below the best, as the result's gap
    counts it, from the level's bound on the weight left unserved."""
    booked, needs = _needs(v)
    unserved = unserved_weight(v)
    servable = v.servable

    def describe(value: Value, bound: float) -> str:
        count = value(booked)
        share = 100 * count // max(1, needs)
        line = ngettext("served {served:,} of {count:,} need ({share} %)",
                        "served {served:,} of {count:,} needs ({share} %)",
                        needs, served=count, share=share)  # fmt: skip
        best = servable - bound
        if not math.isfinite(best) or best <= 0:
            return line
        within = math.ceil(1000 * (best - (servable - value(unserved))) / best) / 10
        if within <= 0:
            return _("{line} · proven best", line=line)
        return _("{line} · proven within {within:g} %", line=line, within=within)

    return describe


def served(v: Variables, left: bool = False) -> Phrase:
    """`served 412 of 441 needs` (one per patient and service), or in a re-plan `served
    98 of 110 needs left`: those of the patients still expected."""
    booked, needs = _needs(v, left)
    if left:
        return lambda value: ngettext("served {served:,} of {count:,} need left",
                                      "served {served:,} of {count:,} needs left",
                                      needs, served=value(booked))  # fmt: skip
    return lambda value: ngettext("served {served:,} of {count:,} need",
                                  "served {served:,} of {count:,} needs",
                                  needs, served=value(booked))  # fmt: skip


def _needs(v: Variables, left: bool = False) -> tuple[cp_model.LinearExprT, int]:
    """Needs booked (one per family member), and every need of the patients (only those
    still expected when `left`), as the plan's summary counts them."""
    jobs = v.jobs
    booked = cp_model.LinearExpr.weighted_sum(
        [jv.present for jv in jobs], [len(jv.job.members) for jv in jobs]
    )
    members = [p for job in v.instance.jobs for p in job.members]
    return booked, sum(not (left and p.absent) for p in members)


def term(v: Variables, name: str, expr: cp_model.LinearExprT) -> Phrase:
    """A term of the scheduler's lower levels by its name (`TERM_WORDS`)."""
    words = TERM_WORDS.get(name)
    if words is None:
        return lambda value: f"{name.replace('_', ' ')} {value(expr):,}"
    return lambda value: words(v, value(expr))


def _waiting(v: Variables, minutes: int) -> str:
    return _("waiting {minutes:,} min (weighted)", minutes=minutes)


def _load_spread(v: Variables, minutes: int) -> str:
    return _("load spread {minutes:,} min", minutes=minutes)


def _finish(v: Variables, minutes: int) -> str:
    days = max(1, len(v.instance.scenario.clinic_dates()))
    clock = f"{minutes // days // 60:02d}:{minutes // days % 60:02d}"
    if days > 1:
        return _("last appointment {clock} on average", clock=clock)
    return _("last appointment {clock}", clock=clock)


TERM_WORDS: dict[str, Callable[[Variables, int], str]] = {
    "weighted_wait_min": _waiting,
    "load_imbalance_min": _load_spread,
    "finish_min": _finish,
}
"""How a progress line says each term of the scheduler's lower levels: the families'
waiting, hardship-weighted; the spread of work between experts of a skill, summed over
the skills; the time the last appointment ends (the term sums its minutes after midnight
over the days)."""


def kept(v: Variables, keep: Keep) -> Phrase:
    """`kept 40 of 42 published bookings`: published appointments (one per family member)
    still booked, whether moved or not."""
    jobs = [jv for jv in v.jobs if jv.job.id in keep.jobs]
    still = cp_model.LinearExpr.weighted_sum(
        [jv.present for jv in jobs], [len(jv.job.members) for jv in jobs]
    )
    total = sum(len(jv.job.members) for jv in jobs)
    return lambda value: ngettext("kept {kept:,} of {count:,} published booking",
                                  "kept {kept:,} of {count:,} published bookings",
                                  total, kept=value(still))  # fmt: skip


def changed(departed: Departures) -> Phrase:
    """`9 bookings changed`: in time, room or expert (a course counts one)."""
    return lambda value: ngettext("{count:,} booking changed", "{count:,} bookings changed",
                                  value(departed.moved))  # fmt: skip


def moved(departed: Departures) -> Phrase:
    """`moved 240 min in all`: how far in time the changed bookings moved."""
    return lambda value: _("moved {minutes:,} min in all", minutes=value(departed.minutes))
