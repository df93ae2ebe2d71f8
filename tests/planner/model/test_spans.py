"""Span arithmetic, on slot numbers and on moments alike."""

from __future__ import annotations

import datetime as dt

from planner.model.spans import inside, intersect, merge, minus, slots_up, within


def test_merge_joins_overlapping_and_touching_spans() -> None:
    assert merge([(5, 7), (0, 2), (2, 3), (6, 9)]) == [(0, 3), (5, 9)]
    assert merge([]) == []


def test_intersect_keeps_the_time_in_both() -> None:
    assert intersect([(0, 10), (20, 30)], [(5, 25)]) == [(5, 10), (20, 25)]
    assert intersect([(0, 5)], [(5, 9)]) == []


def test_minus_cuts_the_holes_out() -> None:
    assert minus([(0, 10)], [(2, 3), (5, 7)]) == [(0, 2), (3, 5), (7, 10)]
    assert minus([(0, 10)], [(-5, 4), (8, 20)]) == [(4, 8)]
    assert minus([(0, 10)], [(0, 10)]) == []


def test_within_and_inside_are_half_open() -> None:
    spans = [(0, 10), (20, 30)]
    assert within(spans, 0) and not within(spans, 10)
    assert inside((20, 30), spans) and not inside((5, 25), spans)


def test_moments_work_like_slots() -> None:
    def at(hour: int) -> dt.datetime:
        return dt.datetime(2025, 7, 5, hour)

    assert merge([(at(9), at(11)), (at(8), at(9))]) == [(at(8), at(11))]
    assert intersect([(at(8), at(12))], [(at(11), at(13))]) == [(at(11), at(12))]


def test_slots_up_rounds_up_to_a_whole_slot() -> None:
    assert [slots_up(m, 10) for m in (0, 1, 10, 11, 1440)] == [0, 1, 1, 2, 144]
    assert slots_up(1440, 7) == 206
