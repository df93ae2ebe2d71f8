"""The stop scheduler: a CP-SAT model of experts, rooms, slots and the training course."""

from solver.schedule.result import ScheduleResult, ScheduleStatus
from solver.schedule.solve import schedule_stop

__all__ = ["ScheduleResult", "ScheduleStatus", "schedule_stop"]
