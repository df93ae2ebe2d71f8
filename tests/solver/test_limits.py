"""What the routes get once the clinic is planned: the time left, or a quick first set of
routes with a stop of their own when Ctrl-C came while scheduling."""

from __future__ import annotations

from solver.limits import ROUTES_AFTER_STOP_S, Limits


def test_the_routes_get_the_time_left_and_share_the_stop() -> None:
    limits = Limits(time_limit_s=60, seed=3)
    routes = limits.after_schedule(24.0)
    assert (routes.time_limit_s, routes.seed, routes.stop) == (24.0, 3, limits.stop)


def test_after_ctrl_c_the_routes_get_a_quick_run_of_their_own() -> None:
    limits = Limits(time_limit_s=60)
    limits.stop.set()
    routes = limits.after_schedule(24.0)
    assert routes.time_limit_s == ROUTES_AFTER_STOP_S < 24.0
    assert routes.stop is not limits.stop and not routes.stop.is_set()
    assert limits.after_schedule(2.0).time_limit_s == 2.0
