"""Where work runs side by side: worker processes on this machine, or a Dask cluster.

`dask_client` is the one way the jobs reach Dask (a `--scheduler` address, or a
LocalCluster made for the job); `sweep` runs its variants through it. `part_runner`
gives the decomposition of a large campaign (`solver/routing/part_runs.py`) a runner
for its parts, so that the solver never imports Dask.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.model.errors import InputError
from planner.model.words import gettext as _

if TYPE_CHECKING:
    from distributed import Client

    from solver.routing.part_runs import PartRunner, PartTask, RouteFn
    from solver.routing.problem import RoutingSolution

CONNECT_TIMEOUT_S = 10
"""How long to try reaching `--scheduler` before giving up."""

WORKERS_TIMEOUT_S = 60
"""How long a cluster may take to have a worker (a LocalCluster needs a few seconds)."""

ORPHAN_CHECK_S = 1.0
"""How often a worker process looks whether its caller is still there."""

LOCAL = "local"
"""`--scheduler local`: a LocalCluster of `--workers` processes made for the job."""


@dataclass(frozen=True)
class ClusterOptions:
    """Where a solve's parts run.

    Attributes:
        workers: worker processes on this machine (0: one per core); with
            `scheduler="local"`, the LocalCluster's workers.
        scheduler: a Dask scheduler's address, `LOCAL`, or None for worker processes.
    """

    workers: int = 0
    scheduler: str | None = None


@contextlib.contextmanager
def dask_client(workers: int, scheduler: str | None) -> Iterator[Client]:
    """A client of `scheduler`'s cluster, or of a LocalCluster of `workers` processes
    (one thread each) made for the job when `scheduler` is None or `LOCAL`.

    Raises:
        InputError: the scheduler cannot be reached, or no worker joins it in time.
    """
    from distributed import Client, LocalCluster

    if scheduler in (None, LOCAL):
        cluster = LocalCluster(
            n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
            dashboard_address=None, silence_logs=logging.CRITICAL,
        )  # fmt: skip
        with cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as error:
        raise InputError(
            _("--scheduler {scheduler}: cannot connect: {error}", scheduler=scheduler, error=error)
        ) from None
    with client:
        try:
            client.wait_for_workers(1, timeout=WORKERS_TIMEOUT_S)
        except TimeoutError:
            raise InputError(
                _(
                    "--scheduler {scheduler}: no worker joined within {WORKERS_TIMEOUT_S} s",
                    scheduler=scheduler,
                    WORKERS_TIMEOUT_S=WORKERS_TIMEOUT_S,
                )
            ) from None
        yield client


@dataclass(frozen=True)
class DaskRunner:
    """Routes the tasks on a Dask cluster, one task a worker thread."""

    client: Client

    @property
    def width(self) -> int:
        """The cluster's worker threads."""
        return max(1, sum(self.client.nthreads().values()))

    def map(self, route: RouteFn, tasks: list[PartTask]) -> list[RoutingSolution]:
        """`route` of every task on the cluster, in the order of `tasks`.

        One submit per task, so that no graph holds every part's matrices at once.
        """
        futures = [self.client.submit(route, task, pure=False) for task in tasks]
        answers: list[RoutingSolution] = self.client.gather(futures)
        return answers


@dataclass(frozen=True)
class ProcessRunner:
    """Routes the tasks in worker processes on this machine."""

    pool: ProcessPoolExecutor
    width: int

    def map(self, route: RouteFn, tasks: list[PartTask]) -> list[RoutingSolution]:
        """`route` of every task in the pool, in the order of `tasks`."""
        return list(self.pool.map(route, tasks))


@contextlib.contextmanager
def part_runner(options: ClusterOptions) -> Iterator[PartRunner]:
    """The runner of `options`; its processes or cluster end with the block.

    Worker processes start when the first parts are sent (a small stop sends none).
    """
    if options.scheduler is not None:
        with dask_client(options.workers, options.scheduler) as client:
            yield DaskRunner(client)
        return
    width = options.workers or os.cpu_count() or 1
    context = multiprocessing.get_context("spawn")  # fork would copy the caller's threads
    with ProcessPoolExecutor(
        width, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
    ) as pool:
        yield ProcessRunner(pool, width)


def _start_worker(parent: int) -> None:
    """A worker process ignores Ctrl-C (the caller stops between tasks and keeps its plan)
    and ends when its caller is gone: its siblings hold the task queue open, so it would
    otherwise wait for tasks for ever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_end_with, args=(parent,), name="orphan-watch", daemon=True).start()


def _end_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_S)
    os._exit(1)
