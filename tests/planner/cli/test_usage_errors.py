"""Click's usage errors speak the coordinator's language and keep exit code 2."""

from __future__ import annotations

import os
import re

import pytest

from planner.cli.usage import message
from planner.model.words import LOCALE_VARIABLES
from tests.conftest import ROOT
from tests.support.cli import planner

HAN = re.compile("[\u4e00-\u9fff]")
STOP = str(ROOT / "scenarios" / "zhaotong.yaml")


def _locale(value: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in LOCALE_VARIABLES}
    return {**env, "LANG": value, "COLUMNS": "200"}


@pytest.mark.parametrize(
    ("args", "chinese", "english"),
    [
        (["solve", STOP], "缺少选项 '--out'。", "Missing option '--out'."),
        (
            ["solve", STOP, "--out", "out", "--time-limit", "x"],
            "'--time-limit' 的值无效：'x' 不是数字",
            "Invalid value for '--time-limit': 'x' is not a number",
        ),
        (
            ["solve", STOP, "--out", "out", "--engine", "bad"],
            "'--engine' 的值无效：'bad' 不在 auto, ortools, pyvrp",
            "Invalid value for '--engine': 'bad' is not one of auto, ortools, pyvrp",
        ),
        (
            ["solve", STOP, "--out", "out", "--seed", "1.5"],
            "'--seed' 的值无效：'1.5' 不是整数",
            "Invalid value for '--seed': '1.5' is not a whole number",
        ),
        (["solve", "--fooo"], "没有选项：--fooo", "No such option: --fooo"),
        (["solve", STOP, "extra", "--out", "o"], "多余的参数：extra", "extra arguments: extra"),
        (["solv"], "没有命令 'solv'。", "No such command 'solv'. (did you mean 'solve'?)"),
        (["solve", STOP, "--out"], "选项 '--out' 需要一个值。", "Option '--out' needs a value."),
    ],
)
def test_a_usage_error_in_the_locale_and_in_lang_en(
    args: list[str], chinese: str, english: str
) -> None:
    zh = planner(*args, env=_locale("zh_CN.UTF-8"))
    en = planner(args[0], "--lang", "en", *args[1:], env=_locale("zh_CN.UTF-8"))
    assert zh.returncode == en.returncode == 2
    assert chinese in zh.stderr and "Traceback" not in zh.stderr
    assert english in en.stderr and not HAN.search(en.stderr)


def test_a_value_out_of_range_names_the_bound() -> None:
    zh = planner("generate", "--days", "9", env=_locale("zh_CN.UTF-8"))
    en = planner("generate", "--days", "9", env=_locale("en_US.UTF-8"))
    assert zh.returncode == en.returncode == 2
    assert "'--days' 的值无效：9 超过了允许的最大值 5" in zh.stderr
    assert "Invalid value for '--days': 9 is above the most allowed, 5" in en.stderr


def test_the_usage_and_help_lines_are_translated() -> None:
    done = planner("solve", STOP, env=_locale("zh_CN.UTF-8"))
    assert "用法：" in done.stderr and "solve --help' 查看帮助" in done.stderr
    assert "错误" in done.stderr and "Usage" not in done.stderr and "Missing" not in done.stderr


def test_help_and_no_arguments_keep_their_exit_codes() -> None:
    assert planner("solve", "--help", env=_locale("zh_CN.UTF-8")).returncode == 0
    bare = planner(env=_locale("zh_CN.UTF-8"))
    assert bare.returncode == 2 and "命令" in bare.stdout and not bare.stderr.strip()


def test_an_unknown_click_message_is_kept() -> None:
    from typer._click.exceptions import UsageError

    assert message(UsageError("something click says")) == "something click says"
