"""The pages: login, /desk, /expert, /screen and /coordinator, rendered from `templates/`.

Pages only read; every write is a `fetch` of the JSON API from the page's script (in
`static/`), carrying the session's CSRF token, which the page holds in a meta tag. A page
opened without a session goes to /login; a role that may not open it gets 403.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from planner.jobs.serve import proposal_calls
from planner.model import Plan
from planner.serve import views
from planner.serve.auth import COOKIE, Session
from planner.serve.labels import SCREEN, STATUS_WORDS, words
from planner.serve.live import LiveDay

router = APIRouter()

PACKAGE = resources.files("planner.serve")
STATIC = {"day.css", "day.js", "login.js", "desk.js", "expert.js", "screen.js", "coordinator.js"}
"""The vendored files the pages load (written for this project, no library)."""
HOME = {
    "coordinator": "/coordinator",
    "reception": "/desk",
    "expert": "/expert",
    "screen": "/screen",
}
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


def _render(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = environment().get_template(template).render(**context)
    return HTMLResponse(html, status_code=status, headers=NO_STORE)


def _page(request: Request, roles: tuple[str, ...], template: str, **context: Any) -> Response:
    """A page for these roles: to /login without a session, 403 for another role."""
    session = _session(request)
    if session is None:
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    lang = request.app.state.config.lang
    t = words(lang)
    if session.role not in roles:
        return _render("refused.html.j2", 403, t=t, session=session, home=HOME[session.role])
    return _render(template, t=t, session=session, status_words=STATUS_WORDS, **context)


def _day(request: Request) -> LiveDay:
    return request.app.state.day


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
    t = words(request.app.state.config.lang)
    return _render("login.html.j2", t=t, experts=experts, home=HOME)


@router.get("/desk", include_in_schema=False)
def desk(request: Request) -> Response:
    """Reception: the families in arrival order, check-in and no-show, walk-ins, unserved."""
    day, lang = _day(request), request.app.state.config.lang
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
    return _page(request, ("reception", "coordinator"), "desk.html.j2", **context)


@router.get("/desk/{part}", include_in_schema=False)
def desk_part(part: str, request: Request) -> Response:
    """The families or the unserved list alone, which the page swaps in when the day changes."""
    if part not in ("families", "unserved"):
        return Response(status_code=404)
    day, lang = _day(request), request.app.state.config.lang
    with day.lock:
        state = day.state
        rows = (
            views.desk_families(state, lang) if part == "families" else views.unserved(state, lang)
        )
    return _page(request, ("reception", "coordinator"), f"desk_{part}.html.j2", **{part: rows})


def _next_walk_in(patients: list[Any], walk_ins: dict[str, Any]) -> int:
    taken = {p.id for p in patients} | set(walk_ins)
    return next(n for n in range(1, len(taken) + 2) if f"w{n:02d}" not in taken)


@router.get("/expert", include_in_schema=False)
def expert(request: Request) -> Response:
    """An expert's phone: their next patients, with call, done and skip."""
    session, day = _session(request), _day(request)
    who = session.who if session else ""
    with day.lock:
        queue = views.expert_queue(day.state, who, request.app.state.config.lang)
    return _page(request, ("expert",), "expert.html.j2", queue=queue)


@router.get("/expert/queue", include_in_schema=False)
def expert_queue(request: Request) -> Response:
    """The expert's queue alone, which the page swaps in when the day changes."""
    session, day = _session(request), _day(request)
    who = session.who if session else ""
    with day.lock:
        queue = views.expert_queue(day.state, who, request.app.state.config.lang)
    return _page(request, ("expert",), "expert_queue.html.j2", queue=queue)


