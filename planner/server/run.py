"""Running the server: open the day, say where it listens, serve until Ctrl-C or SIGTERM."""

from __future__ import annotations

import sys
from types import FrameType

import uvicorn

from planner.server.app import create_app
from planner.server.config import ServeConfig
from planner.server.opening import open_day

NETWORK_WARNING = (
    "warning: listening on {host}: anyone on this network can reach the server, and it "
    "holds patients' data; give the PINs only to the day's staff"
)


def serve(config: ServeConfig) -> None:
    """Serve the day until stopped (returns on a clean stop).

    Raises:
        InputError: another server holds the database.
        OutputError: DIR cannot be written.
    """
    opened = open_day(config)
    try:
        for note in opened.notes:
            print(note, flush=True)
        if config.host not in ("127.0.0.1", "localhost", "::1"):
            print(NETWORK_WARNING.format(host=config.host), file=sys.stderr, flush=True)
        app = create_app(opened, config)
        scheme = "https" if config.cert else "http"
        print(f"serving {scheme}://{config.host}:{config.port}/ (Ctrl-C stops)", flush=True)
        settings = uvicorn.Config(
            app,
            host=config.host,
            port=config.port,
            log_level="warning",
            ssl_certfile=config.cert,
            ssl_keyfile=config.key,
            timeout_graceful_shutdown=2,
        )
        _Server(settings, app).run()
    finally:
        opened.close()


class _Server(uvicorn.Server):
    """uvicorn's server, telling the event streams to end when a stop signal comes, and
    ending with exit 0 on it."""

    def __init__(self, settings: uvicorn.Config, app: object) -> None:
        super().__init__(settings)
        self.app = app

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self.app.state.stopping = True  # type: ignore[attr-defined]
        super().handle_exit(sig, frame)
        # uvicorn raises the signal again once it has shut down (exit 130 or -15); a stop
        # asked for by Ctrl-C or SIGTERM is the clean end of the day's serving: exit 0.
        self._captured_signals.clear()
