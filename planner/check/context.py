"""What the rules look things up in: the scenario by id, and the plan in local time.

Entries that name an unknown id are reported once by the `unknown-id` rule and left out
of `appointments` and `trainings` here, so that the other rules can trust every id.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from planner.model import (
    Appointment,
    Expert,
    Household,
    Patient,
    Plan,
    Room,
    Route,
    RouteVisit,
    Scenario,
    Service,
    Team,
    Training,
    TrainingSession,
    Venue,
)
from planner.model.travel import Leg, TravelModel
from planner.model.words import N_
from planner.model.words import gettext as _


@dataclass(frozen=True)
class Busy:
    """One thing an expert, room or patient is busy with, in local time."""

    label: str
    start: dt.datetime
    end: dt.datetime


@dataclass
class Context:
    """The scenario indexed by id and the plan's well-formed entries in local time."""

    scenario: Scenario
    plan: Plan
    patients: dict[str, Patient] = field(init=False)
    services: dict[str, Service] = field(init=False)
    experts: dict[str, Expert] = field(init=False)
    trainings: dict[str, Training] = field(init=False)
    venues: dict[str, Venue] = field(init=False)
    rooms: dict[tuple[str, str], Room] = field(init=False)
    appointments: list[Appointment] = field(init=False)
    sessions: list[TrainingSession] = field(init=False)
    current: list[Appointment] = field(init=False)
    """The appointments that are not history (that did not start before `now`): they keep
    the rules of the day as it now is."""
    current_sessions: list[TrainingSession] = field(init=False)

    def __post_init__(self) -> None:
        s = self.scenario
        self.patients = {p.id: p for p in s.patients}
        self.services = {v.id: v for v in s.services}
        self.experts = {e.id: e for e in s.experts}
        self.trainings = {t.id: t for t in s.trainings}
        self.venues = {v.id: v for v in s.venues}
        self.rooms = {(v.id, r.id): r for v in s.venues for r in v.rooms}
        self.appointments = [
            a.model_copy(update={"start": self.local(a.start), "end": self.local(a.end)})
            for a in self.plan.appointments
            if not self.unknown_in_appointment(a)
        ]
        self.sessions = [
            t.model_copy(update={"start": self.local(t.start), "end": self.local(t.end)})
            for t in self.plan.trainings
            if not self.unknown_in_session(t)
        ]
        history = self.scenario.history
        # History is what started before `now`: anything recorded there that starts later
        # keeps the rules of the day as it now is (an expert's new hours among them).
        now = self.local(history.now) if history else None
        past = {
            history_key(e)
            for e in (history.appointments + history.trainings if history else [])
            if now is not None and self.local(e.start) < now
        }
        self.current = [a for a in self.appointments if history_key(a) not in past]
        self.current_sessions = [t for t in self.sessions if history_key(t) not in past]

    def local(self, moment: dt.datetime) -> dt.datetime:
        """A moment in the scenario's time zone."""
        return self.scenario.localize(moment)

    def unknown_in_appointment(self, a: Appointment) -> list[str]:
        """The unknown ids an appointment names, as `kind 'id'`."""
        unknown = self._unknown(N_("patient"), [a.patient], self.patients)
        unknown += self._unknown(N_("service"), [a.service], self.services)
        unknown += self._unknown(N_("expert"), a.experts, self.experts)
        return unknown + self._unknown_place(a.venue, a.room)

    def unknown_in_session(self, t: TrainingSession) -> list[str]:
        """The unknown ids a training session names, as `kind 'id'`."""
        unknown = self._unknown(N_("training"), [t.training], self.trainings)
        unknown += self._unknown(N_("expert"), t.lecturers, self.experts)
        return unknown + self._unknown_place(t.venue, t.room)

    def _unknown_place(self, venue: str, room: str) -> list[str]:
        if venue not in self.venues:
            return [_("venue '{venue}'", venue=venue)]
        if (venue, room) not in self.rooms:
            return [_("room '{room}' in venue '{venue}'", room=room, venue=venue)]
        return []

    @staticmethod
    def _unknown(kind: str, ids: list[str], known: dict) -> list[str]:
        return [_("{kind} '{id}'", kind=_(kind), id=i) for i in ids if i not in known]

    def expert_busy(self, history: bool = True) -> dict[str, list[Busy]]:
        """Each expert's appointments and lectures, sorted by start (without the history
        when `history` is false)."""
        busy: dict[str, list[Busy]] = {}
        appointments = self.appointments if history else self.current
        for a in appointments:
            for expert in dict.fromkeys(a.experts):
                busy.setdefault(expert, []).append(Busy(label(a), a.start, a.end))
        for t in self.sessions if history else self.current_sessions:
            for expert in dict.fromkeys(t.lecturers):
                busy.setdefault(expert, []).append(Busy(label(t), t.start, t.end))
        for items in busy.values():
            items.sort(key=lambda b: (b.start, b.end, b.label))
        return busy


