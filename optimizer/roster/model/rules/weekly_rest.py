"""Weekly rest (Working Time Regulations 1998, reg. 11).

An uninterrupted rest of 24 hours in each 7-day period, or (``fortnightly``)
two of 24 hours or one of 48 in each 14-day period; periods start on Monday
00:00. With reg. 11(7) applied, each rest must also hold the 11 hours of daily
rest. The rest must lie inside the period. Time outside the horizon is free
unless fixed work fills it: what the person does then is not this roster's.
"""

from __future__ import annotations

from optimizer.roster.model.rules.timeline import Piece, fixed_pieces, overlap, shift_piece
from optimizer.roster.model.variables import RosterModel
from optimizer.roster.problem import MINUTES_PER_DAY, Problem

PERIOD_DAYS = {"weekly": (7, 1), "fortnightly": (14, 2)}  # period length, rests needed


def rest_periods(problem: Problem) -> list[tuple[int, int]]:
    """[start, end) minutes of each rest period touching the horizon, from a Monday."""
    length = PERIOD_DAYS[problem.working_time.weekly_rest][0] * MINUTES_PER_DAY
    first = -problem.start.weekday() * MINUTES_PER_DAY
    return [(s, s + length) for s in range(first, problem.days * MINUTES_PER_DAY, length)]


def rest_minutes(problem: Problem) -> tuple[int, int]:
    """(minutes of one weekly rest, rests needed per period)."""
    rules = problem.working_time
    minutes = rules.weekly_rest_minutes
    if rules.weekly_rest_apart_from_daily and rules.daily_rest_minutes is not None:
        minutes += rules.daily_rest_minutes
    return minutes, PERIOD_DAYS[rules.weekly_rest][1]


def free_spans(pieces: list[Piece], start: int, end: int) -> list[int]:
    """Lengths of the stretches of [start, end) with no work."""
    spans, free_from = [], start
    for piece in sorted(pieces):
        if piece.end <= start or piece.start >= end:
            continue
        spans.append(max(0, piece.start - free_from))
        free_from = max(free_from, piece.end)
    return [span for span in spans + [max(0, end - free_from)] if span > 0]


def rested(pieces: list[Piece], period: tuple[int, int], minutes: int, needed: int) -> bool:
    """Whether the period holds ``needed`` rests of ``minutes`` (or one as long as all)."""
    spans = free_spans(pieces, *period)
    return any(span >= needed * minutes for span in spans) or (
        sum(1 for span in spans if span >= minutes) >= needed
    )


def lacking(problem: Problem, pieces: list[Piece]) -> list[tuple[int, int]]:
    """The periods holding a shift of this roster but not the weekly rest."""
    minutes, needed = rest_minutes(problem)
    return [
        period
        for period in rest_periods(problem)
        if any(p.shift is not None and overlap(p, *period) for p in pieces)
        and not rested(pieces, period, minutes, needed)
    ]


def _candidates(ends: list[int], person, period, minutes: int, needed: int) -> list[int]:
    """Where a rest inside the period may start: its start or the end of a piece of work."""
    start, end = period
    ends = ends + [piece.end for piece in fixed_pieces(person)]
    starts = sorted({start, *(t for t in ends if start < t)})
    if needed == 2:  # one long rest holds two in a row
        starts = sorted({*starts, *(t + minutes for t in starts)})
    return [t for t in starts if t + minutes <= end]


def _shift_vars(roster: RosterModel, person, start: int, end: int) -> list:
    """Shift variables of the person whose shift overlaps [start, end)."""
    first = max(0, start // MINUTES_PER_DAY - 2)
    last = min(roster.problem.days, end // MINUTES_PER_DAY + 1)
    return [
        var
        for day in range(first, last)
        for shift in roster.problem.shifts
        if overlap(shift_piece(shift, day), start, end)
        for var in roster.of_shift(person, day, shift.id)
    ]


def _add_period(roster: RosterModel, person, period, ends, minutes: int, needed: int) -> None:
    model, fixed = roster.model, fixed_pieces(person)
    rests, starts = [], []
    for t in _candidates(ends, person, period, minutes, needed):
        if any(overlap(piece, t, t + minutes) for piece in fixed):
            continue
        busy = _shift_vars(roster, person, t, t + minutes)
        if not busy and needed == 1:
            return  # nothing can take this rest away
        rest = model.new_bool_var(f"weekly_rest(staff={person.id}, from_minute={t})")
        model.add(sum(busy) == 0).only_enforce_if(rest)
        rests.append(rest)
        starts.append(t)
    for t in starts:  # two rests must not overlap
        together = [r for s, r in zip(starts, rests, strict=True) if t <= s < t + minutes]
        if needed > 1 and len(together) > 1:
            model.add(sum(together) <= 1)
    # With no shift in the period any shortfall is the fixed work's, not the roster's.
    idle = model.new_bool_var(f"no_shifts(staff={person.id}, from_minute={period[0]})")
    model.add(sum(_shift_vars(roster, person, *period)) == 0).only_enforce_if(idle)
    model.add(sum(rests) + needed * idle >= needed)


def add_weekly_rest(roster: RosterModel) -> None:
    """24 hours' uninterrupted rest in each 7 days (or two of 24, or 48, in each 14)."""
    problem = roster.problem
    if problem.working_time.weekly_rest is None:
        return
    minutes, needed = rest_minutes(problem)
    ends = sorted({shift_piece(s, d).end for d in range(problem.days) for s in problem.shifts})
    for person in problem.staff:
        for period in rest_periods(problem):
            _add_period(roster, person, period, ends, minutes, needed)
