"""The `planner` command line in a fresh process, for the tests of exit codes, stderr and
what only the command line does (option parsing, Ctrl-C, progress, `--quiet`).

It runs from the repository root, so `python -m planner` is the code under test even
when another copy of the package is installed.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from tests.conftest import ROOT


def command(*args: str) -> list[str]:
    """`python -m planner ARGS` as an argument list."""
    return [sys.executable, "-m", "planner", *args]


def planner(
    *args: str, timeout: float = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `planner ARGS` to the end; its exit code, stdout and stderr."""
    return subprocess.run(
        command(*args), capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT
    )


def start(*args: str, **options: Any) -> subprocess.Popen[str]:
    """Start `planner ARGS` with stdout and stderr piped, for tests that signal it."""
    return subprocess.Popen(
        command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        **options,
    )  # fmt: skip
