"""Why a need stays unfilled or a stop unscheduled, in the coordinator's words."""

from __future__ import annotations

import datetime as dt

from planner.model.tour import TourExpert, Unfilled, Unscheduled
from solver.tour.instance import TourInstance
from solver.tour.solution import Solution, stop_dates

NOUNS = {
    "hematology": "haematologist",
    "haematology": "haematologist",
    "transplant": "transplant specialist",
    "genetics": "geneticist",
    "reproductive": "reproductive-medicine doctor",
    "nurse": "nurse",
}
SHOWN = 6
"""Names listed in one reason before '... and N more'."""


def noun(skill: str) -> str:
    """What a coordinator calls an expert of this skill."""
    return NOUNS.get(skill, f"{skill} expert")


def span(first: dt.date, last: dt.date) -> str:
    """`3–20 May`, `28 Apr–2 May` or `14 Mar` for a single day."""
    if first == last:
        return f"{first.day} {first:%b}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%b}"
    return f"{first.day} {first:%b}–{last.day} {last:%b}"


def unfilled_needs(inst: TourInstance, sol: Solution, proven: bool) -> list[Unfilled]:
    """Every need of a scheduled stop with fewer experts than it asks for."""
    out = []
    for s in sorted(sol.starts):
        for skill, count in inst.needs[s]:
            missing = count - sol.filled(s, skill)
            if missing > 0:
                reason = _need_reason(inst, sol, s, skill, proven)
                out.append(Unfilled(stop=inst.tour.stops[s].id, skill=skill,
                                    missing=missing, reason=reason))  # fmt: skip
    return out


def _need_reason(inst: TourInstance, sol: Solution, s: int, skill: str, proven: bool) -> str:
    tour = inst.tour
    skilled = [e for e, x in enumerate(tour.experts) if skill in x.skills]
    if not skilled:
        return f"no expert on the list is a {noun(skill)} (skill '{skill}')"
    going = {e for e, t, _k in sol.assigned if t == s}
    others = [e for e in skilled if not any(a == (e, s, skill) for a in sol.assigned)]
    first, last = stop_dates(inst, s, sol.starts[s])
    if not any((e, s) in inst.free_starts for e in skilled):
        stop = tour.stops[s]
        why = [
            f"{_name(tour.experts[e])} on leave {span(r.first, r.last)}"
            for e in skilled
            for r in tour.experts[e].unavailable
            if r.first <= stop.window.last + dt.timedelta(days=stop.days)
            and stop.window.first <= r.last
        ]
        return f"no {noun(skill)} is free on any start day of the window: " + _listing(why)
    blocks = [(e, _block(inst, sol, e, s, going)) for e in others]
    if blocks and all(kind == "max_stops" for _e, (kind, _t) in blocks):
        names = [f"{_name(tour.experts[e])} ({tour.experts[e].max_stops})" for e, _ in blocks]
        return f"every {noun(skill)} who could go has reached max_stops: " + _listing(names)
    texts = [text for _e, (_kind, text) in blocks]
    if not proven and any(kind == "free" for _e, (kind, _t) in blocks):
        return (
            f"not filled within the time limit ({noun(skill)}s free then: "
            + _listing([t for _e, (k, t) in blocks if k == "free"])
            + ")"
        )
    return f"no {noun(skill)} is free for {span(first, last)}: " + _listing(texts)


def _block(inst: TourInstance, sol: Solution, e: int, s: int, going: set[int]) -> tuple[str, str]:
    """What keeps expert `e` from this stop: (kind, words)."""
    tour = inst.tour
    expert = tour.experts[e]
    name = _name(expert)
    first, last = stop_dates(inst, s, sol.starts[s])
    if e in going:
        skill = next(k for x, t, k in sol.assigned if x == e and t == s)
        return "here", f"{name} already goes as {noun(skill)}"
    for leave in expert.unavailable:
        if leave.first <= last and first <= leave.last:
            return "leave", f"{name} on leave {span(leave.first, leave.last)}"
    trips = [t for x, t, _k in sol.assigned if x == e]
    if expert.max_stops is not None and len(trips) >= expert.max_stops:
        return "max_stops", f"{name} has reached max_stops ({expert.max_stops})"
    gap = tour.expert_gap_days
    for t in trips:
        o_first, o_last = stop_dates(inst, t, sol.starts[t])
        if o_first - dt.timedelta(days=gap) <= last and first <= o_last + dt.timedelta(days=gap):
            return "trip", f"{name} at {tour.stops[t].city} {span(o_first, o_last)}"
    return "free", name


def _name(expert: TourExpert) -> str:
    return expert.name or expert.id


def _listing(items: list[str]) -> str:
    shown = ", ".join(items[:SHOWN])
    more = len(items) - SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


def unscheduled_stops(inst: TourInstance, sol: Solution, proven: bool) -> list[Unscheduled]:
    """Every stop without dates, with the crew's other stops that fill its window."""
    out = []
    tour = inst.tour
    for s, stop in enumerate(tour.stops):
        if s in sol.starts:
            continue
        if not inst.starts[s]:
            days = "/".join(tour.start_weekdays)
            reason = f"its window {span(stop.window.first, stop.window.last)} has no {days}"
        else:
            reason = _crew_reason(inst, sol, s, proven)
        out.append(Unscheduled(stop=stop.id, reason=reason))
    return out


def _crew_reason(inst: TourInstance, sol: Solution, s: int, proven: bool) -> str:
    tour = inst.tour
    stop, rest = tour.stops[s], tour.crew.rest_days
    lo, hi = inst.starts[s][0], inst.starts[s][-1] + stop.days + rest
    busy = []
    for o in sorted(sol.starts, key=sol.starts.get):  # type: ignore[arg-type]
        u = sol.starts[o]
        if u < hi and lo < u + tour.stops[o].days + rest:
            first, last = stop_dates(inst, o, u)
            busy.append(f"{tour.stops[o].city} {span(first, last)}")
    crews = "the crew is" if tour.crew.crews == 1 else f"all {tour.crew.crews} crews are"
    rested = f" (each followed by {rest} rest days)" if rest else ""
    window = span(stop.window.first, stop.window.last)
    if not proven and len(busy) < tour.crew.crews:
        return f"not placed within the time limit (window {window})"
    return f"{crews} busy on every start day of the window {window}: " + (_listing(busy) + rested)
