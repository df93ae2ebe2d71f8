"""No health data in any text: every row of `sms.csv` and every cell of the consoles' files,
for the shipped scenarios' first notices (Chinese and English) and a re-plan of Zhaotong.
Nor a blank: every phone is digits, every variable holds something, and no text ends on a
label with nothing after it ("咨询电话", "Tel"), with the scenario's contact number, with the
team phone it falls back to, and with no number at all.

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
from planner.check.contacts import contact_warnings
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

DANGLING = re.compile(r"(电话|Tel|[:：])\s*$")
"""A text that ends on a label with nothing after it."""


def _health(scenario: Scenario) -> re.Pattern[str]:
    """The fixed words, the scenario's services by name and the severities."""
    names = [n for s in scenario.services for n in (s.name, s.name_zh) if n]
    words = [*WORDS, *map(re.escape, names), *(rf"\b{s}\b" for s in SEVERITIES)]
    return re.compile("|".join(words), re.IGNORECASE)


def _with_phones(scenario: Scenario) -> Scenario:
    patients = [p.model_copy(update={"phone": f"139{i:08d}"}) for i, p in
                enumerate(scenario.patients)]  # fmt: skip
    return scenario.model_copy(update={"patients": patients})


def _rows(folder: Path) -> list[dict[str, str]]:
    """The rows of sms.csv, each checked: its count, its parts, its phone, its ending."""
    with (folder / "sms.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        assert int(row["chars"]) == len(row["text"])
        assert int(row["parts"]) == (1 if len(row["text"]) <= 70 else -(-len(row["text"]) // 67))
        assert re.fullmatch(r"[0-9]+", row["phone"]), row
        assert not DANGLING.search(row["text"]), row
    return rows


def _cells(folder: Path) -> list[str]:
    """Every text of sms.csv, every cell of the consoles' files (none blank: a variable
    always holds something), every line of templates.txt."""
    cells = [row["text"] for row in _rows(folder)]
    for book in sorted(folder.glob("*.xlsx")):
        sheet = load_workbook(book).active
        assert sheet is not None
        values = list(sheet.values)
        assert all(len(row) == len(values[0]) for row in values), book.name
        assert all(str(value or "").strip() for row in values for value in row), book.name
        cells += [str(value) for row in values for value in row]
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


def _without_contact(scenario: Scenario, team_phones: bool) -> Scenario:
    """The scenario with no `notify:` section, and perhaps no team phones either."""
    visits = scenario.visits
    if visits is not None and not team_phones:
        teams = [team.model_copy(update={"phone": None}) for team in visits.teams]
        visits = visits.model_copy(update={"teams": teams})
    return scenario.model_copy(update={"notify": None, "visits": visits})


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("contact", ["shipped", "team", "none"])
@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_text_ends_with_a_number_or_without_its_clause(
    path: Path, contact: str, lang: str, tmp_path: Path
) -> None:
    """As shipped, the scenario's `notify.contact`; without it, the first team with a phone
    for the clinic and the visiting team's for a visit; with no number at all, no clause."""
    shipped = _with_phones(load_scenario(path))
    assert shipped.notify is not None and shipped.notify.contact  # the foundation staff's
    scenario = shipped if contact == "shipped" else _without_contact(shipped, contact == "team")
    plan = fcfs_plan(scenario)
    plan.routes = demo_routes(scenario, per_route=4)
    write_notify(scenario, plan, tmp_path, lang, replanned=False)
    _cells(tmp_path / "notify")  # no blank variable in the consoles' files
    rows = _rows(tmp_path / "notify")
    assert {row["to"].partition(":")[0] for row in rows} == {"family", "household"}
    teams = shipped.visits.teams if shipped.visits else []
    by_team = {t.id: t.phone for t in teams}
    visited_by = {v.household: by_team[r.team] for r in plan.routes for v in r.visits}
    for row in rows:
        who, _, key = row["to"].partition(":")
        if contact == "shipped":
            assert row["text"].endswith(shipped.notify.contact)
        elif contact == "team":
            assert row["text"].endswith(visited_by[key] if who == "household" else teams[0].phone)
        else:
            assert row["text"].endswith("。" if lang == "zh" else "."), row
            assert not any(phone and phone in row["text"] for phone in by_team.values())


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_the_warning_says_which_number_the_texts_give(path: Path) -> None:
    shipped = load_scenario(path)
    assert not [w for w in contact_warnings(shipped, "en") if "call back" in w]
    team = shipped.visits.teams[0] if shipped.visits else None
    assert team is not None and team.phone
    [fallback] = [w for w in contact_warnings(_without_contact(shipped, True), "en")
                  if "call back" in w]  # fmt: skip
    assert f"the phone of team {team.id} ({team.phone})" in fallback
    [none] = [w for w in contact_warnings(_without_contact(shipped, False), "en")
              if "call back" in w]  # fmt: skip
    assert none.startswith("warning: no number to call back")
