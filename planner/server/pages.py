"""The pages: login, /desk, /expert, /screen and /coordinator, rendered from `templates/`.

Pages only read; every write is a `fetch` of the JSON API from the page's script (in
`static/`), carrying the session's CSRF token, which the page holds in a meta tag. A page
opened without a session goes to /login; a role that may not open it gets 403.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from planner.jobs.serve import proposal_calls
from planner.model import Plan
from planner.server import views
from planner.server.auth import COOKIE, Session
from planner.server.labels import SCREEN, STATUS_WORDS, words
from planner.server.live import LiveDay

router = APIRouter()

PACKAGE = resources.files("planner.server")
STATIC = {"day.css", "day.js", "login.js", "desk.js", "expert.js", "screen.js", "coordinator.js"}
"""The vendored files the pages load (written for this project, no library)."""
HOME = {
    "coordinator": "/coordinator",
    "reception": "/desk",
    "expert": "/expert",
    "screen": "/screen",
}
DESK = ("reception", "coordinator")
SCREEN_ROLES = ("screen", "coordinator")
COORDINATOR = ("coordinator",)
AUDIT_ROWS = 200
"""The newest audit rows the coordinator's page opens with (the script adds newer ones)."""
NO_STORE = {"Cache-Control": "no-store"}


@cache
def environment() -> jinja2.Environment:
    """The pages' templates: HTML-escaping on, undefined names an error."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(PACKAGE / "templates")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def _session(request: Request) -> Session | None:
    return request.app.state.gate.session(request.cookies.get(COOKIE))


def _lang(request: Request) -> str:
    return request.app.state.config.lang


def _day(request: Request) -> LiveDay:
    return request.app.state.day


def _render(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = environment().get_template(template).render(**context)
    return HTMLResponse(html, status_code=status, headers=NO_STORE)


def _admit(request: Request, roles: tuple[str, ...], part: bool = False) -> Session | Response:
    """The session, if its role may open this; else the answer.

    A page without a session goes to /login, and another role gets a 403 page. A part of a
    page (which a script swaps in) answers a bare 401 or 403, so a lost session never puts
    the login page inside the desk's table.
    """
    session = _session(request)
    if session is not None and session.role in roles:
        return session
    if part:
        return Response(status_code=401 if session is None else 403)
    if session is None:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    t = words(_lang(request))
    return _render("refused.html.j2", 403, t=t, session=session, home=HOME[session.role])


def _page(request: Request, session: Session, template: str, **context: Any) -> HTMLResponse:
    """A page (or a part) in the server's language, for an admitted session."""
    t = words(_lang(request))
    return _render(template, t=t, session=session, status_words=STATUS_WORDS, **context)


@router.get("/", include_in_schema=False)
def home(request: Request) -> RedirectResponse:
    """The role's page, or the login page."""
    session = _session(request)
    return RedirectResponse(HOME[session.role] if session else "/login", status_code=303)


@router.get("/login", include_in_schema=False)
def login_page(request: Request) -> HTMLResponse:
    """Role and PIN (an expert picks their id); the script logs in through /api/login."""
    day = _day(request)
    with day.lock:
        experts = [(e.id, e.name_zh or e.name) for e in day.state.scenario.experts]
    return _render("login.html.j2", t=words(_lang(request)), experts=experts, home=HOME)


@router.get("/desk", include_in_schema=False)
def desk(request: Request) -> Response:
    """Reception: the families in arrival order, check-in and no-show, walk-ins, unserved."""
    session = _admit(request, DESK)
    if isinstance(session, Response):
        return session
    day, lang = _day(request), _lang(request)
    with day.lock:
        state = day.state
        context = {
            "families": views.desk_families(state, lang),
            "unserved": views.unserved(state, lang),
            "services": views.service_names(state.scenario, lang),
            "experts": {e.id: e.name_zh or e.name for e in state.scenario.experts},
            "dates": [d.isoformat() for d in state.scenario.clinic_dates()],
            "now": day.clock.now(),
            "next_id": _next_walk_in(state.scenario.patients, state.walk_ins),
        }
    return _page(request, session, "desk.html.j2", **context)


@router.get("/desk/{part}", include_in_schema=False)
def desk_part(part: str, request: Request) -> Response:
    """The families or the unserved list alone, which the page swaps in when the day changes."""
    session = _admit(request, DESK, part=True)
    if isinstance(session, Response):
        return session
    if part not in ("families", "unserved"):
        return Response(status_code=404)
    day, lang = _day(request), _lang(request)
    with day.lock:
        state = day.state
        rows = (
            views.desk_families(state, lang) if part == "families" else views.unserved(state, lang)
        )
    return _page(request, session, f"desk_{part}.html.j2", **{part: rows})


def _next_walk_in(patients: list[Any], walk_ins: dict[str, Any]) -> int:
    """The first number n whose id `wNN` no patient or walk-in has."""
    taken = {p.id for p in patients} | set(walk_ins)
    return next(n for n in range(1, len(taken) + 2) if f"w{n:02d}" not in taken)


@router.get("/expert", include_in_schema=False)
@router.get("/expert/queue", include_in_schema=False)
def expert(request: Request) -> Response:
    """An expert's phone: their next patients, with call, done and skip (or the queue
    alone, which the page swaps in when the day changes)."""
    part = request.url.path.endswith("/queue")
    session = _admit(request, ("expert",), part)
    if isinstance(session, Response):
        return session
    day = _day(request)
    with day.lock:
        queue = views.expert_queue(day.state, session.who, _lang(request))
    template = "expert_queue.html.j2" if part else "expert.html.j2"
    return _page(request, session, template, queue=queue)


