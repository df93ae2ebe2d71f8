"""Every PDF written under `--lang zh`, read back with `pdftotext`, holds no English: each
Latin word is a name or id from the input files, a unit, or on a short allow-list.

Slow for a test (about a minute): it runs the real commands end to end (solve, re-plan,
tour) and reads back every printout they write, since English can slip in anywhere.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import ROOT
from tests.support.cli import planner

ALLOWED = {
    "min", "km", "PIN", "CI", "p50", "p90", "pyvrp", "ortools", "Amap",
}  # fmt: skip
"""Latin words a Chinese printout may hold beyond the input's names and ids: units, and
the names of the routing engines."""

COMMAND_WORDS = {"planner", "fit", "book", "changes", "replan", "FILE"}

LATIN = re.compile(r"[A-Za-z][A-Za-z'’]*")
SCENARIO = ROOT / "scenarios" / "zhaotong.yaml"
CHANGES = ROOT / "scenarios" / "examples" / "zhaotong-changes.yaml"
TOUR = ROOT / "scenarios" / "tour-2026.yaml"


def _strings(node: Any) -> list[str]:
    if isinstance(node, dict):
        return [s for key, value in node.items() for s in [str(key), *_strings(value)]]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    return [str(node)]


def _input_words(*paths: Path) -> set[str]:
    """Every Latin word of the input files' values: names, ids, places, skills."""
    words: set[str] = set()
    for path in paths:
        for text in _strings(YAML(typ="safe").load(path.read_text(encoding="utf-8"))):
            words.update(LATIN.findall(text))
    return words


def _english(folder: Path, allowed: set[str]) -> dict[str, list[str]]:
    """The words of each PDF under `folder` that are neither allowed nor from the input."""
    found = {}
    for pdf in sorted(folder.rglob("*.pdf")):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        # Ids such as hem-1 or team-a, and words split by a line break, are read whole.
        words = {w for w in LATIN.findall(text) if len(w) > 1}
        stray = sorted(w for w in words if w not in allowed and w.lower() not in allowed)
        if stray:
            found[str(pdf.relative_to(folder))] = stray
    return found


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A stop solved, then re-planned, and a tour, all under `--lang zh`."""
    out = tmp_path_factory.mktemp("zh")
    common = ("--lang", "zh", "--quiet", "--tiles", "none")
    steps = [
        ("solve", str(SCENARIO), "--out", str(out / "solve"), "--time-limit", "4", *common),
        ("replan", str(SCENARIO), "--plan", str(out / "solve" / "plan.json"), "--changes",
         str(CHANGES), "--out", str(out / "replan"), "--time-limit", "4", *common),
        ("tour", str(TOUR), "--out", str(out / "tour"), "--time-limit", "3", *common),
    ]  # fmt: skip
    for step in steps:
        done = planner(*step)
        assert done.returncode == 0, done.stderr
    return out


@pytest.mark.parametrize("command", ["solve", "replan", "tour"])
def test_no_english_in_the_chinese_pdfs(written: Path, command: str) -> None:
    folder = written / command
    assert list(folder.rglob("*.pdf")), "no PDF written"
    inputs = _input_words(SCENARIO, CHANGES, TOUR)
    allowed = ALLOWED | {w.lower() for w in inputs} | inputs
    assert _english(folder, allowed) == {}


def test_no_english_in_the_chinese_fit_listing(written: Path) -> None:
    """`planner fit` prints its listing (no PDF): the same check on its words."""
    walk_in = ROOT / "scenarios" / "examples" / "zhaotong-walk-in.yaml"
    plan = written / "solve" / "plan.json"
    done = planner("fit", str(SCENARIO), "--plan", str(plan), "--patient", str(walk_in),
                   "--lang", "zh")  # fmt: skip
    assert done.returncode == 0, done.stderr
    # The listing ends with the command that books an option: its words are the command's.
    allowed = ALLOWED | COMMAND_WORDS | _input_words(SCENARIO, walk_in)
    words = {w for w in LATIN.findall(done.stdout) if len(w) > 1}
    assert sorted(w for w in words if w not in allowed) == []


def test_the_check_finds_english(tmp_path: Path) -> None:
    """The same check on the English printouts finds English: it can fail."""
    done = planner("tour", str(TOUR), "--out", str(tmp_path), "--lang", "en", "--time-limit",
                   "2", "--quiet", "--tiles", "none")  # fmt: skip
    assert done.returncode == 0, done.stderr
    allowed = ALLOWED | _input_words(TOUR)
    stray = _english(tmp_path, allowed)
    assert "year's" in stray.get("print/tour.pdf", []), stray  # "The year's tour"
