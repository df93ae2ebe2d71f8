"""The day's database: one engine, its migrations, and every read and write of its rows.

SQLite (the default, `sqlite:///DIR/day.db`) runs in WAL mode with `synchronous=FULL`, so
that an answered write survives a power cut; PostgreSQL goes through the same Core
statements. Each write is its own transaction, committed before the caller answers.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from planner.model.errors import InputError
from planner.server.tables import events, jobs, pins, sessions, versions

MIGRATIONS = Path(__file__).with_name("migrations")


@dataclass(frozen=True)
class Event:
    """One row of the events table."""

    id: int
    at: str
    role: str
    who: str
    what: str
    payload: dict[str, Any]


def utc_now() -> str:
    """The wall-clock time of a row, in UTC ISO 8601."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


SERVER_NAME = f"planner serve, pid {os.getpid()}"
"""How the server names itself to PostgreSQL (`application_name`): a second server
refused says which one holds the database."""

ADVISORY_LOCK = 0x706C616E6E657273
"""The PostgreSQL advisory lock a day server holds on its database ("planners")."""


class Lock(Protocol):
    """What keeps a second server off the database: let go by `close()`."""

    def close(self) -> None: ...


def _psycopg(url: str) -> str:
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def open_engine(url: str) -> sa.Engine:
    """The engine for `url`; SQLite gets WAL, `synchronous=FULL` and a busy timeout."""
    url = _psycopg(url)
    if url.startswith("postgresql"):
        engine = sa.create_engine(url, connect_args={"application_name": SERVER_NAME})
    else:
        engine = sa.create_engine(url)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    connection.isolation_level = None  # SQLAlchemy's `begin` event issues BEGIN itself
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _sqlite_begin(connection: sa.Connection) -> None:
    # IMMEDIATE takes the write lock at once: two desks writing wait for each other
    # instead of failing when a read transaction turns into a write.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def migrate(engine: sa.Engine) -> None:
    """Bring the database to the newest schema (Alembic, shipped in the package)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def lock_database(url: str, out_dir: Path) -> IO[str] | None:
    """Hold an OS lock on `<db>.lock` beside a SQLite file for the server's life.

    Raises:
        InputError: another server holds it, or its folder cannot be written (exit 2).
    """
    if not url.startswith("sqlite:///"):
        return None
    db_path = Path(url.removeprefix("sqlite:///")) if url != "sqlite://" else out_dir / "mem"
    lock_path = db_path.with_name(db_path.name + ".lock")
    try:
        handle = lock_path.open("a+", encoding="utf-8")
    except OSError as error:
        raise InputError(
            f"--db {url}: cannot open the database: {lock_path}: {error.strerror}"
        ) from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise InputError(
            f"{db_path}: another day server ({holder}) is already using this database; "
            "stop it first, or give this one another --out or --db"
        ) from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}\n")
    handle.flush()
    return handle


class _AdvisoryLock:
    """A PostgreSQL session-level advisory lock, held by a connection of its own; the
    server releases it when that connection closes (also when the process is killed)."""

    def __init__(self, engine: sa.Engine, connection: sa.Connection) -> None:
        self.engine, self.connection = engine, connection

    def close(self) -> None:
        self.connection.close()
        self.engine.dispose()


def lock_postgres(url: str) -> Lock | None:
    """Hold PostgreSQL's advisory lock `ADVISORY_LOCK` on the database for the server's
    life (None for another kind of database): one server per database, as with SQLite.

    Raises:
        InputError: another server holds it (exit 2).
        sqlalchemy.exc.SQLAlchemyError: the database cannot be reached.
    """
    if not _psycopg(url).startswith("postgresql"):
        return None
    engine = sa.create_engine(
        _psycopg(url),
        poolclass=sa.pool.NullPool,
        connect_args={"application_name": SERVER_NAME},
    )
    connection = engine.connect()
    held = connection.execute(sa.select(sa.func.pg_try_advisory_lock(ADVISORY_LOCK))).scalar()
    connection.commit()
    if held:
        return _AdvisoryLock(engine, connection)
    holder = connection.execute(
        sa.text(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a USING (pid) "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.database = "
            "(SELECT oid FROM pg_database WHERE datname = current_database())"
        )
    ).scalar()
    connection.close()
    engine.dispose()
    raise InputError(
        f"--db {url}: another day server ({holder or 'another process'}) is already using "
        "this database; stop it first, or give this one another --db"
    )


class Store:
    """Every read and write of the day's rows."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def append(self, role: str, who: str, what: str, payload: dict[str, Any]) -> Event:
        """Write one event and commit it; the caller answers only after this returns."""
        at = utc_now()
        with self.engine.begin() as connection:
            row = connection.execute(
                events.insert().values(at=at, role=role, who=who, what=what, payload=payload)
            )
            (event_id,) = row.inserted_primary_key or (0,)
        return Event(int(event_id), at, role, who, what, payload)

    def events(self, after: int = 0) -> list[Event]:
        """The events after id `after`, in order."""
        query = sa.select(events).where(events.c.id > after).order_by(events.c.id)
        with self.engine.connect() as connection:
            return [
                Event(r.id, r.at, r.role, r.who, r.what, r.payload)
                for r in connection.execute(query)
            ]

    def first(self, what: str) -> Event | None:
        """The first event of a kind, if any."""
        query = sa.select(events).where(events.c.what == what).order_by(events.c.id).limit(1)
        with self.engine.connect() as connection:
            r = connection.execute(query).first()
        return None if r is None else Event(r.id, r.at, r.role, r.who, r.what, r.payload)

    # PINs and sessions

    def pin_hashes(self) -> dict[tuple[str, str], str]:
        """The stored PIN hash of each (role, who)."""
        with self.engine.connect() as connection:
            return {(r.role, r.who): r.pin_hash for r in connection.execute(sa.select(pins))}

    def set_pins(self, hashes: dict[tuple[str, str], str]) -> None:
        """Replace every stored PIN hash."""
        with self.engine.begin() as connection:
            connection.execute(pins.delete())
            if hashes:
                connection.execute(
                    pins.insert(),
                    [
                        {"role": role, "who": who, "pin_hash": h}
                        for (role, who), h in hashes.items()
                    ],
                )

    def add_session(self, token_hash: str, role: str, who: str, csrf: str) -> None:
        """Record a session."""
        with self.engine.begin() as connection:
            connection.execute(
                sessions.insert().values(
                    token_hash=token_hash, role=role, who=who, csrf=csrf, created=utc_now()
                )
            )

    def session(self, token_hash: str) -> tuple[str, str, str, str] | None:
        """(role, who, csrf, created) of a session, if it exists."""
        query = sa.select(sessions).where(sessions.c.token_hash == token_hash)
        with self.engine.connect() as connection:
            r = connection.execute(query).first()
        return None if r is None else (r.role, r.who, r.csrf, r.created)

    def end_session(self, token_hash: str) -> None:
        """Forget a session (logged out, or expired)."""
        with self.engine.begin() as connection:
            connection.execute(sessions.delete().where(sessions.c.token_hash == token_hash))

    # versions and jobs

    def versions(self) -> list[tuple[int, str, str]]:
        """Every version as (number, scenario YAML, plan JSON), oldest first."""
        query = sa.select(versions).order_by(versions.c.number)
        with self.engine.connect() as connection:
            return [(r.number, r.scenario_yaml, r.plan_json) for r in connection.execute(query)]

    def add_version(self, number: int, scenario_yaml: str, plan_json: str) -> None:
        """Record a published version."""
        with self.engine.begin() as connection:
            connection.execute(
                versions.insert().values(
                    number=number, at=utc_now(), scenario_yaml=scenario_yaml, plan_json=plan_json
                )
            )

    def save_job(
        self,
        job_id: str,
        state: str,
        base_event: int,
        reason: str = "",
        scenario_yaml: str | None = None,
        plan_json: str | None = None,
    ) -> None:
        """Insert or update a re-plan job's row."""
        values = {
            "state": state,
            "reason": reason,
            "scenario_yaml": scenario_yaml,
            "plan_json": plan_json,
        }
        with self.engine.begin() as connection:
            found = connection.execute(sa.select(jobs.c.id).where(jobs.c.id == job_id)).first()
            if found is None:
                connection.execute(
                    jobs.insert().values(
                        id=job_id, base_event=base_event, created=utc_now(), **values
                    )
                )
            else:
                connection.execute(jobs.update().where(jobs.c.id == job_id).values(**values))

    def job(self, job_id: str) -> dict[str, Any] | None:
        """A job's row as a mapping, if it exists."""
        with self.engine.connect() as connection:
            r = connection.execute(sa.select(jobs).where(jobs.c.id == job_id)).first()
        return None if r is None else dict(r._mapping)
