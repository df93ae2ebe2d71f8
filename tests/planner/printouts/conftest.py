"""Printouts of the Longyan stop (first come, first served, plus hand-made routes) and of a
tiny stop whose scenario text tries to break the HTML."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from benchmarks.fcfs import fcfs_plan
from benchmarks.printouts import demo_routes
from planner.files.scenario import load_scenario
from planner.model import Plan, Scenario
from planner.printouts import write_printouts

SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"
HOSTILE_NAME = "<script>alert(1)</script>"


@dataclass(frozen=True)
class Written:
    """A plan and the printouts written for it."""

    scenario: Scenario
    plan: Plan
    out: Path
    paths: list[Path]

    def html(self, name: str) -> str:
        """An HTML printout's text."""
        return (self.out / "print" / name).read_text(encoding="utf-8")

    def pdf_text(self, name: str) -> str:
        """A PDF printout's text, as pdftotext reads it."""
        return pdf_text(self.out / "print" / name)


def pdf_text(path: Path) -> str:
    """The text of a PDF in drawing order (each table cell whole), read by pdftotext."""
    result = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def squeeze(text: str) -> str:
    """`text` without any whitespace, so wrapped lines compare equal."""
    return re.sub(r"\s+", "", text)


def longyan_plan(scenario: Scenario) -> Plan:
    """The reception desk's plan of the Longyan clinic, with simple routes for the visits."""
    plan = fcfs_plan(scenario)
    plan.routes = demo_routes(scenario, per_route=4)
    return plan


@pytest.fixture(scope="package")
def longyan() -> Scenario:
    """The shipped Longyan scenario."""
    return load_scenario(SCENARIOS / "longyan.yaml")


@pytest.fixture(scope="package")
def longyan_zh(longyan: Scenario, tmp_path_factory: pytest.TempPathFactory) -> Written:
    """Every printout of the Longyan plan, in Chinese."""
    plan = longyan_plan(longyan)
    out = tmp_path_factory.mktemp("longyan-zh")
    return Written(longyan, plan, out, write_printouts(longyan, plan, out, lang="zh"))


@pytest.fixture(scope="package")
def longyan_en(longyan: Scenario, tmp_path_factory: pytest.TempPathFactory) -> Written:
    """Every printout of the Longyan plan, in English."""
    plan = longyan_plan(longyan)
    out = tmp_path_factory.mktemp("longyan-en")
    return Written(longyan, plan, out, write_printouts(longyan, plan, out, lang="en"))


def tiny_data() -> dict[str, Any]:
    """A one-room clinic and one team, with scenario text that must be escaped."""
    day = "2025-07-05"
    return {
        "name": 'Tiny "stop" </style><b>bold</b>',
        "venues": [
            {
                "id": "v1",
                "name": "Hall & <Clinic>",
                "location": {"lat": 27.33, "lon": 103.72},
                "open": [{"date": day, "start": "08:00", "end": "17:00"}],
                "rooms": [{"id": "c1", "kind": "consult", "name": "<i>Room</i>"}],
            }
        ],
        "experts": [
            {
                "id": "hem-1",
                "name": "Dr <b>Hem</b>",
                "hospital": "First Hospital",
                "skills": ["hematology"],
                "available": [{"date": day, "start": "08:00", "end": "17:00"}],
            }
        ],
        "services": [
            {
                "id": "mdt",
                "name": "Consultation <img src=x onerror=alert(2)>",
                "duration_min": 30,
                "needs": ["hematology"],
                "room_kind": "consult",
                "bring": ["<u>records</u>"],
            }
        ],
        "patients": [
            {
                "id": "p01",
                "name": HOSTILE_NAME,
                "family": "f01",
                "severity": "severe",
                "arrives": f"{day}T08:00",
                "leaves": f"{day}T12:00",
                "needs": ["mdt"],
            }
        ],
        "visits": {
            "days": ["2025-07-06"],
            "teams": [
                {
                    "id": "team/a",
                    "phone": "138 0000 0011",
                    "start": {"lat": 27.34, "lon": 103.71},
                    "shift": {"start": "08:00", "end": "18:00"},
                }
            ],
            "households": [
                {
                    "id": "h1",
                    "name": "<script>x()</script> family",
                    "village": "Village <1>",
                    "location": {"lat": 27.4, "lon": 103.65},
                    "contact": "Parent & co",
                    "phone": "139-0000-0201",
                    "purpose": "Follow-up on transfusion",
                    "purpose_zh": "随访输血情况",
                    "patients": ["p01"],
                }
            ],
        },
    }


@pytest.fixture(scope="package")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Written:
    """Every printout of the tiny stop, in English."""
    scenario = Scenario.model_validate(tiny_data())
    plan = fcfs_plan(scenario)
    plan.routes = demo_routes(scenario)
    out = tmp_path_factory.mktemp("tiny")
    return Written(scenario, plan, out, write_printouts(scenario, plan, out, lang="en"))
