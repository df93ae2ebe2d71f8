"""The JSON API (shared/DESIGN.md, "The day server"): thin handlers that check the role,
check the input, record one event and answer.

Errors answer `{"detail": message, "field": name}`: 401 not logged in or a wrong PIN,
403 a role that may not, 404 an unknown id, 409 a stale re-plan, 422 a bad field or a
status that does not allow the action, 429 too many wrong PINs.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse

from planner.files.scenario import dump_scenario
from planner.server import actions, views
from planner.server.actions import Refused
from planner.server.auth import COOKIE, CSRF_HEADER, ROLES, Gate, Session, mask_name
from planner.server.live import LiveDay
from planner.server.replans import Replans

router = APIRouter(prefix="/api")

DESK = ("reception", "coordinator")
WHO_LENGTH = 100
"""The length of `events.who` and `pins.who` (planner/server/tables.py)."""
COORDINATOR = ("coordinator",)


def services(request: Request) -> tuple[LiveDay, Gate, Replans]:
    """The day, the gate and the jobs of the app."""
    app = request.app.state
    return app.day, app.gate, app.replans


def session_of(request: Request) -> Session:
    """The caller's session; a write must carry its CSRF token.

    Raises:
        Refused: 401 not logged in; 403 a write without the session's CSRF token.
    """
    _, gate, _ = services(request)
    session = gate.session(request.cookies.get(COOKIE))
    if session is None:
        raise Refused(401, "log in first (POST /api/login)", "session")
    if request.method != "GET" and request.headers.get(CSRF_HEADER) != session.csrf:
        raise Refused(403, f"a write needs the {CSRF_HEADER} header given at login", CSRF_HEADER)
    return session


def allowed(*roles: str) -> Callable[[Request], Session]:
    """A dependency that lets only these roles through (403 otherwise)."""

    def check(request: Request) -> Session:
        session = session_of(request)
        if session.role not in roles:
            raise Refused(403, f"the {session.role} may not do this", "role")
        return session

    return check


AnySession = Annotated[Session, Depends(session_of)]
DeskSession = Annotated[Session, Depends(allowed(*DESK))]
CoordinatorSession = Annotated[Session, Depends(allowed(*COORDINATOR))]


async def _body(request: Request) -> Any:
    try:
        return await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise Refused(422, "the body must be JSON", "body") from None


@router.get("/health")
def health() -> dict[str, bool]:
    """Anyone: the server is up."""
    return {"ok": True}


@router.post("/login")
async def login(request: Request, response: Response) -> dict[str, Any]:
    """A role (an expert with their id) and a PIN: a session cookie and the CSRF token."""
    day, gate, _ = services(request)
    body = await _body(request)
    if not isinstance(body, dict) or body.get("role") not in ROLES:
        raise Refused(422, f"role: one of {', '.join(ROLES)}", "role")
    role, pin = body["role"], str(body.get("pin", ""))
    # An expert id longer than any stored one cannot log in; cut it to the column's length
    # so that its failed login is recorded (PostgreSQL refuses a longer string).
    who = str(body.get("expert", ""))[:WHO_LENGTH] if role == "expert" else role
    client = request.client.host if request.client else "?"
    if gate.throttled(client):
        raise Refused(429, "too many wrong PINs: wait a minute", "pin")
    opened = await asyncio.to_thread(gate.login, client, role, who, pin)
    if opened is None:
        await asyncio.to_thread(day.record, role, who, "login.failed", {"client": client})
        raise Refused(401, "wrong PIN", "pin")
    token, session = opened
    await asyncio.to_thread(day.record, role, who, "login", {"client": client})
    response.set_cookie(
        COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https"
    )
    return {"role": role, "who": who, "csrf": session.csrf}


@router.post("/logout")
def logout(request: Request, response: Response, session: AnySession) -> dict[str, bool]:
    """Any role: end the session (its cookie no longer opens anything)."""
    day, gate, _ = services(request)
    gate.logout(request.cookies.get(COOKIE, ""))
    day.record(session.role, session.who, "logout", {})
    response.delete_cookie(COOKIE, httponly=True, samesite="strict")
    return {"ok": True}


@router.get("/day")
def day_view(request: Request, session: AnySession) -> dict[str, Any]:
    """Any role: the day's appointments with their statuses (the screen: masked)."""
    day = services(request)[0]
    with day.lock:
        state = day.state
        tickets = views.tickets(state)
        names = {p.id: p.name for p in state.scenario.patients}
        rows = sorted(state.plan.appointments, key=lambda a: (a.start, a.room))
        if session.role == "expert":
            rows = [a for a in rows if session.who in a.experts]
        if session.role == "screen":
            return {
                "version": state.version,
                "now": day.clock.now().isoformat(),
                "appointments": [
                    {
                        "ticket": tickets[a.patient],
                        "name": mask_name(names[a.patient]),
                        "room": a.room,
                        "start": a.start.isoformat(),
                        "status": state.status(a),
                    }
                    for a in rows
                ],
            }
        appointments = [
            a.model_dump(mode="json")
            | {"ticket": tickets[a.patient], "name": names[a.patient], "status": state.status(a)}
            for a in rows
        ]
        walk_ins = {
            w: {"booked": v.booked, "needs": v.patient.needs} for w, v in state.walk_ins.items()
        }
        return {
            "version": state.version,
            "now": day.clock.now().isoformat(),
            "appointments": appointments,
            "unserved": [u.model_dump(mode="json") for u in state.plan.unserved],
            "walk_ins": walk_ins,
        }


