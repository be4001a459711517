"""Weekly rest (Working Time Regulations 1998, reg. 11).

An uninterrupted rest of 24 hours in each 7-day period, or (``fortnightly``)
two of 24 hours or one of 48 in each 14-day period; periods start on Monday
00:00. With reg. 11(7) applied, each rest must also hold the 11 hours of daily
rest. The rest must lie inside the period. Time outside the horizon is free
unless fixed work fills it: what the person does then is not this roster's.
The numbers are the kernel's (``WorkingTimeRules.params``); the check is the
kernel's ``rules.weekly_rest`` (see ``working_time.lacking_rest``).
"""

from __future__ import annotations

from optimizer.roster.model.rules.timeline import fixed_pieces, overlap, shift_piece
from optimizer.roster.model.variables import RosterModel
from optimizer.roster.problem import MINUTES_PER_DAY, Problem


def rest_periods(problem: Problem) -> list[tuple[int, int]]:
    """[start, end) minutes of each rest period touching the horizon, from the kernel's anchor."""
    wt = problem.working_time.params
    length = wt.weekly_rest_days * MINUTES_PER_DAY
    first = -((problem.start.weekday() - wt.rest_anchor) % 7) * MINUTES_PER_DAY
    return [(s, s + length) for s in range(first, problem.days * MINUTES_PER_DAY, length)]


def rest_minutes(problem: Problem) -> tuple[int, int]:
    """(minutes of one weekly rest, rests needed per period): two in a 14-day period."""
    wt = problem.working_time.params
    return wt.weekly_rest_needed, 1 if wt.weekly_rest_days == 7 else 2


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
