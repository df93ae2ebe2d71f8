"""Progress on stderr: a live line with the time spent on a terminal, plain lines when
piped, nothing with --quiet; and Ctrl-C that asks the work to stop."""

from __future__ import annotations

import io
import os
import signal
import threading
import time

import pytest
from rich.console import Console

from planner.cli.progress import Reporter, interruptible
from solver.limits import Limits


def test_piped_progress_is_plain_lines_with_the_time_spent(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with Reporter(60, console=Console(file=io.StringIO())) as report:
        report("served 412 of 441 needs (93 %)")
        report("served 420 of 441 needs (95 %)")
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["served 412 of 441 needs (93 %) · 0 s of 60",
                     "served 420 of 441 needs (95 %) · 0 s of 60"]  # fmt: skip


def test_quiet_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    with Reporter(60, quiet=True, console=Console(file=io.StringIO())) as report:
        report("served 412 of 441 needs (93 %)")
    assert capsys.readouterr().err == ""


def test_a_terminal_gets_one_live_line_with_a_bar_of_the_time_limit(
    capsys: pytest.CaptureFixture[str],
) -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=100)
    with Reporter(60, console=console) as report:
        report("visited 1,450 of 2,000 households")
        time.sleep(0.6)  # the clock ticks every half second
    shown = screen.getvalue()
    assert "visited 1,450 of 2,000 households" in shown
    assert "0 s of 60" in shown
    assert capsys.readouterr().err == ""  # nothing printed as plain lines


def test_the_first_ctrl_c_asks_the_work_to_stop_and_keeps_its_result(
    capsys: pytest.CaptureFixture[str],
) -> None:
    limits = Limits(time_limit_s=30)

    def work() -> str:
        threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT)).start()
        stopped = limits.stop.wait(10)
        return "best plan so far" if stopped else "ran to the end"

    started = time.perf_counter()
    assert interruptible(limits, work) == "best plan so far"
    assert time.perf_counter() - started < 2
    assert "stopping: writing the best plan found so far" in capsys.readouterr().err
