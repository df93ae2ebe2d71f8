"""What every solve is given: a time limit, a seed, and ways to report and stop; and how
a time limit is shared out, all in one place."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace

# How a time limit is shared out. Each share is of the limit of the solve that uses it.

SCHEDULE_SHARE = 0.6
"""`planner solve` with home visits: the clinic's schedule gets this share of the limit,
the routes the rest."""

ROUTES_AFTER_STOP_S = 5.0
"""Routing time left when Ctrl-C came during scheduling (a second Ctrl-C quits)."""

PRIMARY_SHARE = 0.75
"""The scheduler's first level (needs served) may use this share of the time; the rest
goes to the lower levels."""

PROOF_SHARE = 0.2
"""Of the first level's time, the share the whole CP-SAT portfolio gets (the proof, the
bound and the first plans); LNS workers alone search from its best plan for the rest,
with the clinic-day LNS beside them (`solve._prove_then_search`, `schedule/lns.py`). Not
in deterministic mode."""

PROOF_MIN_S = 5.0
"""The portfolio's first phase lasts at least this long (or the whole level when it is
shorter): the shipped stops are proven by the portfolio within a second or two even on a
loaded machine, while LNS alone took 5 to 6 s to find their optimum."""

LNS_STEP_S = 1.5
"""The longest one neighbourhood of the clinic-day LNS (`solver/schedule/lns.py`) is
searched; most end sooner, proven unable to improve."""

LNS_STALL_S = 10.0
"""On a stop of one day, when CP-SAT's LNS has found nothing better for this long and our
steps have, its solve is ended and restarted from our plan (`lns.Search.stalled`)."""

LNS_START_JOBS = 60
"""How many jobs one step of a kind of neighbourhood frees at first; each kind then
learns its own size (`LNS_GROW`, `LNS_SHRINK`). On the 300-patient stop, steps freeing 57
to 70 jobs improved the plan within `LNS_STEP_S`, while most freeing 80 to 137 ran out of
time and most freeing fewer than 30 were proven unable to improve within 0.1 s."""

LNS_MIN_JOBS = 8
"""The fewest jobs a kind's size shrinks to."""

LNS_GROW, LNS_SHRINK = 1.25, 0.8
"""A kind's size grows by `LNS_GROW` after a step that was cut to it and proven unable to
improve (its part is solved quickly: free more), and shrinks to `LNS_SHRINK` of what a
step freed when it ran out of time without a better plan."""

LNS_WORKERS = 1
"""CP-SAT workers of one neighbourhood's search. It runs beside CP-SAT's own LNS workers,
so one thread takes about one part in `cpsat_workers + 1` of the machine from them."""

LNS_DECAY = 0.8
"""How much of its score a kind of neighbourhood keeps at each of its steps."""

LNS_FLOOR = 0.1
"""The least score of a kind of neighbourhood, so that every kind keeps being tried."""

RELAXATION_MAX_S = 10.0
"""The time-indexed LP that bounds the needs served (`rules.add_relaxation_bound`) gets at
most this long; stopped early it adds nothing."""

RELAXATION_MAX_SHARES = 100_000
"""The time-indexed LP shares jobs among experts by name while it would have at most about
this many such shares (a 300-patient two-day stop has 45,000 and takes 2.3 s; at 600
patients, 220,000 took 37 s), and counts them by skill beyond (`relaxation.py`)."""

INTEGER_BOUND_S = 15.0
"""On a stop of one day with the LP's bound, HiGHS works on the 0-1 relaxation for at most
this long, in a process on a core of its own beside the first level's search
(`guided.HighsBeside`): on the hard 120-patient days it found the optimum of seed 3 and a
plan of 519 of seed 2 within it, and proved a bound 1 to 3 units below the LP's."""

HIGHS_PLAN_S = 5.0
"""The longest CP-SAT completes HiGHS's plan into a plan of the model
(`lns.Search.follow`); it took 0.1 s on the hard 120-patient days."""

HIGHS_PLAN_WORKERS = 2
"""CP-SAT workers that complete HiGHS's plan."""

RELAXATION_MIN_JOBS = 100
"""Stops with fewer bookable jobs get no LP bound: the shipped ones (up to 42 patients) are
proven optimal by CP-SAT in about a second, and building the LP first took up to 2.5 s
more on a loaded machine."""

RELAXED_LEAST = 0.01
"""The least share of a job (or of one of its start slots) in the LP's solution that the
guided first plan allows (`guided.py`)."""

GUIDE_SHARE = 0.1
"""The first level's share for the guided first plan of a stop of several days
(`guided.py`)."""

GUIDE_SLACK = 1
"""How many slots a job of the guided first plan may start from one of the LP's. On the
300-patient stop of seed 3, 30 s of the guided copy served 1437 with 0, 1463 and 1467
with 1, 1452 with 2 and 1456 with 3."""

RESERVE_SHARE = 0.05
"""Share of the scheduler's limit kept back for handing out rooms (`ROOM_SHARE`), reading
the plan and explaining the unserved."""

ROOM_SHARE = 0.02
"""Share of the scheduler's limit for handing out rooms (at most `ROOM_MAX_S`)."""

ROOM_MAX_S = 2.0

DETERMINISTIC_WALL_CAP = 5.0
"""In deterministic mode each level of the schedule ends on CP-SAT's deterministic time, so
that runs repeat; the wall clock ends it only at this many times the time limit, a safety
net that even a loaded machine should not reach."""

