"""What every solve is given: a time limit, a seed, and ways to report and stop."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Limits:
    """Limits and controls of one solve.

    Attributes:
        time_limit_s: wall-clock budget in seconds.
        seed: random seed; the same input and seed give the same plan in
            deterministic mode.
        deterministic: one search worker and no time-dependent decisions, so that
            runs repeat exactly (at some cost in quality on multi-core machines).
        workers: search workers; 0 means one per core.
        progress: called with one line of progress (elapsed, objective, bound).
        stop: set by the caller (Ctrl-C) to end the search and keep the best so far.
    """

    time_limit_s: float = 30.0
    seed: int = 0
    deterministic: bool = False
    workers: int = 0
    progress: Callable[[str], None] | None = None
    stop: threading.Event = field(default_factory=threading.Event)

    def report(self, line: str) -> None:
        """Send one progress line, if anyone listens."""
        if self.progress is not None:
            self.progress(line)

    def with_time(self, time_limit_s: float) -> Limits:
        """The same limits with another time budget."""
        return Limits(
            time_limit_s=time_limit_s,
            seed=self.seed,
            deterministic=self.deterministic,
            workers=self.workers,
            progress=self.progress,
            stop=self.stop,
        )
