"""Long solves from the command line: progress on stderr, and Ctrl-C that first asks the
solvers to stop and keep their best plan, then quits."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

from solver.limits import Limits

T = TypeVar("T")


def progress_line(line: str) -> None:
    """Print one line of a solver's progress on stderr."""
    print(line, file=sys.stderr, flush=True)


@contextlib.contextmanager
def _stop_on_interrupt(limits: Limits) -> Iterator[None]:
    """The first Ctrl-C asks the solvers to stop and keep their best plan; a second one quits."""

    def on_interrupt(signum: int, frame: object) -> None:
        if limits.stop.is_set():
            raise KeyboardInterrupt
        print("stopping: writing the best plan found so far", file=sys.stderr)
        limits.stop.set()

    try:
        previous = signal.signal(signal.SIGINT, on_interrupt)
    except ValueError:  # not the main thread: no signal handling
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def interruptible(limits: Limits, work: Callable[[], T]) -> T:
    """Run `work` in a helper thread while the main thread waits for Ctrl-C.

    Python runs signal handlers only in the main thread and only between bytecodes, so a
    main thread blocked inside a solver would see Ctrl-C only when the solver returns.
    """
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # handed to the main thread below
            failure.append(error)

    worker = threading.Thread(target=run, name="solve", daemon=True)
    with _stop_on_interrupt(limits):
        worker.start()
        while worker.is_alive():
            worker.join(0.2)
    if failure:
        raise failure[0]
    return outcome[0]