PORTFOLIO_WORKERS = 8
"""CP-SAT workers of the lexicographic solves (schedule, re-plan, tour) when the caller
leaves it to us (`Limits.cpsat_workers`). CP-SAT's bound comes from a portfolio of
subsolvers (LP, core, LNS); with 8 of them on a 2-core machine the 120-patient bound was
far tighter than with 2 (596 against 722 in 30 s, before the redundant capacities)."""

# The re-planner (solver/schedule/replan.py), of the re-plan's time limit:

REPLAN_RESERVE_SHARE = 0.1
"""Share of the time limit kept back for reading the plan and explaining the unserved."""

REPLAN_SHARES = {"booked": 0.05, "kept": 0.15, "served": 0.3, "changes": 0.85}
"""Share of the time left that a level may use; the last level takes the rest. Holding
the kept bookings is quick from the published hint (and the desk's bookings, `booked`,
from theirs); fewer changes needs the most. (With
the moves as tie-breaker, against 0.25, 0.4 and 0.8 on two published plans of
`benchmarks.replan`, every change at once, five paired runs: as few or fewer bookings
moved in each, 5.9 to 9.4 % of the unaffected ones against 5.9 to 14.7 %.)"""

REPLAN_FIXED_SHARES = {"booked": 0.05, "kept": 0.1, "served": 0.3, "changes": 0.4, "waiting": 0.15}
"""In deterministic mode (`planner replan --deterministic`), each level's share of the
limit (after the reserve) as deterministic time, so that runs repeat; the proportions
follow `REPLAN_SHARES`."""

REPLAN_VISITS_SHARE = 1 - SCHEDULE_SHARE
"""In deterministic mode, the home visits' share of a re-plan's limit, fixed rather than
what the clinic's re-plan left of the wall clock, so that runs repeat."""

# The tour (solver/tour/solve.py), of the tour's time limit:

TOUR_SHARES = (0.15, 0.3, 0.8, 1.0)
"""Share of the time still left that each level may use (travel is the hard one)."""

TOUR_FIXED_SHARES = (0.15, 0.25, 0.45, 0.15)
"""In deterministic mode, each level's share of the limit as deterministic time, fixed so
that runs repeat."""

DIAGNOSIS_MAX_S = 10.0
"""An infeasible schedule's diagnosis (an assumption core) runs at most this long."""

REQUIRED_FIRST_SHARE = 0.25
"""OR-Tools routes the required stops alone first, in this share of its time."""

GIVE_UP_SHARE = 0.5
"""Engine "auto": a PyVRP search that has found nothing feasible by this share of the time
hands the rest to OR-Tools."""

# Routing in parts (solver/routing/decompose.py), of the routing's time limit:

CLUSTER_SHARE = 0.03
"""The balanced assignment of households to groups gets this share (at most
`CLUSTER_MAX_S`)."""
CLUSTER_MAX_S = 5.0
FIRST_PLAN_SHARE = 0.2
"""The first plan (every part routed once) by this share (at most `FIRST_PLAN_MAX_S`)."""
FIRST_PLAN_MAX_S = 30.0
"""A first plan within a minute, matrix and clustering included, on a county campaign."""
MIN_PART_S = 1.0
"""The least time one part or pair of parts is routed for."""
PAIR_S = 6.0
"""Time for one pair of groups routed together."""
REPAIR_SHARE = 0.03
"""Kept for the final repairs, besides `REPAIR_S_PER_STOP`."""
REPAIR_S_PER_STOP = 0.003
"""Seconds kept per stop for the final repairs and the reasons of the dropped stops
(4 s for 2,000 households on a busy 2-core machine)."""


@dataclass(frozen=True)
class Limits:
    """Limits and controls of one solve.

    Attributes:
        time_limit_s: wall-clock budget in seconds.
        seed: random seed; the same input and seed give the same plan in
            deterministic mode.
        deterministic: one search worker and no time-dependent decisions, so that
            runs repeat exactly (at some cost in quality on multi-core machines).
        workers: search workers; 0 leaves it to each solver (`cpsat_workers`).
        progress: called with one line of progress, in words a coordinator
            understands (the command line adds the time).
        stop: set by the caller (Ctrl-C) to end the search and keep the best so far.
    """

    time_limit_s: float = 30.0
    seed: int = 0
    deterministic: bool = False
    workers: int = 0
    progress: Callable[[str], None] | None = None
    stop: threading.Event = field(default_factory=threading.Event)

    @property
    def cpsat_workers(self) -> int:
        """The CP-SAT workers of a solve: one when deterministic, else `workers`, else
        `PORTFOLIO_WORKERS`."""
        if self.deterministic:
            return 1
        return self.workers or PORTFOLIO_WORKERS

    def report(self, line: str) -> None:
        """Send one progress line, if anyone listens."""
        if self.progress is not None:
            self.progress(line)

    def with_time(self, time_limit_s: float) -> Limits:
        """The same limits with another time budget."""
        return replace(self, time_limit_s=time_limit_s)

    def after_schedule(self, remaining_s: float) -> Limits:
        """The routes' limits once the clinic is planned: the time left; or, when Ctrl-C
        came while scheduling, `ROUTES_AFTER_STOP_S` with a stop of their own, so that the
        households still get a quick first set of routes (a second Ctrl-C quits)."""
        if not self.stop.is_set():
            return self.with_time(remaining_s)
        quick = min(remaining_s, ROUTES_AFTER_STOP_S)
        return replace(self, time_limit_s=quick, stop=threading.Event())
