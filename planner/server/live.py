"""The day in memory: its state, the one lock around every write, and the walk-in desk.

`LiveDay.act` checks an action against the state, writes its event (committed), then
folds it into the state, all under one lock, so two desks never both pass a check that
only one of them should.
"""

from __future__ import annotations

import string
import threading
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from planner.check import check_plan
from planner.jobs.fit import fit
from planner.model import Break, Patient, Unserved
from planner.server.actions import Payload, Refused, booking
from planner.server.clock import Clock
from planner.server.state import DayState, Version, day_state
from planner.server.store import Event, Store


class LiveDay:
    """The day's state kept in step with its events table."""

    def __init__(self, store: Store, versions: dict[int, Version], clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self.lock = threading.RLock()
        self.state: DayState = day_state(versions, store.events())

    def record(self, role: str, who: str, what: str, payload: dict[str, Any]) -> Event:
        """Write one event (committed), then fold it into the state."""
        with self.lock:
            event = self.store.append(role, who, what, payload)
            self.state.apply(event)
            return event

    def act(self, role: str, who: str, check: Callable[[DayState], Payload]) -> Event:
        """Check an action against the state and record its event.

        Raises:
            Refused: the action is not allowed; nothing is written.
        """
        with self.lock:
            what, payload = check(self.state)
            return self.record(role, who, what, payload)

    def add_version(self, version: Version) -> None:
        """Make a newly written version known to the state (before its event)."""
        with self.lock:
            self.state.versions[version.number] = version

    def register_walk_in(self, role: str, who: str, data: Any) -> Event:
        """Fit a walk-in into the day as it is and record its options.

        Raises:
            Refused: 422 naming the bad field (shape, an id in use, an unknown service,
                times off the stop's days).
        """
        walk_in = _walk_in(data)
        with self.lock:
            _walk_in_fits(self.state, walk_in)
            fitted = fit(self.state.scenario, self.state.plan, walk_in)
            options: dict[str, list[dict[str, Any]]] = {}
            reasons: dict[str, str] = {}
            for need in fitted.results[0].needs:
                options[need.service] = [
                    _option(letter, o)
                    for letter, o in zip(string.ascii_lowercase, need.options, strict=False)
                ]
                if need.reason:
                    reasons[need.service] = need.reason
            payload = {
                "walk_in": walk_in.model_dump(mode="json"),
                "options": options,
                "reasons": reasons,
            }
            return self.record(role, who, "walk_in.options", payload)

    def book_walk_in(self, role: str, who: str, walk_in: str, option: str) -> Event:
        """Book a walk-in's option, if it still moves nobody and keeps every rule.

        Raises:
            Refused: 404 unknown walk-in; 422 no such option, booked already, or the option
                clashes with what was booked since.
        """
        with self.lock:
            state = self.state
            appointments = booking(state, walk_in, option)
            registered = state.walk_ins[walk_in]
            breaks: dict[str, list[dict[str, Any]]] = {}
            for need_options in registered.options.values():
                for o in need_options:
                    if o["option"] == option:
                        for expert, span in o["lunch"].items():
                            breaks.setdefault(expert, []).append(span)
            served = {a.service for a in appointments}
            unserved = [
                Unserved(
                    patient=walk_in,
                    service=need,
                    reason=registered_reason(registered.options, need, option),
                )
                for need in registered.patient.needs
                if need not in served
            ]
            _still_fits(state, registered.patient, appointments, unserved, breaks)
            payload = {
                "walk_in": walk_in,
                "option": option,
                "appointments": [a.model_dump(mode="json") for a in appointments],
                "unserved": [u.model_dump(mode="json") for u in unserved],
                "breaks": breaks,
            }
            return self.record(role, who, "walk_in.booked", payload)


def registered_reason(options: dict[str, list[dict[str, Any]]], need: str, option: str) -> str:
    """Why a walk-in's need is not booked."""
    if not options.get(need):
        return "no time left today that moves nobody else"
    return f"the desk chose option '{option}', which this need does not have"


def _walk_in(data: Any) -> Patient:
    if not isinstance(data, dict):
        raise Refused(422, "the walk-in must be a JSON object of a patient's keys", "body")
    try:
        return Patient.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        message = str(first["msg"]).removeprefix("Value error, ")
        # The one check across fields (leaves after arriving) has no key path: name `leaves`.
        where = ".".join(str(part) for part in first["loc"]) or message.split()[0]
        raise Refused(422, f"{where}: {message}", where) from None


def _walk_in_fits(state: DayState, walk_in: Patient) -> None:
    if state.patient(walk_in.id) is not None or walk_in.id in state.walk_ins:
        raise Refused(422, f"id: patient id '{walk_in.id}' is already in use", "id")
    services = {s.id for s in state.scenario.services}
    for j, need in enumerate(walk_in.needs):
        if need not in services:
            known = ", ".join(sorted(services))
            raise Refused(
                422, f"needs[{j}]: unknown service '{need}' (known: {known})", f"needs[{j}]"
            )
    days = state.scenario.clinic_dates()
    for name in ("arrives", "leaves"):
        moment = getattr(walk_in, name)
        if state.scenario.localize(moment).date() not in days:
            shown = ", ".join(d.isoformat() for d in days)
            raise Refused(
                422, f"{name}: {moment:%Y-%m-%d %H:%M} is not on a day of the stop ({shown})", name
            )


def _option(letter: str, option: Any) -> dict[str, Any]:
    return {
        "option": letter,
        "start": option.start.isoformat(),
        "end": option.end.isoformat(),
        "venue": option.venue,
        "room": option.room,
        "experts": list(option.experts),
        "service": option.service,
        "lunch": {
            e: Break(start=b.start, end=b.end).model_dump(mode="json") for e, b in option.lunch
        },
    }


def _still_fits(
    state: DayState,
    patient: Patient,
    appointments: list[Any],
    unserved: list[Unserved],
    breaks: dict[str, list[dict[str, Any]]],
) -> None:
    """Refuse a booking that breaks a rule the day kept (what was booked since, or an
    option of a later need that does not fit with this one)."""
    scenario = state.scenario.model_copy(update={"patients": [*state.scenario.patients, patient]})
    plan = state.plan.model_copy(deep=True)
    plan.appointments += appointments
    plan.unserved += unserved
    for expert, spans in breaks.items():
        plan.breaks.setdefault(expert, []).extend(Break.model_validate(s) for s in spans)
    after = {str(v) for v in check_plan(scenario, plan)}
    if not after:
        return
    before = {str(v) for v in check_plan(state.scenario, state.plan)}
    new = sorted(after - before)
    if new:
        raise Refused(422, f"option: this option no longer fits: {new[0]}", "option")
