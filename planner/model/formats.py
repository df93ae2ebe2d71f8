"""Dates and lengths of time as the printouts and the maps write them, in zh or en."""

from __future__ import annotations

import datetime as dt


def day_text(day: dt.date, lang: str) -> str:
    """A day with its weekday, such as '2025年3月15日 周六' or 'Sat 15 Mar 2025'."""
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日 周{'一二三四五六日'[day.weekday()]}"
    return f"{day:%a} {day.day} {day:%b %Y}"


def duration_text(minutes: int, lang: str) -> str:
    """A length of time, such as '1 h 35 min' or '1小时35分钟'."""
    hours, rest = divmod(minutes, 60)
    if lang == "zh":
        return f"{hours}小时{rest}分钟" if hours else f"{rest}分钟"
    return f"{hours} h {rest} min" if hours else f"{rest} min"
