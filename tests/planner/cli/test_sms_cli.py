"""Text messages from the command line: a bad template or phone number stops `validate` with
exit 2 at its line; missing phone numbers and contacts are warned of at `validate` and
`solve`, in the locale's language; `solve` writes `notify/sms.csv`."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from tests.support.cli import planner

TINY = """\
name: tiny clinic
venues:
  - id: hosp
    name: Hospital
    location: {lat: 27.0, lon: 103.0}
    open: [{date: 2025-07-05, start: "07:30", end: "18:00"}]
    rooms: [{id: c1, kind: consult}]
experts:
  - {id: hem-1, name: Dr A, hospital: H, skills: [hematology],
     available: [{date: 2025-07-05, start: "08:00", end: "17:00"}]}
services:
  - {id: consult, name: Consultation, duration_min: 30, needs: [hematology], room_kind: consult}
patients:
  - {id: p1, family: fa, arrives: 2025-07-05T09:00, leaves: 2025-07-05T12:00,
     needs: [consult], phone: "13900000001"}
  - {id: p2, family: fb, arrives: 2025-07-05T09:00, leaves: 2025-07-05T12:00, needs: [consult]}
visits:
  days: [2025-07-06]
  teams:
    - {id: team-a, start: {lat: 27.0, lon: 103.0}, shift: {start: "08:00", end: "18:00"}}
  households:
    - {id: h01, village: Sayu, location: {lat: 27.1, lon: 103.1}, phone: "13900000101"}
notify:
  contact: "0870-2123456"
  templates_zh:
    reminder: "{name}您好：请于{date}，{time}到{place}"
"""


def _env(lang: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    return {**env, "LANG": lang}


def _line(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if fragment in line)


def test_a_template_with_an_unknown_variable_stops_at_its_line(tmp_path: Path) -> None:
    text = TINY.replace("{date}，{time}", "{when}")
    (tmp_path / "s.yaml").write_text(text, "utf-8")
    run = planner("validate", str(tmp_path / "s.yaml"), env=_env("en_US.UTF-8"))
    assert run.returncode == 2
    line = _line(text, "reminder:")
    assert run.stderr == (
        f"s.yaml:{line}: notify.templates_zh.reminder: unknown variable {{when}} "
        "(known: name, date, time, place, contact)\n"
    )


def test_a_phone_number_that_is_not_a_number_stops_at_its_line(tmp_path: Path) -> None:
    text = TINY.replace('phone: "13900000101"', 'phone: "call the village head"')
    (tmp_path / "s.yaml").write_text(text, "utf-8")
    run = planner("validate", str(tmp_path / "s.yaml"), env=_env("en_US.UTF-8"))
    assert run.returncode == 2
    line = _line(text, "call the village head")
    assert run.stderr == (
        f"s.yaml:{line}: visits.households[0].phone: not a phone number: "
        "'call the village head' (digits, perhaps a leading + and dashes)\n"
    )


def test_validate_warns_of_missing_phones_and_contacts(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(TINY, "utf-8")
    run = planner("validate", str(tmp_path / "s.yaml"), env=_env("en_US.UTF-8"))
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines() == [
        "warning: 1 families have no phone number (fb): the call list and the text messages "
        "cannot reach them",
        "warning: 1 experts have no phone number (hem-1): the call list and the text messages "
        "of a re-plan cannot reach them",
        "warning: 1 households have no contact (h01): give the name of the person to ask for",
    ]
    chinese = planner("validate", str(tmp_path / "s.yaml"), env=_env("zh_CN.UTF-8"))
    assert chinese.stderr.splitlines()[0] == (
        "警告：1个家庭没有电话号码（fb）：电话通知单和短信都无法联系到他们"
    )


def test_solve_warns_and_writes_the_texts(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(TINY, "utf-8")
    out = tmp_path / "out"
    # --lang over the locale (without it, the locale's language: English here)
    run = planner("solve", str(tmp_path / "s.yaml"), "--out", str(out), "--time-limit", "3",
                  "--tiles", "none", "--quiet", "--lang", "zh",
                  env=_env("en_US.UTF-8"))  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert "警告：1个家庭没有电话号码（fb）" in run.stderr  # in the language of --lang (zh)
    with (out / "notify" / "sms.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["to"]: row for row in csv.DictReader(handle)}
    assert sorted(rows) == ["family:fa", "household:h01"]  # fb has no phone: no text
    # --lang zh, the scenario's own template, and no name given: "家长" (parent)
    assert rows["family:fa"]["text"].startswith("【公益义诊】家长您好：请于7月5日，")
    assert rows["household:h01"]["text"].endswith("咨询电话0870-2123456")
    assert (out / "notify" / "aliyun-visit-reminder.xlsx").is_file()


def test_a_template_asking_for_a_number_there_is_not_stops_at_its_line(tmp_path: Path) -> None:
    """No notify.contact and no team phone: a {contact} of the scenario's would be empty."""
    text = TINY.replace('  contact: "0870-2123456"\n', "").replace(
        "{time}到{place}", "{time}到{place}。电话{contact}"
    )
    (tmp_path / "s.yaml").write_text(text, "utf-8")
    run = planner("validate", str(tmp_path / "s.yaml"), env=_env("en_US.UTF-8"))
    assert run.returncode == 2
    assert run.stderr == (
        f"s.yaml:{_line(text, 'reminder:')}: notify.templates_zh.reminder: {{contact}} has no "
        "number to give: set notify.contact, or a phone for a visiting team (or leave "
        "{contact} out)\n"
    )
    with_team_phone = text.replace("shift:", 'phone: "13800000001", shift:')
    (tmp_path / "s.yaml").write_text(with_team_phone, "utf-8")
    run = planner("validate", str(tmp_path / "s.yaml"), env=_env("en_US.UTF-8"))
    assert run.returncode == 0, run.stderr
    assert (
        "warning: notify.contact is not set: the text messages give the phone of team team-a "
        "(13800000001) to call back, and those of a home visit their team's"
    ) in run.stderr.splitlines()


def test_no_number_at_all_is_a_warning(tmp_path: Path) -> None:
    """The scenario's template leaves {contact} out, so the file is good; the texts say no
    number, and `validate` says so."""
    (tmp_path / "s.yaml").write_text(TINY.replace('  contact: "0870-2123456"\n', ""), "utf-8")
    run = planner("validate", str(tmp_path / "s.yaml"), env=_env("en_US.UTF-8"))
    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines()[-1] == (
        "warning: no number to call back (notify.contact, or a visiting team's phone): the "
        "text messages give none"
    )
