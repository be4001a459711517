"""The working-time kernel: each rule of DOMAIN.md section 5 as a pure check, in minutes.

Both engines build their constraints from `WorkingTime` and check plans with these
functions; an engine's model stays its own code.
"""

from optimizer.kernel.day import DayShape, Piece, day_shape
from optimizer.kernel.excuse import (
    Closed,
    closed,
    closing,
    first_unexcused,
    unexcused,
    unexcused_of,
)
from optimizer.kernel.hours import average_room, week_minutes
from optimizer.kernel.params import WorkingTime
from optimizer.kernel.rules import Breach
from optimizer.kernel.units import DAY, MINUTES_PER_HOUR, WEEK, as_hours, minutes
from optimizer.kernel.worker import ORDER, WorkerRules, breaches, first_breach

__all__ = [
    "DAY",
    "MINUTES_PER_HOUR",
    "ORDER",
    "WEEK",
    "Breach",
    "Closed",
    "DayShape",
    "Piece",
    "WorkerRules",
    "WorkingTime",
    "average_room",
    "breaches",
    "closed",
    "closing",
    "day_shape",
    "first_breach",
    "first_unexcused",
    "as_hours",
    "minutes",
    "unexcused",
    "unexcused_of",
    "week_minutes",
]
