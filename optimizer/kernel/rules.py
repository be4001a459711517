"""Each working-time rule as a pure check over a worker's days (minutes; see `params`).

A rule returns the breaches it finds as `Breach(rule, detail)`; the detail carries the
numbers so explanations can word them without hard-coding any parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

from optimizer.kernel.day import DayShape
from optimizer.kernel.params import WorkingTime
from optimizer.kernel.units import DAY


@dataclass(frozen=True)
class Breach:
    """A broken rule: its key, and the figures that show it (minutes unless named)."""

    rule: str
    detail: dict


def day_span(day: DayShape, wt: WorkingTime) -> list[Breach]:
    """Daily limit: first start to last end (travel included) within `max_day_span`."""
    span = day.last - day.first
    return [Breach("day_span", {"span": span, "at": day.first})] if span > wt.max_day_span else []


def rest_break(day: DayShape, wt: WorkingTime) -> list[Breach]:
    """Reg 12: a 20-minute break within any stretch of work longer than 6 hours."""
    if day.longest_stretch > wt.break_after:
        return [Breach("break", {"stretch": day.longest_stretch, "at": day.first})]
    return []


def daily_rest(days: list[DayShape], wt: WorkingTime) -> list[Breach]:
    """Reg 10: 11 consecutive hours' rest between one working day and the next."""
    return [
        Breach("daily_rest", {"rest": b.first - a.last, "at": b.first})
        for a, b in zip(days, days[1:], strict=False)
        if b.first - a.last < wt.daily_rest
    ]


def periods(first: int, end: int, wt: WorkingTime, origin_weekday: int, length_days: int):
    """Yield (start, end) of the reference periods overlapping [first, end), anchored on a weekday.

    Args:
        first: first minute of the horizon (0) or earlier.
        end: minute the horizon ends.
        wt: the parameters (`rest_anchor` is the weekday periods start on).
        origin_weekday: weekday of minute 0 (0 = Monday).
        length_days: days in one period.
    """
    anchor = -((origin_weekday - wt.rest_anchor) % 7) * DAY
    length = length_days * DAY
    start = anchor + ((first - anchor) // length) * length
    while start < end:
        yield start, start + length
        start += length


def _gaps(busy: list[tuple[int, int]], start: int, end: int) -> list[int]:
    """Return the lengths of the rests inside [start, end) between busy intervals."""
    gaps, cursor = [], start
    for a, b in sorted(busy):
        if b <= start or a >= end:
            continue
        gaps.append(max(0, a - cursor))
        cursor = max(cursor, b)
    gaps.append(max(0, end - cursor))
    return gaps


def weekly_rest(days: list[DayShape], wt: WorkingTime, horizon, weekday: int, near=None):
    """Reg 11: 24 h per 7-day period, or two 24 h rests or one 48 h in each 14-day period.

    Periods start at 00:00 on `wt.rest_anchor`; time outside the horizon with no known work
    counts as rest (the plan cannot show work there), so only known work can breach.
    `near` (first, last minute) limits the check to the periods a changed day touches.
    """
    need, busy, breaches = wt.weekly_rest_needed, [(d.first, d.last) for d in days], []
    for start, end in periods(horizon[0], horizon[1], wt, weekday, wt.weekly_rest_days):
        if near is not None and (end <= near[0] or start >= near[1]):
            continue
        gaps = sorted(_gaps(busy, start, end), reverse=True)
        if wt.weekly_rest_days == 7:
            ok = gaps[0] >= need
        else:
            ok = gaps[0] >= 2 * need or (len(gaps) > 1 and gaps[1] >= need)
        if not ok:
            detail = {"period": start, "length": end - start, "longest": gaps[0]}
            breaches.append(Breach("weekly_rest", detail))
    return breaches
