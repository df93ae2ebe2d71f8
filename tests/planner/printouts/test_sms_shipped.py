"""No health data in any text: every row of `sms.csv` and every cell of the consoles' files,
for the shipped scenarios' first notices (Chinese and English) and a re-plan of Zhaotong.

Every patient gets a phone number here (the shipped files leave families' out), so that the
consoles' files hold the families' rows too.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from benchmarks.fcfs import fcfs_plan
from benchmarks.printouts import demo_routes
from planner.files.day import load_day
from planner.files.scenario import load_scenario
from planner.jobs.replan import replan_stop
from planner.model import Scenario
from planner.model.common import SEVERITIES
from planner.printouts.sms_consoles import write_notify
from solver.limits import Limits
from tests.conftest import ROOT, SCENARIOS

WORDS = (
    r"\bHLA", r"genetic", r"\bgenes?\b", r"thalass", r"transplant", r"fertility", r"diagnos",
    r"地贫", r"地中海", r"贫血", r"基因", r"配型", r"遗传", r"移植", r"生育", r"重型", r"携带",
)  # fmt: skip
"""Words that tell of health, written out here apart from the code's own list."""


def _health(scenario: Scenario) -> re.Pattern[str]:
    """The fixed words, the scenario's services by name and the severities."""
    names = [n for s in scenario.services for n in (s.name, s.name_zh) if n]
    words = [*WORDS, *map(re.escape, names), *(rf"\b{s}\b" for s in SEVERITIES)]
    return re.compile("|".join(words), re.IGNORECASE)


def _with_phones(scenario: Scenario) -> Scenario:
    patients = [p.model_copy(update={"phone": f"139{i:08d}"}) for i, p in
                enumerate(scenario.patients)]  # fmt: skip
    return scenario.model_copy(update={"patients": patients})


def _cells(folder: Path) -> list[str]:
    """Every text of sms.csv, every cell of the consoles' files, every line of templates.txt."""
    with (folder / "sms.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        assert int(row["chars"]) == len(row["text"])
        assert int(row["parts"]) == (1 if len(row["text"]) <= 70 else -(-len(row["text"]) // 67))
    cells = [row["text"] for row in rows]
    for book in sorted(folder.glob("*.xlsx")):
        sheet = load_workbook(book).active
        assert sheet is not None
        cells += [str(value) for row in sheet.values for value in row if value is not None]
    return cells + (folder / "templates.txt").read_text("utf-8").splitlines()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_no_health_words_in_a_first_notice(path: Path, lang: str, tmp_path: Path) -> None:
    scenario = _with_phones(load_scenario(path))
    plan = fcfs_plan(scenario)
    plan.routes = demo_routes(scenario, per_route=4)
    write_notify(scenario, plan, tmp_path, lang, replanned=False)
    cells = _cells(tmp_path / "notify")
    families = {p.family for p in scenario.patients}
    assert len(list((tmp_path / "notify").glob("aliyun-*.xlsx"))) == 1 + bool(plan.routes)
    assert sum(c.startswith(("【", "[")) for c in cells) >= len(families)  # a text per family
    health = _health(scenario)
    assert [c for c in cells if health.search(c)] == []


def test_no_health_words_in_a_replan(tmp_path: Path) -> None:
    zhaotong = ROOT / "scenarios" / "zhaotong.yaml"
    published = fcfs_plan(load_scenario(zhaotong))
    (tmp_path / "plan.json").write_text(published.model_dump_json(), "utf-8")
    changes = tmp_path / "changes.yaml"
    shutil.copy(ROOT / "scenarios" / "examples" / "zhaotong-changes.yaml", changes)
    day = load_day(zhaotong, tmp_path / "plan.json", changes)
    plan = replan_stop(day, Limits(time_limit_s=3, seed=1))
    write_notify(_with_phones(day.scenario), plan, tmp_path, "zh", replanned=True)
    with (tmp_path / "notify" / "sms.csv").open(encoding="utf-8-sig", newline="") as handle:
        kinds = {row["kind"] for row in csv.DictReader(handle)}
    assert {"moved", "new"} <= kinds and "reminder" not in kinds
    health = _health(day.scenario)
    assert [c for c in _cells(tmp_path / "notify") if health.search(c)] == []
