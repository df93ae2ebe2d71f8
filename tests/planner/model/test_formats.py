"""Dates and durations, written once for the printouts and the maps."""

from __future__ import annotations

import datetime as dt

from maps.labels import labels_for as map_labels
from planner.model.formats import day_text, duration_text
from planner.printouts.labels import labels_for as printout_labels


def test_days_and_durations_in_both_languages() -> None:
    day = dt.date(2025, 3, 15)
    assert (day_text(day, "zh"), day_text(day, "en")) == ("2025年3月15日 周六", "Sat 15 Mar 2025")
    assert [duration_text(m, "en") for m in (45, 60, 95)] == ["45 min", "1 h 0 min", "1 h 35 min"]
    assert [duration_text(m, "zh") for m in (45, 95)] == ["45分钟", "1小时35分钟"]


def test_the_printouts_and_the_maps_write_them_alike() -> None:
    day = dt.date(2025, 7, 6)
    for lang in ("zh", "en"):
        printed, drawn = printout_labels(lang), map_labels(lang)
        assert printed.date(day) == drawn.date(day) == day_text(day, lang)
        assert printed.duration(95) == drawn.duration(95) == duration_text(95, lang)
