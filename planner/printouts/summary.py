"""The training programme and the summary page (for the coordinators, not the families)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from planner.model import Household, Plan, Scenario
from planner.model.common import SEVERITIES
from planner.model.plan_status import plan_status_words, status_words
from planner.model.words import N_, translate
from planner.printouts.entries import TRAINING, Entry, Names, patient_name


@dataclass(frozen=True)
class Lecturer:
    """A lecturer and where they come from."""

    name: str
    hospital: str


@dataclass(frozen=True)
class Course:
    """One course of the programme: when, where, who and what."""

    title: str
    day: str
    times: str
    place: str
    lecturers: tuple[Lecturer, ...]
    topics: tuple[str, ...]
    expected: int
    registered: int | None
    seats: int | None


@dataclass(frozen=True)
class Count:
    """Served and unserved needs of one group."""

    label: str
    served: int
    unserved: int


@dataclass(frozen=True)
class Summary:
    """Served, unserved with reasons, the routes and the solver's figures; `status` in
    words (`plan_status_words`)."""

    status: str
    served: int
    needs: int
    by_service: tuple[Count, ...]
    by_severity: tuple[Count, ...]
    unserved: tuple[tuple[str, str, str, str], ...]
    unvisited: tuple[tuple[str, str, str], ...]
    routes: tuple[tuple[str, str, int, str, str], ...]
    solver: tuple[tuple[str, str], ...]
    terms: tuple[tuple[str, str], ...]


def courses(scenario: Scenario, names: Names, entries: list[Entry]) -> list[Course]:
    """The planned course sessions, in time order."""
    trainings = {training.id: training for training in scenario.trainings}
    experts = {expert.id: expert for expert in scenario.experts}
    seats = {(v.id, r.id): r.seats for v in scenario.venues for r in v.rooms}
    text = names.text
    result = []
    for entry in (e for e in entries if e.kind == TRAINING):
        training = trainings.get(entry.ref)
        topics: list[str] = []
        if training is not None:
            topics = training.topics_zh or training.topics if text.lang == "zh" else training.topics
        result.append(
            Course(
                title=entry.title,
                day=text.date(entry.day),
                times=entry.times,
                place=entry.place,
                lecturers=tuple(
                    Lecturer(name, experts[e].hospital if e in experts else "")
                    for e, name in zip(entry.experts, entry.expert_names, strict=True)
                ),
                topics=tuple(topics),
                expected=training.expected if training else 0,
                registered=training.registered if training else None,
                seats=seats.get(entry.room_key),
            )
        )
    return result


def summary(scenario: Scenario, plan: Plan, names: Names) -> Summary:
    """The summary page's figures and lists."""
    text = names.text
    patients = names.patients()
    served = Counter(a.service for a in plan.appointments)
    missed = Counter(u.service for u in plan.unserved)
    severity_of = {p.id: p.severity for p in scenario.patients}
    served_sev = Counter(severity_of.get(a.patient, "unknown") for a in plan.appointments)
    missed_sev = Counter(severity_of.get(u.patient, "unknown") for u in plan.unserved)
    households = {h.id: h for h in scenario.visits.households} if scenario.visits else {}
    return Summary(
        status=plan_status_words(plan, names.text.lang),
        served=len(plan.appointments),
        needs=len(plan.appointments) + len(plan.unserved),
        by_service=tuple(
            Count(names.service(s.id), served[s.id], missed[s.id]) for s in scenario.services
        ),
        by_severity=tuple(Count(text[s], served_sev[s], missed_sev[s]) for s in SEVERITIES),
        unserved=tuple(
            (
                patient_name(patients.get(u.patient), u.patient),
                u.patient,
                names.service(u.service),
                u.reason,
            )
            for u in plan.unserved
        ),
        unvisited=tuple(
            (_household_name(households.get(u.household), u.household), u.household, u.reason)
            for u in plan.unvisited
        ),
        routes=tuple(
            (
                r.team,
                text.date(r.day),
                len(r.visits),
                f"{r.distance_km:.1f} {text.km}",
                text.duration(r.drive_min),
            )
            for r in plan.routes
        ),
        solver=_solver_figures(plan, names),
        terms=tuple(
            (translate(text.lang, TERMS.get(key, key)), f"{value:g}")
            for key, value in plan.solver.terms.items()
        ),
    )


TERMS = {
    "unserved_weight": N_("needs left unserved, weighted by severity"),
    "served_weight": N_("needs served, weighted by severity"),
    "weighted_wait_min": N_("families' waiting, weighted (min)"),
    "load_imbalance_min": N_("spread of work between experts (min)"),
    "finish_min": N_("end of the last appointments (min after midnight, summed)"),
    "room_changes": N_("room changes"),
    "routing_objective": N_("routes' score (metres driven and households left out)"),
    "routing_wall_s": N_("time for the routes (s)"),
    "routing_distance_m": N_("distance driven (m)"),
    "routing_drop_penalty": N_("penalty of the households left out"),
    "booked": N_("desk bookings that could not be held"),
    "kept": N_("published bookings dropped"),
    "served": N_("needs left unserved, weighted by severity"),
    "changes": N_("bookings changed"),
    "waiting": N_("families' waiting, weighted (min)"),
    "published_unfit": N_("published bookings that no longer fit"),
    "courses_cancelled": N_("courses cancelled"),
}
"""The objective's terms as the summary names them; another term shows its key."""


def _household_name(household: Household | None, household_id: str) -> str:
    if household is None:
        return household_id
    return household.name or household.village


def _solver_figures(plan: Plan, names: Names) -> tuple[tuple[str, str], ...]:
    info, lang = plan.solver, names.text.lang
    figures: list[tuple[str, object]] = [
        ("wall_s", f"{info.wall_s:.2f}"),
        ("objective", f"{info.objective:g}"),
        ("bound", f"{info.bound:g}"),
        ("gap", f"{info.gap:.2%}"),
        ("seed", info.seed),
        ("time_limit_s", info.time_limit_s),
        (
            "schedule_status",
            info.schedule_status and status_words(info.schedule_status, info.gap, lang),
        ),
        ("routing_status", info.routing_status and status_words(info.routing_status, None, lang)),
        ("routing_engine", info.routing_engine),
    ]
    return tuple((names.text[key], str(value)) for key, value in figures if value is not None)