@router.get("/screen", include_in_schema=False)
@router.get("/screen/calls", include_in_schema=False)
def screen(request: Request) -> Response:
    """The waiting room's TV: tickets, masked names and rooms now called (or the calls
    alone, swapped in live). Its words are the screen's own, in both languages."""
    part = request.url.path.endswith("/calls")
    session = _admit(request, SCREEN_ROLES, part)
    if isinstance(session, Response):
        return session
    day = _day(request)
    with day.lock:
        calls = views.screen_calls(day.state)
    return _render("screen_calls.html.j2" if part else "screen.html.j2", s=SCREEN, calls=calls)


@router.get("/coordinator", include_in_schema=False)
def coordinator(request: Request) -> Response:
    """The coordinator: grid, new hours, closed rooms, re-plan, publish, versions, audit."""
    session = _admit(request, COORDINATOR)
    if isinstance(session, Response):
        return session
    day = _day(request)
    with day.lock:
        state = day.state
        context = {
            "grid": views.grid(state, _lang(request)),
            "experts": [(e.id, e.name_zh or e.name) for e in state.scenario.experts],
            "rooms": [(v.id, r.id) for v in state.scenario.venues for r in v.rooms],
            "dates": [d.isoformat() for d in state.scenario.clinic_dates()],
            "versions": sorted(state.versions),
            "current": state.version,
        }
    tz = state.scenario.tz
    audit = [
        (e, dt.datetime.fromisoformat(e.at).astimezone(tz).strftime("%H:%M:%S"))
        for e in list(reversed(day.store.events()))[:AUDIT_ROWS]
    ]
    files = _version_files(request)
    return _page(request, session, "coordinator.html.j2", audit=audit, files=files, **context)


@router.get("/coordinator/grid", include_in_schema=False)
def coordinator_grid(request: Request) -> Response:
    """The grid alone, which the page swaps in when the day changes."""
    session = _admit(request, COORDINATOR, part=True)
    if isinstance(session, Response):
        return session
    day = _day(request)
    with day.lock:
        grid = views.grid(day.state, _lang(request))
    return _page(request, session, "grid.html.j2", grid=grid)


@router.get("/coordinator/jobs/{job}", include_in_schema=False)
def proposal(job: str, request: Request) -> Response:
    """A re-plan's proposal: its changes (was → now) beside whom to tell; or why it failed."""
    session = _admit(request, COORDINATOR, part=True)
    if isinstance(session, Response):
        return session
    day, lang = _day(request), _lang(request)
    row = day.store.job(job)
    if row is None:
        return Response(f"unknown job '{job}'", status_code=404)
    plan = Plan.model_validate_json(row["plan_json"]) if row["plan_json"] else None
    with day.lock:
        scenario = day.state.scenario
        stale = row["base_event"] < day.state.last_change
    context = {
        "job": job,
        "done": plan is not None,
        "rows": views.changes_rows(scenario, plan, lang) if plan else [],
        "calls": proposal_calls(scenario, plan, lang) if plan else [],
        "stale": stale,
        "state": row["state"],
        "reason": row["reason"] or row["state"],
    }
    return _page(request, session, "proposal.html.j2", **context)


@router.get("/coordinator/versions/{number}/plan.json", include_in_schema=False)
def version_plan(number: int, request: Request) -> Response:
    """A version's plan as it was published (with its `changes`)."""
    session = _admit(request, COORDINATOR, part=True)
    if isinstance(session, Response):
        return session
    version = _day(request).state.versions.get(number)
    if version is None:
        return Response(f"unknown version {number}", status_code=404)
    headers = {"Content-Disposition": f'attachment; filename="plan-v{number}.json"'}
    text = version.plan.model_dump_json(indent=2)
    return Response(text, media_type="application/json", headers=headers)


@router.get("/coordinator/versions/{number}/{name:path}", include_in_schema=False)
def version_file(number: int, name: str, request: Request) -> Response:
    """A file of a published version's folder (DIR/versions/<n>/): changes, slips, scenario."""
    session = _admit(request, COORDINATOR, part=True)
    if isinstance(session, Response):
        return session
    folder = (request.app.state.config.out_dir / "versions" / str(number)).resolve()
    path = (folder / name).resolve()
    if not path.is_file() or folder not in path.parents:
        return Response(f"no file {name} in version {number}", status_code=404)
    return FileResponse(path, filename=f"v{number}-{path.name}")


def _version_files(request: Request) -> dict[int, list[str]]:
    """The files of each published version's folder worth downloading, by version."""
    root: Path = request.app.state.config.out_dir / "versions"
    found: dict[int, list[str]] = {}
    for folder in sorted(root.glob("*")) if root.is_dir() else []:
        if folder.name.isdigit():
            names = ["scenario.yaml", *(f"print/{p.name}" for p in folder.glob("print/changes.*"))]
            found[int(folder.name)] = [n for n in names if (folder / n).is_file()]
    return found


@router.get("/static/{name}", include_in_schema=False)
def static(name: str) -> Response:
    """The pages' own scripts and style sheet (vendored: nothing comes from the internet)."""
    if name not in STATIC:
        return Response(status_code=404)
    return FileResponse(str(PACKAGE / "static" / name), headers={"Cache-Control": "no-cache"})
