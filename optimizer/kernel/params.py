"""The parameters of the working-time rules, as data, in minutes.

Sources: Working Time Regulations 1998 (GB), as summarised in DOMAIN.md section 5.
"""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.kernel.units import DAY, minutes


@dataclass(frozen=True)
class WorkingTime:
    """Every working-time parameter both engines use; defaults are the regulations'."""

    daily_rest: int = minutes(11)  # reg 10: 11 consecutive hours in each 24
    max_day_span: int = minutes(13)  # first start to last end: what daily rest leaves of 24 h
    weekly_rest: int = minutes(24)  # reg 11(1): 24 h uninterrupted in each 7 days
    weekly_rest_days: int = 7  # reference period: 7, or 14 for reg 11(2)'s 2 x 24 h or 48 h
    weekly_rest_excludes_daily: bool = False  # reg 11(7): weekly rest on top of daily rest
    rest_anchor: int = 0  # weekday the reference periods start on at 00:00 (0 = Monday)
    weekly_limit: int = minutes(48)  # reg 4(1): average per 7 days, unless opted out
    reference_weeks: int = 17  # reg 4(3)(b); 26 for special cases (reg 21)
    night_start: int = minutes(23)  # reg 2: night time 23:00 to 06:00 unless agreed
    night_end: int = minutes(6)
    night_worker_minutes: int = minutes(3)  # a night worker works 3 h of their day at night
    night_average: int = minutes(8)  # reg 6(1): average per 24 h for night workers
    break_after: int = minutes(6)  # reg 12: a working day over 6 h needs a break
    break_length: int = 20  # minutes, uninterrupted

    @property
    def weekly_rest_needed(self) -> int:
        """Return the minutes one weekly rest must last (with daily rest on top under 11(7))."""
        return self.weekly_rest + (self.daily_rest if self.weekly_rest_excludes_daily else 0)

    @property
    def night_window(self) -> tuple[int, int]:
        """Return night time as (start, end) minutes of a day, the end on the next day."""
        end = self.night_end + (DAY if self.night_end <= self.night_start else 0)
        return self.night_start, end
