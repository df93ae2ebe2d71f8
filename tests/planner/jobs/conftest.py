"""Fixtures of the jobs' tests: a real Dask cluster on 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[str]:
    """A real `dask scheduler` and one `dask worker` on 127.0.0.1, stopped afterwards."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    dask = [
        shutil.which("dask") or sys.executable,
        *([] if shutil.which("dask") else ["-m", "dask"]),
    ]
    # The tests' own functions (`run_on_scheduler`) are pickled by reference to `tests.…`.
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path}
    logs = [open(tmp_path / name, "w") for name in ("scheduler.log", "worker.log")]  # noqa: SIM115
    processes = [
        subprocess.Popen(
            [*dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            stdout=logs[0], stderr=subprocess.STDOUT, env=env,
        ),
        subprocess.Popen(
            [*dask, "worker", address, "--host", "127.0.0.1", "--nworkers", "1", "--nthreads",
             "1", "--no-dashboard", "--death-timeout", "60"],
            stdout=logs[1], stderr=subprocess.STDOUT, env=env,
        ),
    ]  # fmt: skip
    try:
        yield address
    finally:
        for process in reversed(processes):  # the worker first, while its scheduler is up
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        for log in logs:
            log.close()
