"""The words on the printouts, one table per language, and the date and time formats."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from planner.model.errors import InputError
from planner.model.formats import day_text, duration_text

ZH: dict[str, str] = {
    "html_lang": "zh-CN",
    "grid": "总排班表",
    "rooms": "诊室排班",
    "agendas": "专家日程",
    "slips": "预约单",
    "signin": "签到表",
    "training": "培训安排",
    "summary": "排班总结",
    "route_sheet": "家访路线单",
    "day": "日期",
    "time": "时间",
    "start": "开始",
    "end": "结束",
    "room": "诊室",
    "room_unused": "{room}：本日无预约（空闲）",
    "venue": "地点",
    "patient": "就诊者",
    "family": "家庭",
    "members": "家庭成员",
    "service": "项目",
    "experts": "专家",
    "lecturers": "授课专家",
    "hospital": "医院",
    "arrives": "到达",
    "first": "首个预约",
    "phone": "电话",
    "signed_in": "签到",
    "notes": "备注",
    "topics": "内容",
    "expected": "预计人数",
    "registered": "报名人数",
    "seats": "座位",
    "course": "培训",
    "lunch": "午餐休息",
    "reason": "原因",
    "household": "家庭",
    "village": "村镇",
    "address": "地址",
    "contact": "联系人",
    "window": "可访时间",
    "any_time": "全天",
    "arrive": "预计到达",
    "visit": "家访时间",
    "team": "小组",
    "team_phone": "小组电话",
    "team_members": "组员",
    "distance": "里程",
    "drive": "驾车",
    "depart": "出发",
    "back": "返回",
    "base": "驻地",
    "number": "序号",
    "outcome": "情况（打勾）",
    "visited": "已访",
    "not_home": "不在家",
    "refused": "拒绝",
    "moved": "已搬走",
    "note_line": "备注：",
    "km": "公里",
    "page": "第 {page} 页",
    "nothing": "无",
    "slip_title": "就诊预约单",
    "slip_come": "请于 {time} 前到达登记处",
    "slip_order": "就诊顺序",
    "slip_bring": "请携带",
    "slip_missed": "本次未能安排",
    "slip_none": "很抱歉，本次未能为您安排就诊，请与工作人员联系。",
    "cancelled": "已取消",
    "changes": "变更通知名单",
    "changes_intro": "按变更发生的先后排列：请从上往下逐一电话通知，通知后打勾。",
    "changes_none": "没有需要通知的变更。",
    "who": "通知对象",
    "change": "变更内容（原 → 现）",
    "called": "已通知",
    "expert": "专家",
    "change_moved": "改动",
    "change_cancelled": "取消",
    "change_new": "新增",
    "signin_count": "人数",
    "served": "已安排",
    "unserved": "未能安排",
    "unvisited": "未能家访",
    "needs": "需求",
    "by_service": "按项目",
    "by_severity": "按病情",
    "severity": "病情",
    "severe": "重型",
    "intermediate": "中间型",
    "carrier": "携带者",
    "unknown": "未明",
    "solver": "求解信息",
    "status": "状态",
    "wall_s": "用时（秒）",
    "objective": "目标值",
    "bound": "下界",
    "gap": "差距",
    "seed": "随机种子",
    "time_limit_s": "时间上限（秒）",
    "schedule_status": "排班求解状态",
    "routing_status": "路线求解状态",
    "routing_engine": "路线引擎",
    "routes": "家访路线",
    "visits": "家访",
    "min": "分钟",
    "optimal": "最优",
    "feasible": "可行",
}

EN: dict[str, str] = {
    "html_lang": "en",
    "grid": "Master grid",
    "rooms": "Room sheets",
    "agendas": "Expert agendas",
    "slips": "Appointment slips",
    "signin": "Reception sign-in list",
    "training": "Training programme",
    "summary": "Summary",
    "route_sheet": "Home-visit route sheet",
    "day": "Day",
    "time": "Time",
    "start": "Start",
    "end": "End",
    "room": "Room",
    "room_unused": "{room}: no appointments this day (free)",
    "venue": "Venue",
    "patient": "Patient",
    "family": "Family",
    "members": "Family members",
    "service": "Service",
    "experts": "Experts",
    "lecturers": "Lecturers",
    "hospital": "Hospital",
    "arrives": "Arrives",
    "first": "First appointment",
    "phone": "Phone",
    "signed_in": "Signed in",
    "notes": "Notes",
    "topics": "Topics",
    "expected": "Expected",
    "registered": "Registered",
    "seats": "Seats",
    "course": "Course",
    "lunch": "Lunch break",
    "reason": "Reason",
    "household": "Household",
    "village": "Village",
    "address": "Address",
    "contact": "Contact",
    "window": "Time window",
    "any_time": "any time",
    "arrive": "Arrive",
    "visit": "Visit",
    "team": "Team",
    "team_phone": "Team phone",
    "team_members": "Team members",
    "distance": "Distance",
    "drive": "Driving",
    "depart": "Leave",
    "back": "Back",
    "base": "Base",
    "number": "No.",
    "outcome": "Outcome (tick)",
    "visited": "Visited",
    "not_home": "Not at home",
    "refused": "Refused",
    "moved": "Moved away",
    "note_line": "Notes:",
    "km": "km",
    "page": "Page {page}",
    "nothing": "none",
    "slip_title": "Appointment slip",
    "slip_come": "Please come to the reception desk by {time}",
    "slip_order": "What happens, in order",
    "slip_bring": "Please bring",
    "slip_missed": "Not possible this time",
    "slip_none": "We are sorry: no appointment could be made this time. Please speak to the staff.",
    "cancelled": "Cancelled",
    "changes": "Whom to tell",
    "changes_intro": "Soonest change first: call from the top down and tick each call.",
    "changes_none": "No changes to tell anyone about.",
    "who": "Whom",
    "change": "What changed (was → now)",
    "called": "Called",
    "expert": "Expert",
    "change_moved": "Moved",
    "change_cancelled": "Cancelled",
    "change_new": "New",
    "signin_count": "People",
    "served": "Served",
    "unserved": "Unserved",
    "unvisited": "Households not visited",
    "needs": "Needs",
    "by_service": "By service",
    "by_severity": "By severity",
    "severity": "Severity",
    "severe": "severe",
    "intermediate": "intermediate",
    "carrier": "carrier",
    "unknown": "unknown",
    "solver": "Solver",
    "status": "Status",
    "wall_s": "Wall time (s)",
    "objective": "Objective",
    "bound": "Bound",
    "gap": "Gap",
    "seed": "Seed",
    "time_limit_s": "Time limit (s)",
    "schedule_status": "Schedule status",
    "routing_status": "Routing status",
    "routing_engine": "Routing engine",
    "routes": "Home-visit routes",
    "visits": "Visits",
    "min": "min",
    "optimal": "optimal",
    "feasible": "feasible",
}

LANGUAGES: dict[str, Mapping[str, str]] = {"zh": ZH, "en": EN}


@dataclass(frozen=True)
class Labels:
    """The words and formats of one language; `text.room` or `text["room"]` in templates."""

    lang: str
    words: Mapping[str, str]

    def __getitem__(self, key: str) -> str:
        return self.words[key]

    def __getattr__(self, key: str) -> str:
        if key.startswith("__"):  # copy and pickle probe for these before `words` exists
            raise AttributeError(key)
        try:
            return self.words[key]
        except KeyError:
            raise AttributeError(key) from None

    def pick(self, name: str, name_zh: str | None) -> str:
        """A scenario name in this language: the `_zh` variant in Chinese when there is one."""
        return name_zh if self.lang == "zh" and name_zh else name

    def date(self, day: dt.date) -> str:
        """A day with its weekday, such as '2025年3月15日 周六' or 'Sat 15 Mar 2025'."""
        return day_text(day, self.lang)

    def duration(self, minutes: int) -> str:
        """A length of time, such as '1 h 35 min' or '1小时35分钟'."""
        return duration_text(minutes, self.lang)


def labels_for(lang: str) -> Labels:
    """The words of a language.

    Raises:
        InputError: for a language other than 'zh' or 'en'.
    """
    try:
        return Labels(lang, LANGUAGES[lang])
    except KeyError:
        raise InputError(f"unknown printout language {lang!r} (use 'zh' or 'en')") from None
