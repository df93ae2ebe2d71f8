"""Rooms within a pool, after the solve: the fewest room changes for the experts.

The main model only counts a pool's identical rooms. Once times and experts are fixed, a
small CP-SAT model hands out the rooms: each booking gets one room of its pool, a room
holds at most `parallel` bookings at once, and the number of times an expert walks to
another room of the same pool between two appointments in a row is minimised. The lane
greedy (in order of start, the room an expert was last in first) is its hint, and the
answer when the model has no time or finds nothing better.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

from ortools.sat.python import cp_model

from solver.schedule.extract import Booked
from solver.schedule.instance import Pool
from solver.schedule.variables import Variables


def assign_rooms(
    v: Variables, booked: list[Booked], model_s: float, deterministic: bool = False
) -> list[str]:
    """The room of each booking (same order), with as few room changes as found in time.

    `model_s` is the model's time (deterministic time when `deterministic`); 0 keeps the
    greedy rooms.
    """
    pools = {p.id: p for p in v.instance.pools}
    rooms = lanes(pools, booked)
    shared = {i for i, b in enumerate(booked) if len(pools[b.pool].rooms) > 1}
    moves = [
        (i, j) for i, j in in_a_row(booked) if i in shared and booked[i].pool == booked[j].pool
    ]
    if model_s <= 0 or not any(rooms[i] != rooms[j] for i, j in moves):
        return rooms
    model, x = _room_model(pools, booked, rooms, shared, moves)
    solver = cp_model.CpSolver()
    if deterministic:
        solver.parameters.max_deterministic_time = model_s
    else:
        solver.parameters.max_time_in_seconds = model_s
    solver.parameters.num_workers = 1
    solver.parameters.catch_sigint_signal = False
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return rooms
    found = list(rooms)
    for (i, room_id), lit in x.items():
        if solver.value(lit):
            found[i] = room_id
    return found if room_changes(v, booked, found) <= room_changes(v, booked, rooms) else rooms


def _room_model(
    pools: dict[str, Pool],
    booked: list[Booked],
    rooms: list[str],
    shared: set[int],
    moves: list[tuple[int, int]],
) -> tuple[cp_model.CpModel, dict[tuple[int, str], cp_model.IntVar]]:
    """The room model, hinted with the greedy `rooms`, and its (booking, room) literals."""
    model = cp_model.CpModel()
    x: dict[tuple[int, str], cp_model.IntVar] = {}
    for i in sorted(shared):
        pool = pools[booked[i].pool]
        for room in pool.rooms:
            x[(i, room.id)] = model.new_bool_var(f"room[{i},{room.id}]")
            model.add_hint(x[(i, room.id)], rooms[i] == room.id)
        model.add_exactly_one(x[(i, room.id)] for room in pool.rooms)
    for pool in {pools[booked[i].pool].id: pools[booked[i].pool] for i in shared}.values():
        _room_capacity(model, pool, booked, x)
    moved = []
    for i, j in moves:
        move = model.new_bool_var(f"moved[{i},{j}]")
        for room in pools[booked[i].pool].rooms:
            model.add(x[(i, room.id)] <= x[(j, room.id)] + move)
        moved.append(move)
    model.minimize(sum(moved))
    return model, x


def _room_capacity(
    model: cp_model.CpModel,
    pool: Pool,
    booked: list[Booked],
    x: dict[tuple[int, str], cp_model.IntVar],
) -> None:
    """A room holds at most `parallel` of the pool's bookings at once."""
    for room in pool.rooms:
        intervals = [
            model.new_optional_fixed_size_interval_var(
                b.start, b.jv.job.length, x[(i, room.id)], ""
            )
            for i, b in enumerate(booked)
            if (i, room.id) in x
        ]
        if pool.parallel == 1:
            model.add_no_overlap(intervals)
        else:
            model.add_cumulative(intervals, [1] * len(intervals), pool.parallel)


def lanes(pools: dict[str, Pool], booked: list[Booked]) -> list[str]:
    """The greedy rooms: bookings in order of start into the first free lane of their
    pool, the room an expert was last in first. It always succeeds when the pool's count
    never exceeds its lanes (interval graphs need no more colours than their overlap)."""
    lanes_free: dict[str, list[int]] = {}
    last_room: dict[str, str] = {}
    rooms = []
    for b in booked:
        pool = pools[b.pool]
        free_at = lanes_free.setdefault(pool.id, [-1] * pool.capacity)
        free = [i for i, t in enumerate(free_at) if t <= b.start]
        wanted = {last_room.get(e) for e in b.experts}
        lane = next((i for i in free if pool.rooms[i // pool.parallel].id in wanted), free[0])
        free_at[lane] = b.start + b.jv.job.length
        room = pool.rooms[lane // pool.parallel].id
        for expert in b.experts:
            last_room[expert] = room
        rooms.append(room)
    return rooms


def in_a_row(booked: list[Booked]) -> list[tuple[int, int]]:
    """(i, j) for every two bookings an expert has one right after the other."""
    by_expert: dict[str, list[int]] = defaultdict(list)
    for i, b in enumerate(booked):  # `booked` is in order of start
        for expert in b.experts:
            by_expert[expert].append(i)
    return [(a, b) for seq in by_expert.values() for a, b in pairwise(seq)]


def room_changes(v: Variables, booked: list[Booked], rooms: list[str]) -> int:
    """How many times an expert is in another room than for their previous booking."""
    venue = {p.id: p.venue.id for p in v.instance.pools}
    where = [(venue[b.pool], room) for b, room in zip(booked, rooms, strict=True)]
    return sum(where[i] != where[j] for i, j in in_a_row(booked))
