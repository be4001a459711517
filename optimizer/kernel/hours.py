"""The hours rules: the 48-hour average, night workers' 8-hour average, each contract's cap.

Hours carried in: `carried` is the minutes worked, for every employer, in the reference
period's weeks before the horizon's first week, spread evenly over them; when it is not
known (None) those weeks are taken to be at the limit, so the horizon alone must keep the
average week by week.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from optimizer.kernel.day import DayShape
from optimizer.kernel.params import WorkingTime
from optimizer.kernel.rules import Breach
from optimizer.kernel.units import DAY, WEEK


def _weeks_touched(weekday: int, wt: WorkingTime, horizon_days: int) -> tuple[int, int]:
    """Return (minutes from the first week's start to the origin, weeks the horizon touches)."""
    shift = ((weekday - wt.rest_anchor) % 7) * DAY
    return shift, max(1, -(-(shift + horizon_days * DAY) // WEEK))


def week_minutes(days: Iterable[DayShape], weekday: int, wt: WorkingTime, horizon_days: int):
    """Return working minutes per reference week touched by the horizon (Monday-anchored)."""
    shift, count = _weeks_touched(weekday, wt, horizon_days)
    weeks = [0] * count
    for day in days:
        index = min(count - 1, max(0, (day.first + shift) // WEEK))
        weeks[index] += day.worked
    return weeks


def average_windows(weeks: list[int], wt: WorkingTime, carried: int | None):
    """Yield (week index, minutes in the reference period ending that week, its limit)."""
    before = wt.reference_weeks - 1
    per_week = wt.weekly_limit if carried is None else carried / max(1, before)
    limit = wt.weekly_limit * wt.reference_weeks
    for k in range(len(weeks)):
        inside = weeks[max(0, k + 1 - wt.reference_weeks) : k + 1]
        earlier = max(0, wt.reference_weeks - (k + 1))
        yield k, sum(inside) + per_week * earlier, limit


def reference_period(week: int, weekday: int, wt: WorkingTime, horizon_days: int):
    """Return the minutes [start, end) whose work counts in the average ending at `week`.

    Work before the horizon's first week counts in week 0 and after its last in the last
    week (as `week_minutes` counts it), so those ends are open.
    """
    shift, count = _weeks_touched(weekday, wt, horizon_days)
    first = week + 1 - wt.reference_weeks
    start = -math.inf if first <= 0 else first * WEEK - shift
    end = math.inf if week >= count - 1 else (week + 1) * WEEK - shift
    return start, end


def weekly_average(weeks: list[int], wt: WorkingTime, carried: int | None) -> list[Breach]:
    """Reg 4: at most `weekly_limit` a week averaged over `reference_weeks` (all employers)."""
    return [
        Breach("weekly_limit", {"week": k, "minutes": round(total), "limit": limit})
        for k, total, limit in average_windows(weeks, wt, carried)
        if total > limit + 1e-9
    ]


def average_room(weeks: list[int], wt: WorkingTime, carried: int | None, week: int) -> int:
    """Return minutes that may still be added in `week` without breaking the average."""
    room = [limit - total for k, total, limit in average_windows(weeks, wt, carried) if k >= week]
    return int(min(room)) if room else 0


def night_minutes(day: DayShape, wt: WorkingTime) -> int:
    """Return the day's working minutes that fall in night time."""
    start, end = wt.night_window
    total = 0
    for piece in day.pieces:
        base = (piece.start // DAY - 1) * DAY
        for offset in (0, DAY, 2 * DAY):
            a, b = base + offset + start, base + offset + end
            total += max(0, min(b, piece.end) - max(a, piece.start))
    return total


def is_night_worker(days: list[DayShape], wt: WorkingTime, flagged: bool = False) -> bool:
    """Return whether the worker is a night worker: flagged, or most days hold 3 h at night."""
    nights = sum(1 for d in days if night_minutes(d, wt) >= wt.night_worker_minutes)
    return flagged or (bool(days) and 2 * nights > len(days))


def night_average(days: list[DayShape], wt: WorkingTime, horizon_days: int, flagged=False):
    """Reg 6: a night worker averages at most 8 hours per 24, weekly rest days left out."""
    if not is_night_worker(days, wt, flagged):
        return []
    worked = sum(d.worked for d in days)
    judged = max(7, horizon_days)  # a short horizon is judged as a week of its reference period
    periods = judged - judged // 7
    limit = wt.night_average * periods
    return [Breach("night_limit", {"minutes": worked, "limit": limit})] if worked > limit else []


def contract_hours(days: Iterable[DayShape], caps: dict[str, int]) -> list[Breach]:
    """Each contract's cap (minutes over the horizon) bounds that employer's minutes only."""
    total: Counter = Counter()
    for day in days:
        total.update(day.minutes)
    return [
        Breach("contract_hours", {"employer": e, "minutes": total[e], "limit": cap})
        for e, cap in caps.items()
        if total[e] > cap
    ]
