"""HiGHS on a 0-1 model in a process of its own, on a core of its own where it can be.

`HighsProcess` starts `python solver/highs.py SECONDS`, writes the model to it as MPS
text and reads back one JSON line per better plan (`{"value": v, "ones": [...]}`, the
names of the columns at 1) and, at the end, `{"bound": b, "done": status}`; bounds and
values are of the objective as the MPS states it.

HiGHS runs apart because highspy and OR-Tools each bring their own HiGHS library and
one process cannot load both (undefined symbols either way); apart, it is also stopped
at once, by ending the process. On Linux it gets a core of its own while it runs: the
child is pinned to the last CPU, and the thread that starts it, with every CP-SAT
worker it starts meanwhile, to the others, until HiGHS ends and every thread of the
planner gets every CPU back. Beside CP-SAT's eight workers on two cores, unpinned, it
got too little of the machine to find a plan worth having in 15 s.

This module imports neither OR-Tools nor the rest of the planner, so that the child
loads only highspy.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Found:
    """What HiGHS found."""

    bound: float | None
    """The best bound proven on the objective; None when none is known."""
    ones: frozenset[str]
    """The names of the columns at 1 in its best plan (empty: no plan)."""


class HighsProcess:
    """HiGHS solving an MPS model in a child process for at most `seconds`."""

    def __init__(self, mps: str, seconds: float) -> None:
        """Start it, on a core of its own where it can be (module docstring)."""
        self.found = Found(None, frozenset())
        self.process = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), str(seconds)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        self.cpus = _pin(self.process.pid)
        self.reader = threading.Thread(target=self._read, args=(mps,), daemon=True)
        self.reader.start()

    def _read(self, mps: str) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            self.process.stdin.write(mps)
            self.process.stdin.close()
            for line in self.process.stdout:
                message = json.loads(line)
                bound = message.get("bound", self.found.bound)
                ones = frozenset(message["ones"]) if "ones" in message else self.found.ones
                finite = bound is not None and math.isfinite(bound)
                self.found = Found(bound if finite else None, ones)
        except (OSError, ValueError):
            pass  # stopped, or the child failed: what came so far stands
        finally:
            _unpin(self.cpus)

    def done(self) -> bool:
        """Whether HiGHS has ended (its time limit, or proven optimal)."""
        return not self.reader.is_alive()

    def wait(self) -> Found:
        """What HiGHS found by its end."""
        self.reader.join()
        self.process.wait()
        return self.found

    def stop(self) -> Found:
        """End HiGHS now; what it found."""
        if self.process.poll() is None:
            self.process.kill()
        return self.wait()


def _pin(child: int) -> set[int] | None:
    """Pin `child` to the last CPU and the calling thread to the others; the CPUs this
    process had (None: nothing pinned, on one CPU or without affinity)."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpus = os.sched_getaffinity(0)
    if len(cpus) < 2:
        return None
    last = max(cpus)
    os.sched_setaffinity(child, {last})
    os.sched_setaffinity(0, cpus - {last})
    return cpus


def _unpin(cpus: set[int] | None) -> None:
    """Give every thread of this process `cpus` again (None: nothing was pinned)."""
    if cpus is None:
        return
    for task in os.listdir("/proc/self/task"):
        with contextlib.suppress(OSError):  # a thread that has ended meanwhile
            os.sched_setaffinity(int(task), cpus)


def main() -> None:
    """The child: solve the model on standard input for at most `sys.argv[1]` seconds."""
    import highspy

    seconds = float(sys.argv[1])
    with tempfile.NamedTemporaryFile("w", suffix=".mps", delete=False) as file:
        file.write(sys.stdin.read())
    solver = highspy.Highs()
    solver.silent()
    try:
        solver.readModel(file.name)
    finally:
        os.unlink(file.name)
    solver.setOptionValue("time_limit", seconds)
    solver.setOptionValue("mip_rel_gap", 0.0)
    names = solver.getLp().col_names_

    def improved(event: Any) -> None:
        ones = [names[i] for i, x in enumerate(event.data_out.mip_solution) if x > 0.5]
        _say({"value": event.data_out.objective_function_value, "ones": ones})

    solver.cbMipImprovingSolution.subscribe(improved)
    solver.run()
    _say({"bound": solver.getInfo().mip_dual_bound, "done": str(solver.getModelStatus())})


def _say(message: dict[str, Any]) -> None:
    print(json.dumps(message), flush=True)


if __name__ == "__main__":
    main()