def history_key(entry: Appointment | TrainingSession) -> tuple[str, ...]:
    """What identifies an entry of the history: who or what, where, and when (UTC)."""
    start = entry.start.astimezone(dt.UTC).isoformat()
    if isinstance(entry, Appointment):
        return ("appointment", entry.patient, entry.service, entry.room, start)
    return ("training", entry.training, entry.room, start)


def label(entry: Appointment | TrainingSession) -> str:
    """How messages name an appointment (`p03/mdt`) or a training (`training course`)."""
    if isinstance(entry, Appointment):
        return f"{entry.patient}/{entry.service}"
    return _("training {training}", training=entry.training)


@dataclass
class RouteContext:
    """The teams and households by id, the travel model, and the well-formed routes."""

    scenario: Scenario
    plan: Plan
    teams: dict[str, Team] = field(init=False)
    households: dict[str, Household] = field(init=False)
    routes: list[Route] = field(init=False)
    travel: TravelModel | None = field(init=False)

    def __post_init__(self) -> None:
        visits = self.scenario.visits
        self.teams = {t.id: t for t in visits.teams} if visits else {}
        self.households = {h.id: h for h in visits.households} if visits else {}
        self.travel = TravelModel(visits.travel, self.scenario.measured_times) if visits else None
        self.routes = [
            r.model_copy(update={"visits": [self._local_visit(v) for v in r.visits]})
            for r in self.plan.routes
            if r.team in self.teams and all(v.household in self.households for v in r.visits)
        ]

    def _local_visit(self, v: RouteVisit) -> RouteVisit:
        local = self.scenario.localize
        return RouteVisit(
            household=v.household, arrive=local(v.arrive), start=local(v.start), end=local(v.end)
        )

    def legs(self, route: Route) -> list[Leg]:
        """The drives of a route: base to first household, between households, last to end."""
        assert self.travel is not None  # routes are only kept when the scenario has visits
        team = self.teams[route.team]
        stops = [(team.id, team.start)]
        stops += [(v.household, self.households[v.household].location) for v in route.visits]
        stops.append((team.id, team.end or team.start))
        if not route.visits:
            return []
        return [self.travel.leg(a, b) for a, b in itertools.pairwise(stops)]

    def depart(self, route: Route, legs: list[Leg]) -> dt.datetime:
        """When the team leaves its base: as stated, or the latest that reaches the first stop."""
        if route.depart is not None:
            return self.scenario.localize(route.depart)
        return route.visits[0].arrive - dt.timedelta(minutes=legs[0].minutes)

    def back(self, route: Route, legs: list[Leg]) -> dt.datetime:
        """When the team is back: the drive home from the last stop, or later if stated."""
        earliest = route.visits[-1].end + dt.timedelta(minutes=legs[-1].minutes)
        stated = self.scenario.localize(route.back) if route.back is not None else earliest
        return max(earliest, stated)
