"""`planner serve` as a process: a free port to give it, and the wait until it answers.

Shared by the serve benchmark (`benchmarks/serve.py`) and the tests' day server
(`tests/support/day_server.py`): tests may import benchmarks, never the reverse.
"""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_serving(
    process: subprocess.Popen[Any],
    url: str,
    log: Path,
    error: type[BaseException] = RuntimeError,
    timeout_s: float = 60,
) -> None:
    """Return once the server `process` at `url` answers `/api/health` with 200.

    Raises:
        error: the process ended first (the message holds `log`, where it wrote), or it
            did not answer within `timeout_s` (it is killed then).
    """
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise error(f"planner serve ended: {log.read_text()}")
        try:
            if httpx.get(f"{url}/api/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise error(f"planner serve did not answer within {timeout_s:g} s")
