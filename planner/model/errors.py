"""Errors that reach the user as messages, never as tracebacks."""

from __future__ import annotations


class PlannerError(Exception):
    """A problem the user can fix. The CLI prints `messages` and exits with `exit_code`."""

    exit_code = 2

    def __init__(self, messages: list[str] | str) -> None:
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("\n".join(self.messages))


class InputError(PlannerError):
    """Invalid input: a scenario, table, plan or matrix file that cannot be used (exit 2)."""


class OutputError(PlannerError):
    """The output folder cannot be made or written to (exit 2)."""


class NoPlanError(PlannerError):
    """A valid scenario for which no plan exists; the messages diagnose why (exit 1)."""

    exit_code = 1
