"""Shared fixtures: the project's folders."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted(p for p in (ROOT / "scenarios").glob("*.yaml") if not p.name.startswith("tour-"))
TOURS = sorted((ROOT / "scenarios").glob("tour-*.yaml"))


@pytest.fixture
def root() -> Path:
    """The repository root."""
    return ROOT
