"""Cross-reference checks: every id that is used is defined, and defined once.

A skill that a service needs and no expert has is *not* a problem here: the scenario is
well formed, it just cannot be served. The solver reports that.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from planner.model.clinic import Buffers, Expert, Patient, Service, Training, Venue
from planner.model.visits import Visits
from planner.model.words import N_
from planner.model.words import gettext as _

Loc = tuple[str | int, ...]


class Parts(Protocol):
    """The parts of a scenario that refer to each other by id.

    `Scenario` has them; naming them here rather than importing `Scenario` keeps the
    scenario's own validator free to call `reference_problems` without an import cycle.
    """

    @property
    def venues(self) -> Sequence[Venue]: ...
    @property
    def experts(self) -> Sequence[Expert]: ...
    @property
    def services(self) -> Sequence[Service]: ...
    @property
    def trainings(self) -> Sequence[Training]: ...
    @property
    def patients(self) -> Sequence[Patient]: ...
    @property
    def visits(self) -> Visits | None: ...
    @property
    def buffers(self) -> Buffers | None: ...


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario, at a path of keys and indices."""

    loc: Loc
    message: str

    @property
    def path(self) -> str:
        """The location as `patients[3].needs[1]`."""
        return format_loc(self.loc)


def format_loc(loc: Loc) -> str:
    """Format a path of keys and indices the way a reader writes it."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _known(ids: Iterable[str]) -> str:
    ordered = sorted(set(ids))
    shown = ", ".join(ordered[:6])
    if len(ordered) > 6:
        return _("known: {listed}, ...", listed=shown)
    return _("known: {listed}", listed=shown or _("none"))


def _duplicates(items: Iterable[tuple[Loc, str]], what: str) -> list[Problem]:
    seen: dict[str, Loc] = {}
    problems = []
    for loc, item_id in items:
        if item_id in seen:
            problems.append(
                Problem(
                    loc,
                    _(
                        "duplicate {what} id '{item_id}' (first at {where})",
                        what=_(what),
                        item_id=item_id,
                        where=format_loc(seen[item_id]),
                    ),
                )
            )
        else:
            seen[item_id] = loc
    return problems


def _unknown(loc: Loc, kind: str, value: str, known: set[str]) -> Problem | None:
    if value in known:
        return None
    return Problem(
        loc, _("unknown {kind} '{value}' ({known})", kind=_(kind), value=value, known=_known(known))
    )


def reference_problems(scenario: Parts) -> list[Problem]:
    """Every duplicate id and dangling reference in the scenario, in file order."""
    problems = _id_problems(scenario)
    problems += _service_problems(scenario)
    problems += _patient_problems(scenario)
    problems += _visit_problems(scenario)
    problems += _buffer_problems(scenario)
    return problems


def _id_problems(s: Parts) -> list[Problem]:
    problems = _duplicates(
        ((("venues", i, "id"), v.id) for i, v in enumerate(s.venues)), N_("venue")
    )
    rooms = [
        (("venues", i, "rooms", j, "id"), room.id)
        for i, venue in enumerate(s.venues)
        for j, room in enumerate(venue.rooms)
    ]
    problems += _duplicates(rooms, "room")
    problems += _duplicates(
        ((("experts", i, "id"), e.id) for i, e in enumerate(s.experts)), N_("expert")
    )
    problems += _duplicates(
        ((("services", i, "id"), x.id) for i, x in enumerate(s.services)), N_("service")
    )
    problems += _duplicates(
        ((("trainings", i, "id"), t.id) for i, t in enumerate(s.trainings)), N_("training")
    )
    problems += _duplicates(
        ((("patients", i, "id"), p.id) for i, p in enumerate(s.patients)), N_("patient")
    )
    if s.visits:
        problems += _duplicates(
            ((("visits", "teams", i, "id"), t.id) for i, t in enumerate(s.visits.teams)), N_("team")
        )
        problems += _duplicates(
            ((("visits", "households", i, "id"), h.id) for i, h in enumerate(s.visits.households)),
            N_("household"),
        )
    return problems


def _service_problems(s: Parts) -> list[Problem]:
    services = {x.id for x in s.services}
    room_kinds = {room.kind for venue in s.venues for room in venue.rooms}
    venues = {v.id for v in s.venues}
    problems: list[Problem] = []
    for i, service in enumerate(s.services):
        if service.room_kind not in room_kinds:
            problems.append(
                Problem(
                    ("services", i, "room_kind"),
                    _(
                        "no room of kind '{room_kind}' in any venue ({known})",
                        room_kind=service.room_kind,
                        known=_known(room_kinds),
                    ),
                )
            )
        for j, other in enumerate(service.after):
            p = _unknown(("services", i, "after", j), N_("service"), other, services)
            if p:
                problems.append(p)
            elif other == service.id:
                problems.append(
                    Problem(("services", i, "after", j), _("a service cannot follow itself"))
                )
    for i, training in enumerate(s.trainings):
        if training.room_kind not in room_kinds:
            problems.append(
                Problem(
                    ("trainings", i, "room_kind"),
                    _(
                        "no room of kind '{room_kind}' in any venue ({known})",
                        room_kind=training.room_kind,
                        known=_known(room_kinds),
                    ),
                )
            )
        if training.venue is not None:
            p = _unknown(("trainings", i, "venue"), N_("venue"), training.venue, venues)
            if p:
                problems.append(p)
    return problems


def _patient_problems(s: Parts) -> list[Problem]:
    services = {x.id for x in s.services}
    problems: list[Problem] = []
    for i, patient in enumerate(s.patients):
        seen: set[str] = set()
        for j, need in enumerate(patient.needs):
            p = _unknown(("patients", i, "needs", j), N_("service"), need, services)
            if p:
                problems.append(p)
            elif need in seen:
                problems.append(
                    Problem(("patients", i, "needs", j), _("'{need}' is listed twice", need=need))
                )
            seen.add(need)
    return problems


def _visit_problems(s: Parts) -> list[Problem]:
    if s.visits is None:
        return []
    patients = {p.id for p in s.patients}
    days = set(s.visits.days)
    problems: list[Problem] = []
    for i, team in enumerate(s.visits.teams):
        for j, day in enumerate(team.days or []):
            if day not in days:
                problems.append(
                    Problem(
                        ("visits", "teams", i, "days", j),
                        _("{day} is not one of visits.days", day=day),
                    )
                )
    for i, household in enumerate(s.visits.households):
        loc: Loc = ("visits", "households", i)
        for j, patient in enumerate(household.patients):
            p = _unknown((*loc, "patients", j), N_("patient"), patient, patients)
            if p:
                problems.append(p)
        for j, day in enumerate(household.days or []):
            if day not in days:
                problems.append(
                    Problem((*loc, "days", j), _("{day} is not one of visits.days", day=day))
                )
    return problems


def _buffer_problems(s: Parts) -> list[Problem]:
    """Every expert id under `buffers.experts` names an expert, or gets a "did you mean"."""
    if s.buffers is None:
        return []
    experts = {e.id for e in s.experts}
    problems = []
    for expert_id in s.buffers.experts:
        if expert_id not in experts:
            close = difflib.get_close_matches(expert_id, sorted(experts), n=1)
            tip = f"did you mean '{close[0]}'?" if close else _known(experts)
            problems.append(
                Problem(
                    ("buffers", "experts", expert_id),
                    _("unknown expert '{expert_id}' ({tip})", expert_id=expert_id, tip=tip),
                )
            )
    return problems
