"""The wait for a `planner serve` process, shared by the serve benchmark and the tests: it
returns once /api/health answers, and names a process that ended or never answered."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.serving import free_port, wait_until_serving

HEALTH_SERVER = """
import http.server, sys
class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/api/health" else 404)
        self.end_headers()
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Health).serve_forever()
"""


def test_returns_once_the_server_answers(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", HEALTH_SERVER, str(port)])
    try:
        wait_until_serving(process, f"http://127.0.0.1:{port}", tmp_path / "log")
        assert process.poll() is None
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_server_that_ended_is_reported_with_its_log(tmp_path: Path) -> None:
    log = tmp_path / "serve.err"
    log.write_text("port 8000 in use")
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait(timeout=10)
    with pytest.raises(AssertionError, match="planner serve ended: port 8000 in use"):
        wait_until_serving(process, f"http://127.0.0.1:{free_port()}", log, AssertionError)


def test_a_server_that_never_answers_is_killed(tmp_path: Path) -> None:
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(SystemExit, match=r"did not answer within 0\.5 s"):
        wait_until_serving(process, url, tmp_path / "log", SystemExit, timeout_s=0.5)
    assert process.wait(timeout=10) == -9  # killed, not left running
