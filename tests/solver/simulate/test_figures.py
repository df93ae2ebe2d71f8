"""The figures' arithmetic: percentiles of finite values, and the waiting histogram's bins."""

from __future__ import annotations

import numpy as np

from solver.simulate.figures import figures, histogram


def test_figures_skip_what_did_not_happen() -> None:
    f = figures(np.array([np.nan, 10.0, 20.0, 30.0, np.inf, -np.inf]))
    assert (f.mean, f.p50, f.max) == (20.0, 20.0, 30.0)
    assert figures(np.array([np.nan])) == figures(np.array([]))
    assert figures(np.array([])).mean == 0


def test_the_waiting_bins_widen_to_reach_the_95th_percentile() -> None:
    short = histogram(np.arange(101, dtype=float))  # p95 = 95: 15 bins of 10 reach it
    assert short.edges[1] == 10 and sum(short.counts) == 101
    long = histogram(np.linspace(0, 420, 500))  # p95 = 399: bins of 30
    assert long.edges[1] == 30
    assert (long.counts[14], long.counts[15]) == (1, 0)  # 420 in [420, 450); none beyond
    clipped = histogram(np.append(np.zeros(99), 1000.0))  # p95 = 0: the narrowest bins
    assert clipped.edges[1] == 5 and clipped.counts[-1] == 1  # the last bar holds the rest
