"""What `planner serve` was started with."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from planner.model import Plan, Scenario


@dataclass(frozen=True)
class ServeConfig:
    """The day server's settings: the day it starts from, where it keeps it, and how it
    listens.

    Attributes:
        scenario: the scenario read from FILE (used only when the database is new).
        plan: its published plan read from --plan (likewise).
        out_dir: DIR: versions/, pins.txt and, by default, day.db.
        db_url: the database; `sqlite:///DIR/day.db` by default.
        pins: the PIN of each (role, who) from --pins; None to keep or generate them.
        clock: --clock: the day's time at start, then running on.
        replan_time_limit_s: seconds each re-plan job may take.
    """

    scenario: Scenario
    plan: Plan
    out_dir: Path
    db_url: str | None = None
    pins: dict[tuple[str, str], str] | None = None
    clock: dt.datetime | None = None
    lang: str = "zh"
    host: str = "127.0.0.1"
    port: int = 8000
    cert: Path | None = None
    key: Path | None = None
    replan_time_limit_s: float = 20.0

    @property
    def url(self) -> str:
        """The database URL in force."""
        return self.db_url or f"sqlite:///{self.out_dir / 'day.db'}"
