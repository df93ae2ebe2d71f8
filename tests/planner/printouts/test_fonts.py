"""The font check: a plan whose printouts need Chinese is refused before the solve when no
installed font has Chinese, instead of printing empty boxes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from planner.printouts.fonts import chinese_font_count, has_chinese, printed_texts
from tests.support.cli import planner
from tests.support.minimal import MINIMAL

LATIN_FONT_DIRS = [
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/truetype/liberation"),
]


@pytest.fixture
def latin_only(tmp_path: Path) -> dict[str, str]:
    """An environment whose fontconfig sees only Latin fonts (or none at all)."""
    dirs = "".join(f"<dir>{d}</dir>" for d in LATIN_FONT_DIRS if d.is_dir())
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        f"<fontconfig>{dirs}<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        "utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(config)}


def solve(
    scenario: Path, out: Path, lang: str, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """`planner solve` in a fresh process: fontconfig reads its configuration once."""
    return planner("solve", str(scenario), "--out", str(out), "--lang", lang,
                   "--time-limit", "2", "--quiet", timeout=120, env=env)  # fmt: skip


def write_scenario(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "stop.yaml"
    path.write_text(text, "utf-8")
    return path


def test_this_machine_has_a_chinese_font() -> None:
    assert chinese_font_count() != 0


def test_latin_only_config_has_no_chinese_font(latin_only: dict[str, str]) -> None:
    code = "from planner.printouts.fonts import chinese_font_count; print(chinese_font_count())"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=latin_only, check=True)  # fmt: skip
    assert run.stdout == "0\n"


def test_english_printouts_skip_chinese_only_fields() -> None:
    data = {"name": "Stop", "name_zh": "站", "patients": [{"bring": ["病历"]}]}
    assert list(printed_texts(data, "en")) == ["Stop", "病历"]
    assert list(printed_texts(data, "zh")) == ["Stop", "站", "病历"]
    assert has_chinese(["Dr A", "昭通"])
    assert not has_chinese(["Dr A", "Zhaotong"])


def test_chinese_printouts_without_font_are_refused_before_solving(
    tmp_path: Path, latin_only: dict[str, str]
) -> None:
    out = tmp_path / "out"
    run = solve(write_scenario(tmp_path, MINIMAL), out, "zh", latin_only)
    assert run.returncode == 2, run.stderr
    assert "no installed font can print Chinese" in run.stderr
    assert "fonts-wqy-microhei" in run.stderr and "fonts-noto-cjk" in run.stderr
    assert "--lang en" in run.stderr  # the data has no Chinese, so English would do
    assert "Traceback" not in run.stderr
    assert not out.exists()


def test_english_printouts_of_latin_data_need_no_chinese_font(
    tmp_path: Path, latin_only: dict[str, str]
) -> None:
    run = solve(write_scenario(tmp_path, MINIMAL), tmp_path / "out", "en", latin_only)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "out" / "plan.json").exists()


def test_chinese_names_need_a_chinese_font_in_english_too(
    tmp_path: Path, latin_only: dict[str, str]
) -> None:
    text = MINIMAL.replace("village: V", "village: 大山村")
    run = solve(write_scenario(tmp_path, text), tmp_path / "out", "en", latin_only)
    assert run.returncode == 2, run.stderr
    assert "the scenario has Chinese names or places" in run.stderr
    assert "--lang en" not in run.stderr
