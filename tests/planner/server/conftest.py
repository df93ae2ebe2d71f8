"""Fixtures of the day server's tests: one tiny day, served in-process once per module,
on SQLite and on a real PostgreSQL server.

A module runs on SQLite only (`database` is "sqlite") unless it sets `DATABASES = BOTH`:
the day's actions, re-plans and the real-process tests run on both, the role matrix and
the pages on SQLite only, to keep the suite fast. PostgreSQL comes from Debian's
`postgresql` package, started once per session; without the package those tests are
skipped, saying so.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from tests.support.day_server import open_app, write_day
from tests.support.postgres import MISSING, Postgres, start_postgres

BOTH = ("sqlite", "postgresql")
"""What a module sets as `DATABASES` to run on PostgreSQL too."""
_numbers = itertools.count(1)

NewDatabase = Callable[[], "str | None"]
"""A fresh database's URL for `--db` (None: the default SQLite file in DIR)."""


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "database" in metafunc.fixturenames:
        kinds = getattr(metafunc.module, "DATABASES", ("sqlite",))
        metafunc.parametrize("database", kinds, scope="module", indirect=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """A PostgreSQL server for the session (skipped without Debian's package)."""
    server = start_postgres()
    if server is None:
        pytest.skip(MISSING)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def database(request: pytest.FixtureRequest) -> str:
    """The kind of database the module's tests run on: "sqlite" or "postgresql"."""
    kind: str = request.param
    return kind


@pytest.fixture(scope="module")
def new_database(request: pytest.FixtureRequest, database: str) -> NewDatabase:
    """Makes a fresh database of the module's kind."""
    if database == "sqlite":
        return lambda: None
    server: Postgres = request.getfixturevalue("postgres")
    return lambda: server.database(f"day_{next(_numbers)}")


@pytest.fixture(scope="module")
def day_folder(tmp_path_factory: pytest.TempPathFactory, database: str) -> Path:
    """A folder with day.yaml, plan.json and pins.yaml (the server writes into out/)."""
    return write_day(tmp_path_factory.mktemp(f"day-{database}"))


@pytest.fixture(scope="module")
def app(day_folder: Path, new_database: NewDatabase) -> Iterator[FastAPI]:
    """The day's app, opened once for the module."""
    with open_app(day_folder, db_url=new_database()) as opened:
        yield opened