@router.get("/screen", include_in_schema=False)
def screen(request: Request) -> Response:
    """The waiting room's TV: tickets, masked names and rooms now called."""
    session = _session(request)
    if session is None:
        return RedirectResponse("/login?next=/screen", status_code=303)
    if session.role not in ("screen", "coordinator"):
        t = words(request.app.state.config.lang)
        return _render("refused.html.j2", 403, t=t, session=session, home=HOME[session.role])
    day = _day(request)
    with day.lock:
        calls = views.screen_calls(day.state)
    return _render("screen.html.j2", s=SCREEN, calls=calls)


@router.get("/screen/calls", include_in_schema=False)
def screen_calls(request: Request) -> Response:
    """The called patients alone (ticket, masked name, room), swapped in live."""
    session = _session(request)
    if session is None or session.role not in ("screen", "coordinator"):
        return Response(status_code=401 if session is None else 403)
    day = _day(request)
    with day.lock:
        calls = views.screen_calls(day.state)
    return _render("screen_calls.html.j2", s=SCREEN, calls=calls)


@router.get("/coordinator", include_in_schema=False)
def coordinator(request: Request) -> Response:
    """The coordinator: grid, new hours, closed rooms, re-plan, publish, versions, audit."""
    day = _day(request)
    with day.lock:
        state = day.state
        context = {
            "grid": views.grid(state, request.app.state.config.lang),
            "experts": [(e.id, e.name_zh or e.name) for e in state.scenario.experts],
            "rooms": [(v.id, r.id) for v in state.scenario.venues for r in v.rooms],
            "dates": [d.isoformat() for d in state.scenario.clinic_dates()],
            "versions": sorted(state.versions),
            "current": state.version,
            "files": _version_files(request),
        }
    audit = list(reversed(day.store.events()))[:200]
    return _page(request, ("coordinator",), "coordinator.html.j2", audit=audit, **context)


@router.get("/coordinator/grid", include_in_schema=False)
def coordinator_grid(request: Request) -> Response:
    """The grid alone, which the page swaps in when the day changes."""
    day = _day(request)
    with day.lock:
        grid = views.grid(day.state, request.app.state.config.lang)
    return _page(request, ("coordinator",), "grid.html.j2", grid=grid)


@router.get("/coordinator/jobs/{job}", include_in_schema=False)
def proposal(job: str, request: Request) -> Response:
    """A done re-plan's proposal: its changes (was → now) beside whom to tell."""
    day = _day(request)
    row = day.store.job(job)
    plan = Plan.model_validate_json(row["plan_json"]) if row and row["plan_json"] else None
    with day.lock:
        scenario = day.state.scenario
        stale = row is not None and row["base_event"] < day.state.last_change
    lang = request.app.state.config.lang
    rows = views.changes_rows(scenario, plan, lang) if plan else []
    calls = proposal_calls(scenario, plan, lang) if plan else []
    reason = row["reason"] if row else ""
    context = {"job": job, "rows": rows, "calls": calls, "stale": stale, "reason": reason}
    return _page(request, ("coordinator",), "proposal.html.j2", done=plan is not None, **context)


@router.get("/coordinator/versions/{number}/plan.json", include_in_schema=False)
def version_plan(number: int, request: Request) -> Response:
    """A version's plan as it was published (with its `changes`)."""
    session, day = _session(request), _day(request)
    if session is None or session.role != "coordinator":
        return Response(status_code=401 if session is None else 403)
    version = day.state.versions.get(number)
    if version is None:
        return Response(f"unknown version {number}", status_code=404)
    headers = {"Content-Disposition": f'attachment; filename="plan-v{number}.json"'}
    return Response(version.plan.model_dump_json(indent=2), media_type="application/json",
                    headers=headers)  # fmt: skip


@router.get("/coordinator/versions/{number}/{name:path}", include_in_schema=False)
def version_file(number: int, name: str, request: Request) -> Response:
    """A file of a published version's folder (DIR/versions/<n>/): changes, slips, scenario."""
    session = _session(request)
    if session is None or session.role != "coordinator":
        return Response(status_code=401 if session is None else 403)
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
