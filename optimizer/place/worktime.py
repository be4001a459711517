"""The place engine's bridge to the working-time kernel: its rules, workers and pieces of work.

The engine (state, repair, explanations) and the validator both build the kernel's inputs
here, from plain values, so both check exactly the same rules.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import asdict
from datetime import date, datetime

from optimizer.kernel import DAY, Piece, WorkerRules, WorkingTime, closed, day_shape, minutes
from optimizer.place.problem import Rules

_DEFAULTS = asdict(Rules())  # a JSON document may leave any rule out: the kernel's default


def working_time(rules) -> WorkingTime:
    """Return the kernel's parameters from the problem's rules (a `Rules` or its JSON object)."""
    r = _DEFAULTS | (rules if isinstance(rules, dict) else asdict(rules))
    return WorkingTime(
        daily_rest=minutes(r["daily_rest_hours"]),
        max_day_span=minutes(r["max_day_span_hours"]),
        weekly_rest=minutes(r["weekly_rest_hours"]),
        weekly_rest_days=int(r["weekly_rest_period_days"]),
        weekly_rest_excludes_daily=bool(r["weekly_rest_excludes_daily"]),
        weekly_limit=minutes(r["weekly_max_hours"]),
        reference_weeks=int(r["reference_weeks"]),
        night_average=minutes(r["night_average_hours"]),
        break_after=minutes(r["break_after_hours"]),
        break_length=int(r["break_minutes"]),
    )


def horizon_weeks(days: int) -> int:
    """Return the started weeks of a horizon: each contract's weekly cap scales by it."""
    return max(1, math.ceil(days / 7))


def worker_rules(wt: WorkingTime, days: int, start: date, staff) -> WorkerRules:
    """Return the kernel's view of a worker (a `StaffMember` or its JSON object)."""
    get = staff.get if isinstance(staff, dict) else lambda k, d=None: getattr(staff, k, d)
    contracts = get("contracts", ())
    caps: dict[str, int] = {}
    for c in contracts:
        employer = c["employer"] if isinstance(c, dict) else c.employer
        most = c["hours_per_week_max"] if isinstance(c, dict) else c.hours_per_week_max
        caps[employer] = caps.get(employer, 0) + minutes(most) * horizon_weeks(days)
    return WorkerRules(
        wt=wt,
        horizon_days=days,
        weekday=start.weekday(),
        caps=caps,
        opted_out=bool(get("wtr_opt_out", False)),
        carried=get("carried_in_minutes", None),
        night_worker=bool(get("night_worker", False)),
    )


def shift_piece(wt: WorkingTime, start: int, end: int, locality: str | None, employer: str):
    """Return a shift at a fixed workplace (a rostered break inside when over 6 hours)."""
    return Piece(start, end, locality, employer, break_inside=end - start > wt.break_after)


def visit_piece(start: int, end: int, locality: str, employer: str) -> Piece:
    """Return a home visit: travel from home, between visits and home again is work."""
    return Piece(start, end, locality, employer, mobile=True)


def fixed_piece(wt: WorkingTime, start: int, end: int, locality: str, employer: str) -> Piece:
    """Return fixed work (busy time that is already decided)."""
    long = end - start > wt.break_after
    return Piece(start, end, locality, employer, break_inside=long, fixed=True)


def fixed_pieces(wt: WorkingTime, origin: datetime, staff) -> list[Piece]:
    """Return a worker's fixed work as pieces (from a `StaffMember` or its JSON object)."""
    pieces = []
    raw = staff.get("fixed_work", []) if isinstance(staff, dict) else staff.fixed_work
    for f in raw:
        if isinstance(f, dict):
            start, end = datetime.fromisoformat(f["start"]), datetime.fromisoformat(f["end"])
            locality, employer = f["locality"], f["employer"]
        else:
            start, end, locality, employer = f.start, f.end, f.locality, f.employer
        a = int((start - origin).total_seconds() // 60)
        b = int((end - origin).total_seconds() // 60)
        pieces.append(fixed_piece(wt, a, b, locality, employer))
    return pieces


def closed_days(problem, staff, pieces: list[Piece]) -> frozenset[int]:
    """Return the horizon days a worker's fixed work alone puts in breach: closed to new work.

    A contract's hours close only that employer's work, not a day (its cap is kept apart).
    """
    if not pieces:
        return frozenset()
    wt, by_day = working_time(problem.rules), defaultdict(list)
    for p in pieces:
        by_day[p.start // DAY].append(p)
    home, trip = staff.home_locality, problem.travel_minutes
    shapes = [day_shape(by_day[d], home, trip, wt.break_length) for d in sorted(by_day)]
    if None in shapes:
        return frozenset()  # fixed work that clashes: all of it is busy already
    shut = closed(shapes, worker_rules(wt, problem.days, problem.start, staff))
    return frozenset(
        d
        for c in shut
        if c.employer is None
        for d in range(problem.days)
        if c.start < (d + 1) * DAY and d * DAY < c.end
    )
