"""Shared fixtures: the project's folders."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from planner.model.words import LOCALE_VARIABLES, speak
from tests.support.browser import chromium

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted(p for p in (ROOT / "scenarios").glob("*.yaml") if not p.name.startswith("tour-"))
TOURS = sorted((ROOT / "scenarios").glob("tour-*.yaml"))


@pytest.fixture(autouse=True, scope="session")
def english() -> Iterator[None]:
    """Every test speaks English unless it asks otherwise (`--lang zh`, or a locale of its
    own): the messages the tests read are written in English in the code. Session-wide, so
    that module fixtures made before a test's own fixtures speak it too."""
    with pytest.MonkeyPatch.context() as patch:
        for variable in LOCALE_VARIABLES:
            patch.delenv(variable, raising=False)
        patch.setenv("LANG", "en_US.UTF-8")
        yield


@pytest.fixture(autouse=True)
def spoken_by_the_locale() -> Iterator[None]:
    """No test inherits the language an earlier one chose with `--lang` in-process."""
    speak(None)
    yield
    speak(None)


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
