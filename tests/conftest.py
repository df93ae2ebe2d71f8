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


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium, launched once for the whole run (modules open their own pages)."""
    with chromium() as launched:
        yield launched
