"""The day server (`planner serve`): the clinic day live for the desk, the experts, the
waiting-room screen and the coordinator.

Every action is an event row, committed before the answer goes out; the day's state is
derived from the events (`state.day_state`). See docs/day-server.md.
"""
