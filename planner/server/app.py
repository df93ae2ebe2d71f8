"""The ASGI app: the JSON API, and the pages when `planner/serve/pages.py` is there.

`create_app(opened, config)` is what `run.serve` hands to uvicorn and what tests hand to
Starlette's TestClient.
"""

from __future__ import annotations

import importlib
import importlib.util

from fastapi import FastAPI

from planner.serve.actions import Refused
from planner.serve.api import refused, router
from planner.serve.auth import Gate
from planner.serve.config import ServeConfig
from planner.serve.opening import Opened
from planner.serve.replans import Replans


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
    if importlib.util.find_spec("planner.serve.pages") is not None:
        pages = importlib.import_module("planner.serve.pages")
        app.include_router(pages.router)
    return app
