"""A tiny clinic day served in-process (TestClient) or as a real `planner serve` process.

The day is the checked stop of `tests/support/checked_stop.py` (a plan that keeps every
rule), with Chinese names, and fixed PINs (`PINS`). Other tests of the day server (pages,
browsers, PostgreSQL, benchmarks) build on `write_day`, `open_client` and `start_server`;
the process is waited for as the serve benchmark waits for it (`benchmarks.serving`).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient

from benchmarks.serving import wait_until_serving
from planner.files.pins import load_pins
from planner.jobs.serve import load_published
from planner.server.app import create_app
from planner.server.config import ServeConfig
from planner.server.opening import open_day
from tests.conftest import ROOT
from tests.support.checked_stop import DAY, plan_data, scenario_data
from tests.support.cli import command

PINS = {
    "coordinator": "1111",
    "reception": "2222",
    "screen": "3333",
    "experts": {"hem-1": "4444", "hem-2": "5555", "gen-1": "6666"},
}
NAMES = {"p01": "张三明", "p02": "张四", "p03": "Li Ming", "p04": "李小红", "p05": "王五"}
CLOCK = f"{DAY}T08:30"
"""The day's clock at start in tests: before the first appointment at 09:00."""


def write_day(folder: Path) -> Path:
    """Write day.yaml (JSON is YAML), plan.json and pins.yaml into `folder`; return it."""
    folder.mkdir(parents=True, exist_ok=True)
    data = scenario_data()
    for patient in data["patients"]:
        patient["name"] = NAMES[patient["id"]]
        patient["phone"] = "138 0000 0000"
    (folder / "day.yaml").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    (folder / "plan.json").write_text(json.dumps(plan_data()), "utf-8")
    lines = [f"{role}: '{pin}'" for role, pin in PINS.items() if role != "experts"]
    lines += ["experts:"] + [f"  {e}: '{p}'" for e, p in PINS["experts"].items()]  # type: ignore[union-attr]
    (folder / "pins.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return folder


def config_of(folder: Path, clock: str = CLOCK, **extra: Any) -> ServeConfig:
    """The server's settings for a folder written by `write_day`, out into folder/out."""
    scenario, plan = load_published(folder / "day.yaml", folder / "plan.json")
    return ServeConfig(
        scenario=scenario,
        plan=plan,
        out_dir=folder / "out",
        pins=load_pins(folder / "pins.yaml", scenario),
        clock=dt.datetime.fromisoformat(clock),
        lang="en",
        replan_time_limit_s=3.0,
        **extra,
    )


class Desk:
    """A logged-in client: `get`, and `post` with its CSRF token."""

    def __init__(self, client: TestClient | httpx.Client, csrf: str) -> None:
        self.client, self.csrf = client, csrf

    def get(self, path: str) -> httpx.Response:
        return self.client.get(path)

    def post(self, path: str, body: Any = None) -> httpx.Response:
        return self.client.post(path, json=body, headers={"X-CSRF-Token": self.csrf})


def login(client: TestClient | httpx.Client, role: str, expert: str | None = None) -> Desk:
    """Log a client in with the test PIN of the role (or of the expert)."""
    pin = PINS["experts"][expert] if expert else PINS[role]  # type: ignore[index]
    body = {"role": role, "pin": pin, **({"expert": expert} if expert else {})}
    answer = client.post("/api/login", json=body)
    assert answer.status_code == 200, answer.text
    return Desk(client, answer.json()["csrf"])


@contextmanager
def open_app(folder: Path, **extra: Any) -> Iterator[FastAPI]:
    """The app of the day in `folder` (opened, its database locked); closed after."""
    config = config_of(folder, **extra)
    opened = open_day(config)
    try:
        yield create_app(opened, config)
    finally:
        opened.close()


def desk(app: FastAPI, role: str, expert: str | None = None) -> Desk:
    """A client of its own (its own cookie), logged in as the role or the expert."""
    return login(TestClient(app), role, expert)


def start_server(folder: Path, port: int, *extra: str) -> subprocess.Popen[str]:
    """`planner serve` on the day in `folder` as a process, once it answers /api/health.

    Its stdout and stderr go to folder/serve.out and folder/serve.err (a pipe nobody
    reads could fill and stall it).
    """
    args = command("serve", str(folder / "day.yaml"), "--plan", str(folder / "plan.json"),
                   "--out", str(folder / "out"), "--pins", str(folder / "pins.yaml"),
                   "--port", str(port), "--clock", CLOCK, "--lang", "en", *extra)  # fmt: skip
    with (folder / "serve.out").open("w") as out, (folder / "serve.err").open("w") as err:
        process = subprocess.Popen(args, stdout=out, stderr=err, text=True, cwd=ROOT)
    wait_until_serving(process, f"http://127.0.0.1:{port}", folder / "serve.err", AssertionError)
    return process
