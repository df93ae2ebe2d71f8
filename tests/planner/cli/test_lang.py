"""The command line speaks the coordinator's language: `--lang`, else the locale."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from planner.cli.spoken import lang_in
from planner.model.words import LOCALE_VARIABLES
from tests.conftest import ROOT
from tests.support.cli import planner

HAN = re.compile("[\u4e00-\u9fff]")
PLACE = re.compile(r"^(\S+?:\d+):")


def _locale(value: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in LOCALE_VARIABLES}
    return {**env, "LANG": value, "COLUMNS": "200"}


def _bad_scenario(tmp_path: Path) -> Path:
    text = (ROOT / "scenarios" / "zhaotong.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "stop.yaml"
    bad.write_text(text.replace("slot_min:", "slot_minn:", 1), encoding="utf-8")
    return bad


def test_validate_speaks_the_locale_at_the_same_place(tmp_path: Path) -> None:
    bad = _bad_scenario(tmp_path)
    english = planner("validate", str(bad), env=_locale("en_US.UTF-8"))
    chinese = planner("validate", str(bad), env=_locale("zh_CN.UTF-8"))
    assert english.returncode == chinese.returncode == 2
    assert "unknown key 'slot_minn'" in english.stderr and not HAN.search(english.stderr)
    assert "未知的键 'slot_minn'" in chinese.stderr
    places = [PLACE.match(line) for line in (english.stderr, chinese.stderr)]
    assert places[0] and places[1] and places[0].group(1) == places[1].group(1)
    assert places[0].group(1).startswith("stop.yaml:")
    assert "Traceback" not in chinese.stderr


def test_a_missing_file_in_chinese() -> None:
    done = planner("validate", "no-such.yaml", env=_locale("zh_CN.UTF-8"))
    assert done.returncode == 2
    assert done.stderr.strip() == "no-such.yaml：找不到文件"


def test_help_follows_lang_over_the_locale() -> None:
    chinese = planner("solve", "--help", "--lang", "zh", env=_locale("en_US.UTF-8"))
    english = planner("solve", "--help", "--lang=en", env=_locale("zh_CN.UTF-8"))
    assert "安排一站" in chinese.stdout and "随机种子" in chinese.stdout
    assert "显示此帮助并退出" in chinese.stdout
    assert "Plan a stop" in english.stdout and not HAN.search(english.stdout)


def test_help_of_the_commands_in_the_locale() -> None:
    done = planner("--help", env=_locale("zh_CN.UTF-8"))
    assert "为巡回地贫义诊安排各站" in done.stdout and "命令" in done.stdout


@pytest.mark.parametrize(
    ("args", "lang"),
    [
        (["solve", "--lang", "zh"], "zh"),
        (["solve", "--lang=en"], "en"),
        (["solve", "--lang", "fr"], None),
        (["solve", "--lang"], None),
        (["solve"], None),
    ],
)
def test_lang_in_the_arguments(args: list[str], lang: str | None) -> None:
    assert lang_in(args) == lang
