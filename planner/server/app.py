"""The ASGI app: the JSON API, and the pages when `planner/server/pages.py` is there.

`create_app(opened, config)` is what `run.serve` hands to uvicorn and what tests hand to
Starlette's TestClient.
"""

from __future__ import annotations

import importlib
import importlib.util

from fastapi import FastAPI

from planner.server.actions import Refused
from planner.server.api import refused, router
from planner.server.auth import Gate
from planner.server.config import ServeConfig
from planner.server.opening import Opened
from planner.server.replans import Replans


def create_app(opened: Opened, config: ServeConfig) -> FastAPI:
    """The app of an opened day.

    `app.state` holds `day` (LiveDay), `gate` (Gate), `replans` (Replans), `config`, and
    `stopping` (set at shutdown so that event streams end).
    """
    app = FastAPI(title="planner serve", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.day = opened.day
    app.state.gate = Gate(opened.day.store)
    app.state.replans = Replans(opened.day, config.out_dir, config.lang, config.replan_time_limit_s)
    app.state.config = config
    app.state.stopping = False
    app.add_exception_handler(Refused, refused)
    app.include_router(router)
    if importlib.util.find_spec("planner.server.pages") is not None:
        pages = importlib.import_module("planner.server.pages")
        app.include_router(pages.router)
    return app
