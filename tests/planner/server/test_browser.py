"""The pages in a real browser: Chromium (Debian's, through Playwright) against a real
`planner serve` process, with a browser context of its own for each person.

A tap on /desk changes the row's status without a reload; a call made on an expert's
phone shows on /screen without a reload; the screen's HTML holds no health data; a
walk-in is booked from the desk with its slip; the coordinator re-plans and publishes.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from benchmarks.serving import free_port
from tests.support.browser import needs_chromium
from tests.support.day_server import NAMES, PINS, login, start_server, write_day

pytestmark = needs_chromium

HEALTH_WORDS = ("severity", "severe", "needs", "diagnosis", "phone", "138 0000", "consult")
"""Words of the day's scenario that the waiting room must never be sent."""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A `planner serve` process on the tiny day; its base URL."""
    folder = write_day(tmp_path_factory.mktemp("browser"))
    port = free_port()
    process = start_server(folder, port, "--replan-time-limit", "3")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def person(browser: Browser, server: str) -> Iterator[BrowserContext]:
    """A browser context of its own (its own cookies): one person at one device."""
    context = browser.new_context(base_url=server)
    context.set_default_timeout(5000)
    yield context
    context.close()


def log_in(page: Page, role: str, pin: str, expert: str | None = None) -> None:
    """Log in through the login page, as a person would."""
    page.goto("/login")
    page.select_option("#role", role)
    if expert:
        page.select_option("#expert", expert)
    page.fill("#pin", pin)
    page.click("button[type=submit]")


def mark(page: Page) -> None:
    """Mark the page's window: the mark is gone after a reload."""
    page.evaluate("window.notReloaded = true")


def not_reloaded(page: Page) -> bool:
    return bool(page.evaluate("window.notReloaded === true"))


def test_a_tap_on_the_desk_changes_the_rows_status(person: BrowserContext) -> None:
    page = person.new_page()
    page.goto("/desk")
    assert page.url.endswith("/login?next=/desk")  # no session yet
    log_in(page, "reception", PINS["reception"])  # type: ignore[arg-type]
    page.wait_for_url("**/desk")
    row = page.locator('tr[data-patient="p03"]')
    expect(row).to_have_attribute("data-status", "planned")
    mark(page)
    row.locator('[data-action="check-in"]').click()
    expect(row).to_have_attribute("data-status", "checked_in")
    expect(row.locator(".status")).to_have_text("checked in")
    assert not_reloaded(page)

    page.fill("#search", "李小红")
    expect(page.locator("tr.appointment:visible")).to_have_count(1)
    expect(page.locator('tr[data-patient="p04"]')).to_be_visible()
    page.fill("#search", "003")
    expect(page.locator("tr.appointment:visible")).to_have_count(1)
    page.fill("#search", "")


def test_a_call_on_the_experts_phone_shows_on_the_screen(
    browser: Browser, server: str, person: BrowserContext
) -> None:
    with httpx.Client(base_url=server) as client:
        login(client, "reception").post("/api/patients/p04/check-in")
    screen = person.new_page()
    log_in(screen, "screen", PINS["screen"])  # type: ignore[arg-type]
    screen.wait_for_url("**/screen")
    expect(screen.locator('[data-ticket="004"]')).to_have_count(0)
    mark(screen)

    phone = browser.new_context(base_url=server, viewport={"width": 412, "height": 860})
    try:
        page = phone.new_page()
        log_in(page, "expert", PINS["experts"]["hem-1"], expert="hem-1")  # type: ignore[index]
        page.wait_for_url("**/expert")
        page.locator('[data-patient="p04"] [data-action="call"]').click()
        expect(page.locator('[data-patient="p04"]')).to_have_attribute("data-status", "called")
    finally:
        phone.close()

    called = screen.locator('[data-ticket="004"]')
    expect(called).to_have_count(1)
    expect(called).to_contain_text("李*红")
    assert not_reloaded(screen)
    html = screen.content()
    assert NAMES["p04"] not in html
    assert [w for w in HEALTH_WORDS if w in html.lower()] == []


def test_the_screen_page_holds_no_health_words(server: str) -> None:
    """What the screen is sent (its HTML and the calls swapped in), not what it shows."""
    with httpx.Client(base_url=server) as client:
        login(client, "screen")
        sent = client.get("/screen").text + client.get("/screen/calls").text
        sent += client.get("/static/screen.js").text
    assert "data-ticket" in sent
    assert [w for w in HEALTH_WORDS if w in sent.lower()] == []
    assert [n for n in NAMES.values() if n in sent] == []


def test_a_walk_in_is_booked_at_the_desk_with_its_slip(person: BrowserContext) -> None:
    page = person.new_page()
    log_in(page, "reception", PINS["reception"])  # type: ignore[arg-type]
    page.wait_for_url("**/desk")
    mark(page)
    walk_in = page.input_value("#walk-in [name=id]")
    page.fill("#walk-in [name=name]", "孙七")
    page.check("#walk-in [name=needs][value=consult]")
    page.fill("#walk-in [name=arrives]", "10:00")
    page.click("#walk-in button[type=submit]")
    page.click("#options [data-option=a]")
    expect(page.locator("#slip")).to_be_visible()
    expect(page.locator("#slip")).to_contain_text("孙七")
    expect(page.locator("#slip")).to_contain_text("Consult")
    expect(page.locator(f'tr[data-patient="{walk_in}"]')).to_have_attribute(
        "data-status", "planned"
    )
    assert page.input_value("#walk-in [name=id]") != walk_in  # ready for the next one
    assert not_reloaded(page)


def test_the_coordinator_replans_and_publishes(person: BrowserContext) -> None:
    """Last in the module: publishing makes version 1."""
    page = person.new_page()
    log_in(page, "coordinator", PINS["coordinator"])  # type: ignore[arg-type]
    page.wait_for_url("**/coordinator")
    page.click("#close-room button[type=submit]")
    expect(page.locator("#close-room .message")).to_have_text("Saved")
    page.click("#replan")
    page.locator("#publish").click(timeout=30_000)
    expect(page.locator('a[href="/coordinator/versions/1/plan.json"]')).to_have_count(1)
    expect(page.locator("#audit")).to_contain_text("version.published")
