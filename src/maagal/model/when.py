"""When things happen: dates as editors write them, event times, and Israel's time zone.

Content dates and event times are domain values (the model holds them); the loader parses
front matter into them, and the renderers format them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

# Every date and time in the content is Israel time (summer and winter rules since 2013).
ISRAEL = ZoneInfo("Asia/Jerusalem")


@dataclass(frozen=True)
class ContentDate:
    """A date as the editor wrote it: a whole month (YYYY-MM) or a day (YYYY-MM-DD)."""

    value: dt.date
    precision: Literal["month", "day"]


@dataclass(frozen=True)
class EventTime:
    """When an event starts or ends, in Israel time: a day, or a day and a time."""

    day: dt.date
    time: dt.time | None = None

    @property
    def all_day(self) -> bool:
        return self.time is None


def in_israel(day: dt.date, time: dt.time | None = None) -> dt.datetime:
    """`day` at `time` (midnight when none) in Israel, as a timezone-aware instant."""
    return dt.datetime.combine(day, time or dt.time.min, tzinfo=ISRAEL)
