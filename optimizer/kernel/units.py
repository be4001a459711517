"""Time units of the working-time kernel: every duration and moment is a whole number of minutes."""

from __future__ import annotations

MINUTES_PER_HOUR = 60
HOURS_PER_DAY = 24
DAYS_PER_WEEK = 7
DAY = HOURS_PER_DAY * MINUTES_PER_HOUR
WEEK = DAYS_PER_WEEK * DAY


def minutes(hours: float) -> int:
    """Return `hours` as whole minutes (rounded, so 7.5 h is 450)."""
    return round(hours * MINUTES_PER_HOUR)


def as_hours(minutes_: int) -> float:
    """Return minutes as hours, for words shown to people."""
    return minutes_ / MINUTES_PER_HOUR


def day_of(minute: int) -> int:
    """Return the day (0-based from the origin) that `minute` falls in."""
    return minute // DAY
