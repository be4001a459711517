"""Rota times: the solvers and the pages speak wall-clock time in England; the database UTC."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def stored(wall_clock: datetime) -> datetime:
    """A naive wall-clock time in England as the aware UTC datetime the database keeps."""
    return wall_clock.replace(tzinfo=LONDON).astimezone(UTC)


def wall_clock(moment: datetime) -> datetime:
    """An aware datetime (or naive UTC from SQLite) as naive wall-clock time in England."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(LONDON).replace(tzinfo=None)
