"""Screenshots of the day server's four pages for the README, on the tiny day part-way
through the morning: `python -m tests.support.day_screenshots docs/images [--lang zh]`.

It starts `planner serve` (as the browser tests do), checks families in, calls one, books a
walk-in and runs a re-plan, then photographs /desk (a laptop), /expert (a 412 px phone),
/screen (a 1920 × 1080 TV) and /coordinator (a laptop) with Debian's Chromium.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import Browser

from benchmarks.serving import free_port
from tests.support.browser import chromium
from tests.support.day_server import PINS, login, start_server, write_day

SIZES = {
    "desk": {"width": 1280, "height": 860},
    "expert": {"width": 412, "height": 860},
    "screen": {"width": 1920, "height": 1080},
    "coordinator": {"width": 1440, "height": 1400},
}


def stage(base: str) -> None:
    """Morning at the tiny day: arrivals, a no-show, a call, a walk-in booked."""
    with httpx.Client(base_url=base) as client:
        desk = login(client, "reception")
        for patient in ("p01", "p02", "p03"):
            desk.post(f"/api/patients/{patient}/check-in")
        desk.post("/api/patients/p04/no-show")
        walk_in = {"id": "w01", "name": "赵六", "family": "w01", "arrives": "2025-07-05T09:00",
                   "leaves": "2025-07-05T16:00", "needs": ["consult"]}  # fmt: skip
        desk.post("/api/walk-ins", walk_in)
        desk.post("/api/walk-ins/w01/book", {"option": "a"})
    with httpx.Client(base_url=base) as client:
        login(client, "expert", "hem-2").post("/api/patients/p01/call")
    with httpx.Client(base_url=base) as client:
        login(client, "expert", "hem-1").post("/api/patients/p03/call")


def shoot(browser: Browser, base: str, page_name: str, out: Path, lang: str) -> None:
    """Log in as the page's role and photograph the page."""
    role = {"desk": "reception"}.get(page_name, page_name)
    context = browser.new_context(
        base_url=base,
        viewport=SIZES[page_name],  # type: ignore[arg-type]
        locale="zh-CN" if lang == "zh" else "en-GB",
    )
    page = context.new_page()
    page.goto("/login")
    page.select_option("#role", role)
    pin = PINS[role] if role != "expert" else PINS["experts"]["hem-1"]  # type: ignore[index]
    if role == "expert":
        page.select_option("#expert", "hem-1")
    page.fill("#pin", pin)
    page.click("button[type=submit]")
    page.wait_for_url(f"**/{page_name}")
    if page_name == "desk":
        page.fill("#walk-in [name=name]", "孙七")
        page.check("#walk-in [name=needs][value=consult]")
        page.fill("#walk-in [name=arrives]", "10:00")
        page.click("#walk-in button[type=submit]")
        page.click("#options [data-option=a]")
        page.wait_for_selector("#slip:not([hidden])")
    if page_name == "coordinator":
        page.click("#replan")
        page.wait_for_selector("#proposal table, #proposal .message", timeout=60_000)
    time.sleep(0.5)
    page.screenshot(path=str(out / f"day-{page_name}.png"), full_page=page_name != "screen")
    context.close()


def main(out: Path, lang: str) -> None:
    """Photograph the four pages into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    folder = write_day(Path(tempfile.mkdtemp()))
    port = free_port()
    process = start_server(folder, port, "--lang", lang)
    base = f"http://127.0.0.1:{port}"
    try:
        stage(base)
        with chromium() as browser:
            for page_name in SIZES:
                shoot(browser, base, page_name, out, lang)
    finally:
        process.terminate()
        process.wait(10)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[3] if sys.argv[2:3] == ["--lang"] else "zh")
