"""Long solves from the command line: progress on stderr in the planner's words, and
Ctrl-C that first asks the solvers to stop and keep their best plan, then quits.

On a terminal the progress is one live line with a bar of the time limit; piped into a
file it is plain lines, each ending with the time spent (`· 38 s of 60`).
"""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TaskID, TextColumn
from rich.text import Text

from planner.model.words import gettext as _
from solver.limits import Limits

T = TypeVar("T")


class _Clock(ProgressColumn):
    """`38 s of 60`: the time spent against the time limit."""

    def render(self, task: Task) -> Text:
        return Text(
            _("{completed:.0f} s of {total:.0f}", completed=task.completed, total=task.total)
        )


class Reporter:
    """Where a command's progress goes: a live line on a terminal, plain lines otherwise,
    nothing with `--quiet`. Use it as a context manager around the work."""

    def __init__(self, limit_s: float, quiet: bool = False, console: Console | None = None):
        self.limit_s, self.quiet = limit_s, quiet
        self.console = console or Console(stderr=True)
        self.started = time.perf_counter()
        self._live: Progress | None = None
        self._task = TaskID(0)
        self._done = threading.Event()

    def __call__(self, line: str) -> None:
        """Show one line of a solver's progress."""
        if self.quiet:
            return
        if self._live is None:
            print(f"{line} · {self._clock()}", file=sys.stderr, flush=True)
        else:
            self._live.update(self._task, description=line, completed=self._elapsed())

    def __enter__(self) -> Reporter:
        self.started = time.perf_counter()
        if not self.quiet and self.console.is_terminal:
            columns = (TextColumn("{task.description}"), BarColumn(), _Clock())
            self._live = Progress(*columns, console=self.console, transient=True)
            self._live.start()
            self._task = self._live.add_task("starting", total=self.limit_s)
            threading.Thread(target=self._tick, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        if self._live is not None:
            self._live.stop()
            self._live = None

    def _tick(self) -> None:
        while not self._done.wait(0.5):
            live = self._live
            if live is not None:
                live.update(self._task, completed=self._elapsed())

    def _elapsed(self) -> float:
        return min(time.perf_counter() - self.started, self.limit_s)

    def _clock(self) -> str:
        spent = time.perf_counter() - self.started
        return _("{spent:.0f} s of {limit:g}", spent=spent, limit=self.limit_s)


@contextlib.contextmanager
def _stop_on_interrupt(limits: Limits) -> Iterator[None]:
    """The first Ctrl-C asks the solvers to stop and keep their best plan; a second one quits."""

    def on_interrupt(signum: int, frame: object) -> None:
        if limits.stop.is_set():
            raise KeyboardInterrupt
        print(_("stopping: writing the best plan found so far"), file=sys.stderr)
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
