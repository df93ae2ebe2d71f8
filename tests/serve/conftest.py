"""Fixtures of the day server's tests: one tiny day, served in-process once per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from tests.support.day_server import open_app, write_day


@pytest.fixture(scope="module")
def day_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with day.yaml, plan.json and pins.yaml (the server writes into out/)."""
    return write_day(tmp_path_factory.mktemp("day"))


@pytest.fixture(scope="module")
def app(day_folder: Path) -> Iterator[FastAPI]:
    """The day's app, opened once for the module."""
    with open_app(day_folder) as opened:
        yield opened
