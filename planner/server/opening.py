"""Opening the day: the database migrated, the day imported once, the PINs in place.

Starting again on the same database resumes the day from its events; FILE and --plan are
read into it only the first time (`day.opened`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import sqlalchemy as sa

from planner.files.out_dir import prepare_out_dir, writing
from planner.files.scenario import dump_scenario, load_scenario
from planner.model import Plan
from planner.model.errors import InputError
from planner.model.words import gettext as _
from planner.server.auth import generate_pins, hash_pins
from planner.server.clock import Clock
from planner.server.config import ServeConfig
from planner.server.live import LiveDay
from planner.server.state import Version
from planner.server.store import Lock, Store, lock_database, lock_postgres, migrate, open_engine


@dataclass
class Opened:
    """The day opened: its live state, the lock it holds, and what to tell the user."""

    day: LiveDay
    lock: Lock | None
    notes: list[str]

    def close(self) -> None:
        """Let the database go."""
        self.day.store.engine.dispose()
        if self.lock is not None:
            self.lock.close()


def open_day(config: ServeConfig) -> Opened:
    """Lock, migrate, import (once), set the PINs, and replay the events.

    Raises:
        InputError: another server holds the database (the SQLite file's OS lock, or
            PostgreSQL's advisory lock), or --db cannot be opened.
        OutputError: DIR cannot be written.
    """
    prepare_out_dir(config.out_dir)
    lock: Lock | None = lock_database(config.url, config.out_dir)
    try:
        lock = lock_postgres(config.url) or lock
        store = Store(open_engine(config.url))
        migrate(store.engine)
    except (sa.exc.SQLAlchemyError, ImportError) as error:
        if lock is not None:
            lock.close()
        first = str(error).splitlines()[0]
        raise InputError(
            _("--db {url}: cannot open the database: {first}", url=config.url, first=first)
        ) from None
    notes = []
    if store.first("day.opened") is None:
        store.add_version(0, dump_scenario(config.scenario), config.plan.model_dump_json())
        store.append("system", "serve", "day.opened", {"scenario": config.scenario.name})
        notes.append(
            _(
                "day opened: {name}, {count} appointments",
                name=config.scenario.name,
                count=len(config.plan.appointments),
            )
        )
    else:
        notes.append(
            _(
                "day resumed from the database (FILE and --plan were read at the start "
                "of the day and are not imported again)"
            )
        )
    notes += _pins(store, config)
    for row in _stale_jobs(store):
        store.save_job(row, "failed", 0, "the server stopped while this re-plan ran")
    versions = _versions(store, config)
    clock = Clock(versions[0].scenario.tz, config.clock)
    return Opened(LiveDay(store, versions, clock), lock, notes)


def _pins(store: Store, config: ServeConfig) -> list[str]:
    if config.pins is not None:
        store.set_pins(hash_pins(config.pins))
        return ["PINs set from --pins"]
    if store.pin_hashes():
        return ["PINs kept from the start of the day"]
    keys = [(r, r) for r in ("coordinator", "reception", "screen")]
    keys += [("expert", e.id) for e in config.scenario.experts]
    pins = generate_pins(keys)
    store.set_pins(hash_pins(pins))
    lines = [
        f"{role if role != 'expert' else 'expert ' + who}: {pin}"
        for (role, who), pin in pins.items()
    ]
    path = config.out_dir / "pins.txt"
    with writing(path):
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        os.chmod(path, 0o600)
    return ["PINs (shown once; also in " + str(path) + ", readable by you only):", *lines]


def _stale_jobs(store: Store) -> list[str]:
    from planner.server.tables import jobs

    with store.engine.connect() as connection:
        query = sa.select(jobs.c.id).where(jobs.c.state == "running")
        return [r.id for r in connection.execute(query)]


def _versions(store: Store, config: ServeConfig) -> dict[int, Version]:
    versions = {}
    for number, scenario_yaml, plan_json in store.versions():
        folder = config.out_dir / "versions" / str(number)
        path = folder / "scenario.yaml"
        if not path.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            with writing(folder):
                path.write_text(scenario_yaml, encoding="utf-8")
                (folder / "plan.json").write_text(plan_json + "\n", encoding="utf-8")
        scenario = load_scenario(path)
        if number == 0:
            scenario._base_dir = config.scenario.base_dir
        versions[number] = Version(number, scenario, Plan.model_validate_json(plan_json))
    return versions
