"""What each action may do in the day's current state, and the event it records.

Each function checks the action against a `DayState` and returns the event's kind and
payload, or raises `Refused` (404 for an unknown id, 422 for an action the status does not
allow or a bad field). Nothing is written here: `live.LiveDay.act` writes the event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner.model import Appointment
from planner.server.state import DayState


class Refused(Exception):
    """An action that is not carried out: its HTTP status, and the message naming the field."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.field = status, message, field


Payload = tuple[str, dict[str, Any]]


def _known(state: DayState, patient: str) -> None:
    if state.patient(patient) is None:
        raise Refused(404, f"unknown patient '{patient}'", "id")


def check_in(state: DayState, patient: str) -> Payload:
    """A family arrives (also after being marked absent: they came late after all)."""
    _known(state, patient)
    if state.arrivals.get(patient) == "checked_in":
        raise Refused(422, f"{patient} is checked in already", "status")
    return "patient.check_in", {"patient": patient}


def no_show(state: DayState, patient: str) -> Payload:
    """A family that did not come: only before they check in."""
    _known(state, patient)
    arrival = state.arrivals.get(patient)
    if arrival is not None:
        raise Refused(422, f"{patient} is {arrival.replace('_', ' ')} already", "status")
    return "patient.no_show", {"patient": patient}


def late(state: DayState, patient: str, arrives: Any) -> Payload:
    """A family that will come later than planned (`changes.late` of the next re-plan).

    Raises:
        Refused: 404 unknown patient; 422 checked in already, or `arrives` not a time of
            a day of the stop before the patient leaves.
    """
    _known(state, patient)
    if state.arrivals.get(patient) == "checked_in":
        raise Refused(422, f"{patient} is checked in already", "status")
    try:
        moment = dt.datetime.fromisoformat(str(arrives))
    except ValueError:
        raise Refused(
            422, f"arrives: not a time such as 2025-07-05T11:00: {arrives!r}", "arrives"
        ) from None
    local = state.scenario.localize(moment)
    moment = local.replace(tzinfo=None)  # the stop's local time, as in a changes file
    days = state.scenario.clinic_dates()
    if local.date() not in days:
        shown = ", ".join(d.isoformat() for d in days)
        message = f"arrives: {moment:%Y-%m-%d %H:%M} is not on a day of the stop ({shown})"
        raise Refused(422, message, "arrives")
    found = state.patient(patient)
    assert found is not None
    if local >= state.scenario.localize(found.leaves):
        raise Refused(
            422,
            f"arrives: {moment:%Y-%m-%d %H:%M} is not before {patient} leaves "
            f"({found.leaves:%Y-%m-%d %H:%M})",
            "arrives",
        )
    return "patient.late", {"patient": patient, "arrives": moment.isoformat()}


STEPS = {"call": ("checked_in",), "done": ("called",), "skip": ("called", "checked_in")}
"""The statuses from which an expert may call, finish or skip an appointment."""


def step(state: DayState, patient: str, action: str, expert: str | None) -> Payload:
    """Call, done or skip on the patient's next appointment (with `expert`, one of theirs).

    Raises:
        Refused: 404 unknown patient; 403 not this expert's patient; 422 the status does
            not allow it.
    """
    _known(state, patient)
    mine = [
        a
        for a in state.plan.appointments
        if a.patient == patient and (expert is None or expert in a.experts)
    ]
    if not mine:
        raise Refused(403, f"{patient} has no appointment with {expert}", "id")
    open_ = sorted((a for a in mine if state.status(a) != "done"), key=lambda a: a.start)
    allowed = STEPS[action]
    target = next((a for a in open_ if state.status(a) in allowed), None)
    if target is None:
        now = state.status(open_[0]) if open_ else "done"
        raise Refused(422, f"{patient} cannot be {action}ed: the status is {now}", "status")
    return f"patient.{action}", {"patient": patient, "service": target.service}


def expert_hours(state: DayState, expert: str, available: list[dict[str, Any]]) -> Payload:
    """An expert's new hours on site (`[]`: absent), replacing the scenario's."""
    if expert not in {e.id for e in state.scenario.experts}:
        raise Refused(404, f"unknown expert '{expert}'", "id")
    _on_the_days(state, available, "available")
    return "expert.hours", {"expert": expert, "available": available}


def close_room(state: DayState, venue: str, room: str, closed: list[dict[str, Any]]) -> Payload:
    """A room that cannot be used in these spans."""
    rooms = {v.id: {r.id for r in v.rooms} for v in state.scenario.venues}
    if venue not in rooms:
        raise Refused(404, f"unknown venue '{venue}'", "venue")
    if room not in rooms[venue]:
        raise Refused(404, f"unknown room '{room}' of venue '{venue}'", "room")
    if not closed:
        raise Refused(422, "closed: give at least one span", "closed")
    _on_the_days(state, closed, "closed")
    return "room.closed", {"venue": venue, "room": room, "closed": closed}


def _on_the_days(state: DayState, spans: list[dict[str, Any]], name: str) -> None:
    days = set(state.scenario.clinic_dates())
    for i, span in enumerate(spans):
        if dt.date.fromisoformat(str(span["date"])) not in days:
            shown = ", ".join(d.isoformat() for d in sorted(days))
            raise Refused(
                422,
                f"{name}[{i}].date: {span['date']} is not a day of the stop ({shown})",
                f"{name}[{i}].date",
            )


def booking(state: DayState, walk_in: str, option: str) -> list[Appointment]:
    """The appointments of a walk-in's chosen option (the option of that letter for each
    need that has one).

    Raises:
        Refused: 404 unknown walk-in; 422 booked already or no such option.
    """
    found = state.walk_ins.get(walk_in)
    if found is None:
        raise Refused(404, f"unknown walk-in '{walk_in}'", "id")
    if found.booked:
        raise Refused(422, f"walk-in {walk_in} is booked already", "id")
    chosen = [o for options in found.options.values() for o in options if o["option"] == option]
    if not chosen:
        letters = sorted({o["option"] for opts in found.options.values() for o in opts})
        raise Refused(
            422, f"option: no option '{option}' (known: {', '.join(letters) or 'none'})", "option"
        )
    return [
        Appointment.model_validate(
            {k: o[k] for k in ("service", "experts", "venue", "room", "start", "end")}
            | {"patient": walk_in}
        )
        for o in chosen
    ]
