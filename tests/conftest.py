"""Shared fixtures: the project's folders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.support.browser import chromium

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted(p for p in (ROOT / "scenarios").glob("*.yaml") if not p.name.startswith("tour-"))
TOURS = sorted((ROOT / "scenarios").glob("tour-*.yaml"))


@pytest.fixture
def root() -> Path:
    """The repository root."""
    return ROOT


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium, once per module: a running Playwright keeps an event loop in the
    thread, which other modules (asyncio.run) must not meet."""
    with chromium() as launched:
        yield launched
