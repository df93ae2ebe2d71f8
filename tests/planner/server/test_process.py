"""`planner serve` as a real process: `kill -9` loses no answered write, a second server
on the same database is refused, concurrent check-ins all land, SIGTERM stops it
cleanly, and bad input exits 2 naming the file and place. The served tests run on SQLite
and on PostgreSQL (`database`, tests/planner/server/conftest.py)."""

from __future__ import annotations

import json
import signal
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner, Result

from benchmarks.serving import free_port
from planner.cli import app
from tests.planner.server.conftest import BOTH, NewDatabase
from tests.support.day_server import PINS, Desk, login, start_server, write_day

DATABASES = BOTH
"""On SQLite and on a real PostgreSQL server (tests/planner/server/conftest.py)."""


def db_options(url: str | None) -> list[str]:
    """`--db URL`, or nothing for the default SQLite file."""
    return ["--db", url] if url else []


@pytest.fixture(scope="module")
def served(
    tmp_path_factory: pytest.TempPathFactory, database: str, new_database: NewDatabase
) -> Iterator[tuple[Path, int, list[str]]]:
    """A day folder, the port of the server running on it (killed after), its --db."""
    folder, port = write_day(tmp_path_factory.mktemp(f"served-{database}")), free_port()
    db = db_options(new_database())
    process = start_server(folder, port, *db)
    yield folder, port, db
    process.kill()
    process.wait()


def client(port: int, role: str, expert: str | None = None) -> Desk:
    return login(httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10), role, expert)


def test_a_second_server_on_the_same_database_is_refused(
    served: tuple[Path, int, list[str]],
) -> None:
    folder, _, db = served
    run = serve_command(folder, "--port", str(free_port()), *db)
    assert run.exit_code == 2
    assert "another day server (" in run.stderr, run.stderr
    assert ("day.db" if not db else db[1]) in run.stderr
    assert run.exception is None or isinstance(run.exception, SystemExit)


def test_concurrent_check_ins_keep_every_write(served: tuple[Path, int, list[str]]) -> None:
    _, port, _ = served
    desks = [client(port, "reception") for _ in range(4)]
    tries = [(desks[i % 4], p) for i, p in enumerate(["p01", "p02", "p03", "p04", "p05"] * 2)]
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda t: t[0].post(f"/api/patients/{t[1]}/check-in").status_code,
                              tries))  # fmt: skip
    assert sorted(codes) == [200] * 5 + [422] * 5  # each family checked in exactly once
    audit = client(port, "coordinator").get("/api/audit").json()
    assert sorted(e["payload"]["patient"] for e in audit if e["what"] == "patient.check_in") == [
        "p01", "p02", "p03", "p04", "p05"]  # fmt: skip


def test_the_screen_hears_a_call_as_a_server_sent_event(
    served: tuple[Path, int, list[str]],
) -> None:
    _, port, _ = served  # p03 was checked in by the test above
    screen = client(port, "screen")
    with screen.client.stream("GET", "/api/events") as stream:
        lines = stream.iter_lines()
        assert next(lines) == ": connected"
        assert client(port, "expert", "hem-1").post("/api/patients/p03/call").status_code == 200
        for line in lines:
            if line.startswith("data:") and "patient.call" in line:
                data = json.loads(line.removeprefix("data:"))
                break
    assert set(data) == {"id", "what"}  # the screen is told what changed, not about whom


def test_kill_9_then_a_restart_keeps_every_answered_action(
    tmp_path: Path, new_database: NewDatabase
) -> None:
    folder, port, db = write_day(tmp_path), free_port(), db_options(new_database())
    process = start_server(folder, port, *db)
    reception, expert = client(port, "reception"), client(port, "expert", "hem-1")
    answered = [reception.post("/api/patients/p03/check-in"), expert.post("/api/patients/p03/call"),
                reception.post("/api/patients/p04/no-show")]  # fmt: skip
    walk_in = {"id": "w1", "family": "fw", "arrives": "2025-07-05T09:00",
               "leaves": "2025-07-05T16:00", "needs": ["consult"]}  # fmt: skip
    answered += [reception.post("/api/walk-ins", walk_in)]
    answered += [reception.post("/api/walk-ins/w1/book", {"option": "a"})]
    assert [a.status_code for a in answered] == [200] * 5
    process.send_signal(signal.SIGKILL)
    process.wait()

    restarted = start_server(folder, port, *db)
    try:
        day = client(port, "reception").get("/api/day").json()  # PINs kept with --pins
        status = {(a["patient"], a["service"]): a["status"] for a in day["appointments"]}
        assert status[("p03", "consult")] == "called"
        assert status[("p04", "consult")] == "no_show"
        assert status[("w1", "consult")] == "planned"
        audit = client(port, "coordinator").get("/api/audit").json()
        assert [e["what"] for e in audit].count("day.opened") == 1  # never imported twice
    finally:
        restarted.send_signal(signal.SIGTERM)
        restarted.wait(timeout=30)
    assert restarted.returncode == 0, (folder / "serve.err").read_text()
    assert "resumed" in (folder / "serve.out").read_text()


def test_bad_pins_and_a_bad_clock_exit_2_naming_the_file_and_place(tmp_path: Path) -> None:
    folder = write_day(tmp_path)
    (folder / "bad.yaml").write_text(
        f"coordinator: '{PINS['coordinator']}'\nreception: '12'\nscreen: '3333'\n"
        "experts: {nobody: '9999'}\n", "utf-8"
    )  # fmt: skip
    run = serve_command(folder, "--pins", str(folder / "bad.yaml"))
    assert run.exit_code == 2
    assert run.stderr.splitlines() == [
        "bad.yaml:2: reception: a PIN has 4 to 64 characters",
        "bad.yaml:4: experts.nobody: unknown expert 'nobody' (known: gen-1, hem-1, hem-2)",
    ]
    run = serve_command(folder, "--clock", "noon")
    assert (run.exit_code, run.stderr) == (2, "--clock noon: not a time such as 2025-07-05T11:00\n")
    assert not (folder / "out" / "day.db").exists()


def serve_command(folder: Path, *extra: str) -> Result:
    """`planner serve` on the folder's day, in this process (for what ends before serving)."""
    return CliRunner().invoke(app, ["serve", str(folder / "day.yaml"), "--plan",
                                    str(folder / "plan.json"), "--out", str(folder / "out"),
                                    *extra])  # fmt: skip


def test_a_database_that_cannot_be_opened_exits_2_naming_db(tmp_path: Path) -> None:
    folder = write_day(tmp_path)
    run = serve_command(folder, "--pins", str(folder / "pins.yaml"),
                        "--db", f"sqlite:///{folder}/no/such/folder/day.db")  # fmt: skip
    assert run.exit_code == 2
    assert run.stderr.startswith(f"--db sqlite:///{folder}/no/such/folder/day.db: cannot open")