def _patient_action(name: str, roles: tuple[str, ...], check: Callable[..., Any]) -> None:
    gate = Depends(allowed(*roles))

    def handle(patient: str, request: Request, session: Session = gate) -> dict[str, Any]:
        day = services(request)[0]
        expert = session.who if session.role == "expert" else None
        event = day.act(session.role, session.who, lambda s: check(s, patient, expert))
        appointment = event.payload.get("service")
        with day.lock:
            status = (
                day.state.progress.get((patient, appointment))
                if appointment
                else day.state.arrivals.get(patient)
            )
        return {"patient": patient, "status": status or "checked_in", "event": event.id}

    handle.__name__ = f"patient_{name.replace('-', '_')}"
    router.post(f"/patients/{{patient}}/{name}")(handle)


_patient_action("check-in", DESK, lambda s, p, _e: actions.check_in(s, p))
_patient_action("no-show", DESK, lambda s, p, _e: actions.no_show(s, p))
for _step in ("call", "done", "skip"):
    _patient_action(
        _step, ("expert", "coordinator"), lambda s, p, e, step=_step: actions.step(s, p, step, e)
    )


@router.post("/patients/{patient}/late")
async def late(patient: str, request: Request, session: DeskSession) -> dict[str, Any]:
    """Reception, coordinator: a family will come later, `{"arrives": "2025-07-05T11:00"}`
    (the next re-plan's `changes.late`)."""
    day = services(request)[0]
    body = await _body(request)
    if not isinstance(body, dict) or "arrives" not in body:
        raise Refused(422, "arrives: missing (the time the family will come)", "arrives")
    event = day.act(session.role, session.who, lambda s: actions.late(s, patient, body["arrives"]))
    return {"patient": patient, "arrives": event.payload["arrives"], "event": event.id}


@router.post("/walk-ins")
async def walk_in(request: Request, session: DeskSession) -> dict[str, Any]:
    """Reception, coordinator: a walk-in's options for each need, moving nobody."""
    day = services(request)[0]
    body = await _body(request)
    event = await asyncio.to_thread(day.register_walk_in, session.role, session.who, body)
    return {
        "walk_in": event.payload["walk_in"]["id"],
        "options": event.payload["options"],
        "reasons": event.payload["reasons"],
    }


@router.post("/walk-ins/{walk_in_id}/book")
async def book(walk_in_id: str, request: Request, session: DeskSession) -> dict[str, Any]:
    """Reception, coordinator: book one option; nobody else moves."""
    day = services(request)[0]
    body = await _body(request)
    option = body.get("option") if isinstance(body, dict) else None
    if not isinstance(option, str):
        raise Refused(422, 'option: give the letter of an option, such as "a"', "option")
    event = await asyncio.to_thread(day.book_walk_in, session.role, session.who, walk_in_id, option)
    return {
        "walk_in": walk_in_id,
        "appointments": event.payload["appointments"],
        "unserved": event.payload["unserved"],
    }


@router.post("/experts/{expert}/hours")
async def expert_hours(
    expert: str, request: Request, session: CoordinatorSession
) -> dict[str, Any]:
    """Coordinator: an expert's new hours, `{"available": [{date, start, end}]}` ([]: absent)."""
    day = services(request)[0]
    spans = _spans(await _body(request), "available", allow_empty=True)
    event = day.act(session.role, session.who, lambda s: actions.expert_hours(s, expert, spans))
    return {"expert": expert, "available": spans, "event": event.id}


