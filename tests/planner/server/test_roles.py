"""Who may do what: every role against every endpoint, sessions, CSRF, and the screen's
JSON without health data."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from planner.server.tables import sessions
from tests.support.day_server import NAMES, Desk, desk, login, open_app, write_day

LOGINS = {"coordinator": None, "reception": None, "screen": None, "expert": "hem-2"}
"""Each role, and the expert whose patients p01 (mdt) and p02 (consult) are."""

ENDPOINTS = [
    ("GET", "/api/day", {"coordinator", "reception", "screen", "expert"}),
    ("POST", "/api/patients/p03/check-in", {"coordinator", "reception"}),
    ("POST", "/api/patients/p04/no-show", {"coordinator", "reception"}),
    ("POST", "/api/patients/p02/call", {"coordinator", "expert"}),
    ("POST", "/api/patients/p02/done", {"coordinator", "expert"}),
    ("POST", "/api/patients/p05/late", {"coordinator", "reception"}),
    ("POST", "/api/walk-ins", {"coordinator", "reception"}),
    ("POST", "/api/walk-ins/w9/book", {"coordinator", "reception"}),
    ("POST", "/api/experts/gen-1/hours", {"coordinator"}),
    ("POST", "/api/rooms/hosp/c2/close", {"coordinator"}),
    ("POST", "/api/replan", {"coordinator"}),
    ("GET", "/api/jobs/none", {"coordinator"}),
    ("POST", "/api/jobs/none/publish", {"coordinator"}),
    ("GET", "/api/plan.json", {"coordinator"}),
    ("GET", "/api/scenario.yaml", {"coordinator"}),
    ("GET", "/api/audit", {"coordinator"}),
]


@pytest.fixture(scope="module")
def desks(app: FastAPI) -> dict[str, Desk]:
    return {role: desk(app, role, expert) for role, expert in LOGINS.items()}


@pytest.mark.parametrize("role", list(LOGINS))
@pytest.mark.parametrize(("method", "path", "roles"), ENDPOINTS)
def test_each_role_gets_403_exactly_where_it_may_not(
    desks: dict[str, Desk], role: str, method: str, path: str, roles: set[str]
) -> None:
    client = desks[role]
    answer = client.get(path) if method == "GET" else client.post(path, {})
    if role in roles:
        assert answer.status_code not in (401, 403), answer.text
    else:
        assert answer.status_code == 403, answer.text
        assert answer.json()["field"] == "role"


def test_without_a_session_401_and_without_the_csrf_token_403(app: FastAPI) -> None:
    anonymous = TestClient(app)
    assert anonymous.get("/api/health").json() == {"ok": True}
    assert anonymous.get("/api/day").status_code == 401
    reception = desk(app, "reception")
    forged = reception.client.post("/api/patients/p05/check-in")
    assert forged.status_code == 403
    assert forged.json()["field"] == "X-CSRF-Token"


def test_the_session_cookie_is_httponly_and_samesite_strict(app: FastAPI) -> None:
    answer = TestClient(app).post("/api/login", json={"role": "screen", "pin": "3333"})
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


def test_an_expert_may_not_call_another_experts_patient(desks: dict[str, Desk]) -> None:
    answer = desks["expert"].post("/api/patients/p03/call")  # p03 is hem-1's
    assert answer.status_code == 403


def test_the_screen_sees_tickets_masked_names_rooms_and_times_only(
    desks: dict[str, Desk],
) -> None:
    text = desks["screen"].get("/api/day").text
    rows = desks["screen"].get("/api/day").json()["appointments"]
    assert rows and all(set(row) == {"ticket", "name", "room", "start", "status"} for row in rows)
    assert {row["name"] for row in rows} >= {"张*明", "张*", "L*g"}
    for secret in ["severe", "carrier", "mdt", "consult", "138", "hem-", *NAMES.values()]:
        assert secret not in text


def test_wrong_pins_get_401_then_429(tmp_path: Path) -> None:
    with open_app(write_day(tmp_path)) as app:
        client = TestClient(app)
        codes = [
            client.post("/api/login", json={"role": "coordinator", "pin": "0000"}).status_code
            for _ in range(6)
        ]
        assert codes == [401] * 5 + [429]
        right = client.post("/api/login", json={"role": "coordinator", "pin": "1111"})
        assert right.status_code == 429  # even the right PIN waits
        assert login(TestClient(app, client=("10.0.0.2", 1)), "coordinator").csrf


def test_a_logout_ends_the_session_and_is_audited(app: FastAPI) -> None:
    reception = desk(app, "reception")
    assert reception.client.post("/api/logout").status_code == 403  # no CSRF token
    assert reception.post("/api/logout").json() == {"ok": True}
    assert reception.get("/api/day").status_code == 401
    assert reception.post("/api/logout").status_code == 401
    audit = desk(app, "coordinator").get("/api/audit").json()
    assert [(e["what"], e["who"]) for e in audit][-2] == ("logout", "reception")


def test_a_session_expires_12_hours_after_its_login(app: FastAPI) -> None:
    screen, other = desk(app, "screen"), desk(app, "screen")
    long_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=12, minutes=1)).isoformat()
    token = hashlib.sha256(screen.client.cookies["planner_session"].encode()).hexdigest()
    with app.state.day.store.engine.begin() as connection:
        where = sessions.c.token_hash == token
        connection.execute(sessions.update().where(where).values(created=long_ago))
    assert screen.get("/api/day").status_code == 401
    assert other.get("/api/day").status_code == 200  # logged in just now
