"""Half-open spans [start, end) of time, and the slot grid's rounding: one copy of each.

The scheduler's spans are slot numbers (`solver/schedule/grid.py`); the checks of what a
file makes impossible (`plannable.py`) use local moments. Both are pairs of the same type,
so the arithmetic below serves both. Functions that say "sorted and disjoint" expect
spans as `merge` returns them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T", int, dt.datetime)
"""A point in time: a slot number or a moment."""


def merge(spans: Iterable[tuple[T, T]]) -> list[tuple[T, T]]:
    """Sorted, disjoint union of spans (touching spans join)."""
    out: list[tuple[T, T]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def intersect(first: list[tuple[T, T]], second: list[tuple[T, T]]) -> list[tuple[T, T]]:
    """The time in both span lists, sorted and disjoint."""
    both = [(max(a, c), min(b, d)) for a, b in first for c, d in second]
    return merge([(a, b) for a, b in both if a < b])


def minus(spans: list[tuple[T, T]], holes: list[tuple[T, T]]) -> list[tuple[T, T]]:
    """`spans` without the time in `holes` (both sorted and disjoint)."""
    out: list[tuple[T, T]] = []
    for a, b in spans:
        cursor = a
        for lo, hi in holes:
            if lo > cursor:
                out.append((cursor, min(b, lo)))
            cursor = max(cursor, hi)
        if cursor < b:
            out.append((cursor, b))
    return [(a, b) for a, b in out if a < b]


def within(spans: list[tuple[T, T]], point: T) -> bool:
    """Whether `point` lies in one of the half-open spans."""
    return any(a <= point < b for a, b in spans)


def inside(part: tuple[T, T], spans: list[tuple[T, T]]) -> bool:
    """Whether the whole of `part` lies in one of the spans."""
    return any(a <= part[0] and part[1] <= b for a, b in spans)


def slots_up(minutes: int, slot_min: int) -> int:
    """How many slots reach `minutes` or past it: the next slot boundary, in slots."""
    return -(-minutes // slot_min)