@router.post("/rooms/{venue}/{room}/close")
async def close_room(
    venue: str, room: str, request: Request, session: CoordinatorSession
) -> dict[str, Any]:
    """Coordinator: a room closed, `{"closed": [{date, start, end}]}`."""
    day = services(request)[0]
    spans = _spans(await _body(request), "closed", allow_empty=False)
    event = day.act(session.role, session.who, lambda s: actions.close_room(s, venue, room, spans))
    return {"venue": venue, "room": room, "closed": spans, "event": event.id}


def _spans(body: Any, name: str, allow_empty: bool) -> list[dict[str, Any]]:
    from pydantic import TypeAdapter, ValidationError

    from planner.model.common import DayHours

    if not isinstance(body, dict) or name not in body:
        raise Refused(422, f"{name}: missing (a list of {{date, start, end}})", name)
    try:
        spans = TypeAdapter(list[DayHours]).validate_python(body[name])
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in (name, *first["loc"]))
        raise Refused(422, f"{where}: {first['msg']}", where) from None
    if not spans and not allow_empty:
        raise Refused(422, f"{name}: give at least one span", name)
    return [s.model_dump(mode="json") for s in spans]


@router.post("/replan", status_code=202)
def replan(request: Request, session: CoordinatorSession) -> dict[str, str]:
    """Coordinator: re-plan the day from the events so far, in the background."""
    _, _, replans = services(request)
    return {"job": replans.start(session.role, session.who)}


@router.get("/jobs/{job}")
def job(job: str, request: Request, _: CoordinatorSession) -> dict[str, Any]:
    """Coordinator: a job's state, progress and changes."""
    return services(request)[2].status(job)


@router.post("/jobs/{job}/cancel")
def cancel(job: str, request: Request, session: CoordinatorSession) -> dict[str, Any]:
    """Coordinator: stop a running re-plan."""
    return services(request)[2].cancel(session.role, session.who, job)


@router.post("/jobs/{job}/publish")
def publish(job: str, request: Request, session: CoordinatorSession) -> dict[str, int]:
    """Coordinator: the job's plan becomes the next version, written to DIR/versions/<n>/."""
    return {"version": services(request)[2].publish(session.role, session.who, job)}


@router.get("/plan.json")
def plan_json(request: Request, _: CoordinatorSession) -> Response:
    """Coordinator: the plan in force, with the walk-ins booked since its version."""
    day = services(request)[0]
    with day.lock:
        text = day.state.plan.model_dump_json(indent=2)
    return Response(text, media_type="application/json")


@router.get("/scenario.yaml")
def scenario_yaml(request: Request, _: CoordinatorSession) -> Response:
    """Coordinator: the day as it now is; `planner check` passes on it with /api/plan.json."""
    day = services(request)[0]
    with day.lock:
        text = dump_scenario(day.state.scenario)
    return PlainTextResponse(text, media_type="application/yaml")


@router.get("/audit")
def audit(request: Request, _: CoordinatorSession, after: int = 0) -> list[dict[str, Any]]:
    """Coordinator: every event after id `after` (the audit log)."""
    day = services(request)[0]
    return [e.__dict__ for e in day.store.events(after)]


@router.get("/events")
async def events(request: Request, session: AnySession) -> StreamingResponse:
    """Any role: server-sent events, one per event row (the screen gets only id and kind)."""
    day = services(request)[0]
    start = int(request.headers.get("Last-Event-ID") or day.state.last_event)

    async def stream() -> AsyncIterator[str]:
        seen = start
        yield ": connected\n\n"
        while not await request.is_disconnected() and not request.app.state.stopping:
            if day.state.last_event > seen:
                for event in await asyncio.to_thread(day.store.events, seen):
                    data = {"id": event.id, "what": event.what}
                    if session.role != "screen":
                        data |= {k: v for k, v in event.payload.items() if k in ("patient", "job")}
                    yield f"id: {event.id}\nevent: {event.what}\ndata: {json.dumps(data)}\n\n"
                    seen = event.id
            await asyncio.sleep(0.2)

    return StreamingResponse(
        stream(), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
    )


def refused(_request: Request, error: Exception) -> JSONResponse:
    """The answer of a refused action: its status, message and field."""
    assert isinstance(error, Refused)
    return JSONResponse({"detail": error.message, "field": error.field}, status_code=error.status)
