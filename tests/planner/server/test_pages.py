"""The pages as the server renders them (in-process): who may open which, what the desk
lists, what the screen is sent, the re-plan's proposal and the versions' downloads.

The browser's side (clicks, live updates) is in test_browser.py.
"""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser
from importlib import resources

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from planner.model import Plan
from planner.server.labels import EN, ZH
from planner.server.pages import STATIC
from tests.support.checked_stop import plan_data
from tests.support.day_server import NAMES, Desk, desk

PAGES = ("/desk", "/expert", "/screen", "/coordinator")
OPENS = {
    "reception": {"/desk"},
    "expert": {"/expert"},
    "screen": {"/screen"},
    "coordinator": {"/desk", "/screen", "/coordinator"},
}
PARTS = {
    "/desk/families": {"reception", "coordinator"},
    "/desk/unserved": {"reception", "coordinator"},
    "/expert/queue": {"expert"},
    "/screen/calls": {"screen", "coordinator"},
    "/coordinator/grid": {"coordinator"},
    "/coordinator/versions/0/plan.json": {"coordinator"},
}
HEALTH_WORDS = ("severity", "severe", "needs", "diagnosis", "phone", "138 0000", "consult", "mdt")


class Elements(HTMLParser):
    """The start tags of a page: (tag, attributes), in order."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def having(self, name: str) -> list[dict[str, str]]:
        return [attrs for _, attrs in self.tags if name in attrs]


def logged_in(app: FastAPI, role: str) -> Desk:
    return desk(app, role, "hem-1" if role == "expert" else None)


@pytest.mark.parametrize("page", [*PAGES, "/"])
def test_a_page_without_a_session_goes_to_login(app: FastAPI, page: str) -> None:
    answer = TestClient(app).get(page, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == ("/login" if page == "/" else f"/login?next={page}")


def test_a_part_without_a_session_answers_401_not_the_login_page(app: FastAPI) -> None:
    client = TestClient(app)
    assert {part: client.get(part).status_code for part in PARTS} == dict.fromkeys(PARTS, 401)


@pytest.mark.parametrize("role", OPENS)
def test_each_role_opens_its_pages_and_no_other(app: FastAPI, role: str) -> None:
    client = logged_in(app, role)
    opened = {page for page in PAGES if client.get(page).status_code == 200}
    refused = {page for page in PAGES if client.get(page).status_code == 403}
    assert opened == OPENS[role]
    assert refused == set(PAGES) - OPENS[role]
    parts = {part for part in PARTS if client.get(part).status_code == 200}
    assert parts == {part for part, roles in PARTS.items() if role in roles}


def test_the_desk_lists_every_family_in_arrival_order_with_buttons(app: FastAPI) -> None:
    reception = logged_in(app, "reception")
    page = Elements(reception.get("/desk").text)
    families = [attrs["data-family"] for attrs in page.having("data-family")]
    assert families == ["f01", "f02", "f03"]  # f03 (p05) arrives at 14:00, the others at 9
    rows = page.having("data-patient")
    planned = {(a["patient"], a["service"]) for a in plan_data()["appointments"]}
    names = {"mdt": "MDT", "consult": "Consult", "genetic-test": "Gene test", "hla": "HLA"}
    assert {(r["data-patient"], r["data-service"]) for r in rows} == {
        *((p, names[s]) for p, s in planned),
        ("p05", ""),  # unserved: listed, so that the desk can still check the family in
    }
    actions = [attrs["data-action"] for attrs in page.having("data-action")]
    assert actions == ["check-in", "no-show"] * len(rows)

    assert reception.post("/api/patients/p02/check-in").status_code == 200
    after = Elements(reception.get("/desk/families").text).having("data-patient")
    assert {r["data-status"] for r in after if r["data-patient"] == "p02"} == {"checked_in"}


def test_the_screen_is_sent_tickets_masked_names_and_rooms_only(app: FastAPI) -> None:
    logged_in(app, "reception").post("/api/patients/p01/check-in")
    assert desk(app, "expert", "hem-2").post("/api/patients/p01/call").status_code == 200
    screen = logged_in(app, "screen")
    sent = screen.get("/screen").text
    assert [a["data-ticket"] for a in Elements(sent).having("data-ticket")] == ["001"]
    assert "张*明" in sent
    sent += screen.get("/screen/calls").text + screen.get("/static/screen.js").text
    assert [n for n in NAMES.values() if n in sent] == []
    assert [w for w in HEALTH_WORDS if w in sent.lower()] == []


def test_the_pages_load_nothing_from_the_internet(app: FastAPI) -> None:
    coordinator = logged_in(app, "coordinator")
    for page in ("/login", "/desk", "/screen", "/coordinator"):
        elements = Elements(coordinator.get(page).text)
        links = [
            a.get("src") or a.get("href") for _, a in elements.tags if "src" in a or "href" in a
        ]
        assert links and all(link.startswith("/") for link in links), (page, links)
    for name in STATIC:
        assert coordinator.get(f"/static/{name}").status_code == 200, name
    assert coordinator.get("/static/pages.py").status_code == 404


def test_every_word_the_pages_use_is_in_both_languages() -> None:
    assert set(ZH) == set(EN)
    folder = resources.files("planner.server")
    text = "".join(
        f.read_text(encoding="utf-8")
        for sub in ("templates", "static")
        for f in (folder / sub).iterdir()
        if f.name.endswith((".j2", ".js"))
    )
    used = set(re.findall(r"\bt\.([a-z_]+)", text)) - {"textContent"}
    assert used and used <= set(EN), used - set(EN)


def test_the_proposal_shows_the_changes_and_a_version_downloads(app: FastAPI) -> None:
    coordinator = logged_in(app, "coordinator")
    assert coordinator.post("/api/patients/p04/no-show").status_code == 200
    job = coordinator.post("/api/replan").json()["job"]
    deadline = time.monotonic() + 30
    while coordinator.get(f"/api/jobs/{job}").json()["state"] == "running":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    proposal = coordinator.get(f"/coordinator/jobs/{job}").text
    cancelled = re.search(r'<tr class="cancelled">(.*?)</tr>', proposal, re.S)
    assert cancelled is not None and NAMES["p04"] in cancelled.group(1)
    assert f'data-job="{job}"' in proposal  # the publish button

    version = coordinator.post(f"/api/jobs/{job}/publish").json()["version"]
    page = coordinator.get("/coordinator").text
    links = [a["href"] for a in Elements(page).having("href") if "/versions/" in a["href"]]
    assert f"/coordinator/versions/{version}/plan.json" in links
    assert any(link.endswith("print/changes.html") for link in links), links
    for link in links:
        assert coordinator.get(link).status_code == 200, link
    plan = Plan.model_validate_json(
        coordinator.get(f"/coordinator/versions/{version}/plan.json").text
    )
    assert "p04" not in {a.patient for a in plan.appointments}
    assert plan.changes
    assert coordinator.get("/coordinator/versions/7/plan.json").status_code == 404
    outside = coordinator.get(f"/coordinator/versions/{version}/..%2F..%2Fday.db")
    assert outside.status_code == 404
