"""The day's clock: the real time, or (`--clock`) a given start that then runs on."""

from __future__ import annotations

import datetime as dt
import time
import zoneinfo


class Clock:
    """Now, in the scenario's time zone."""

    def __init__(self, tz: zoneinfo.ZoneInfo, start: dt.datetime | None = None) -> None:
        self.tz = tz
        self.start = None if start is None else _aware(start, tz)
        self._since = time.monotonic()

    def now(self) -> dt.datetime:
        """The day's time now, to the second."""
        if self.start is None:
            moment = dt.datetime.now(self.tz)
        else:
            moment = self.start + dt.timedelta(seconds=time.monotonic() - self._since)
        return moment.replace(microsecond=0)


def _aware(moment: dt.datetime, tz: zoneinfo.ZoneInfo) -> dt.datetime:
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment.astimezone(tz)
