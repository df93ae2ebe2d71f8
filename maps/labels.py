"""The words on the maps, in Chinese and English."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner.model.errors import InputError
from planner.model.formats import day_text, duration_text


@dataclass(frozen=True)
class Labels:
    """Every label a map shows, in one language."""

    lang: str
    html_lang: str
    team: str
    day: str
    distance: str
    drive: str
    stops: str
    base: str
    base_start_end: str
    base_end: str
    depart: str
    back: str
    village: str
    address: str
    contact: str
    call: str
    window: str
    any_time: str
    arrive: str
    visit: str
    minutes: str
    navigate: str
    amap: str
    geo: str
    straight_lines: str
    overview: str
    km: str
    statuses: tuple[tuple[str, str], ...]
    """(status, label) in the order the popup offers them; `planner.model.statuses`."""
    not_yet: str
    marked: str
    note: str
    export_status: str
    copy_status: str
    copied: str

    def duration(self, minutes: int) -> str:
        """A driving or visit time, such as '1 h 35 min' or '1小时35分钟'."""
        return duration_text(minutes, self.lang)

    def date(self, day: dt.date) -> str:
        """A day with its weekday, such as 'Sun 6 Jul 2025' or '2025年7月6日 周日'."""
        return day_text(day, self.lang)


ZH = Labels(
    lang="zh",
    html_lang="zh-CN",
    team="小组",
    day="日期",
    distance="里程",
    drive="驾车",
    stops="家访",
    base="驻地",
    base_start_end="出发和返回",
    base_end="终点",
    depart="出发",
    back="返回",
    village="村镇",
    address="地址",
    contact="联系人",
    call="拨打",
    window="可访时间",
    any_time="全天",
    arrive="预计到达",
    visit="家访",
    minutes="分钟",
    navigate="导航",
    amap="高德地图",
    geo="手机地图",
    straight_lines="各站之间为直线，不是实际道路",
    overview="家访总览",
    km="公里",
    statuses=(
        ("visited", "已访"),
        ("not_home", "不在家"),
        ("refused", "拒绝"),
        ("moved", "已搬走"),
    ),
    not_yet="未访",
    marked="已标记",
    note="备注",
    export_status="导出状态 (CSV)",
    copy_status="复制文字",
    copied="已复制，可粘贴到聊天",
)

EN = Labels(
    lang="en",
    html_lang="en",
    team="Team",
    day="Day",
    distance="Distance",
    drive="Driving",
    stops="Visits",
    base="Base",
    base_start_end="start and end",
    base_end="End",
    depart="Leave",
    back="Back",
    village="Village",
    address="Address",
    contact="Contact",
    call="Call",
    window="Time window",
    any_time="any time",
    arrive="Arrive",
    visit="Visit",
    minutes="min",
    navigate="Navigate",
    amap="Amap",
    geo="Phone map",
    straight_lines="Straight lines between stops, not roads",
    overview="Home visits: overview",
    km="km",
    statuses=(
        ("visited", "Visited"),
        ("not_home", "Not at home"),
        ("refused", "Refused"),
        ("moved", "Moved away"),
    ),
    not_yet="Not yet",
    marked="Marked",
    note="Note",
    export_status="Export statuses (CSV)",
    copy_status="Copy as text",
    copied="Copied: paste it into a chat",
)

LANGUAGES = {"zh": ZH, "en": EN}


def labels_for(lang: str) -> Labels:
    """The labels of a language.

    Raises:
        InputError: for a language other than 'zh' or 'en'.
    """
    try:
        return LANGUAGES[lang]
    except KeyError:
        raise InputError(f"unknown map language {lang!r} (use 'zh' or 'en')") from None
