"""The one place that reads the wall clock.

Everything else is handed a :class:`Clock` (services, the app, the commands) or a plain ``date``
(domain functions), so that a call block running past midnight, and a test pinned to a day, see
one day everywhere: the queue, the spoken dates, the saved outcome and its follow-up.
"""

from __future__ import annotations

import time as _time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_time


def system_now() -> datetime:
    """The wall clock, timezone-aware in UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Clock:
    """Today and now, in the user's local time zone; timestamps are stored in UTC."""

    read: Callable[[], datetime] = field(default=system_now)

    def now(self) -> datetime:
        """This instant, timezone-aware (UTC)."""
        return self.read()

    def today(self) -> date:
        """The local calendar day of this instant."""
        return self.now().astimezone().date()

    def at(self, day: date) -> datetime:
        """This instant when ``day`` is today, else 9:00 local time that day (back-dated records)."""
        now = self.now()
        if day == now.astimezone().date():
            return now
        return datetime.combine(day, day_time(9)).astimezone().astimezone(UTC)

    @classmethod
    def pinned(cls, day: date, hour: int = 10) -> Clock:
        """A clock whose day is ``day``: it starts at ``hour`` local time and then runs with the real
        seconds (call durations stay true), so what it says is the same on any real date."""
        start = datetime.combine(day, day_time(hour)).astimezone().astimezone(UTC)
        origin = _time.monotonic()
        return cls(lambda: start + timedelta(seconds=_time.monotonic() - origin))


SYSTEM = Clock()
