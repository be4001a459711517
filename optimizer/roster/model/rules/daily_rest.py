"""Daily rest (Working Time Regulations 1998, reg. 10): 11 consecutive hours in each 24.

Kept as a gap of at least the kernel's ``daily_rest`` between any two pieces of
work in a row, shifts and fixed work alike (checked by ``working_time.short_rests``).
"""

from __future__ import annotations

from optimizer.roster.model.rules.fixed_work import forbid_near_fixed_work
from optimizer.roster.model.rules.timeline import gap, shift_piece
from optimizer.roster.model.variables import RosterModel
from optimizer.roster.problem import MINUTES_PER_DAY


def too_close_pairs(shifts, minimum: int):
    """(first, then, days apart) of shift types closer than ``minimum`` minutes."""
    longest = max(shift.end_minute for shift in shifts)
    for days_apart in range(1, (longest + minimum) // MINUTES_PER_DAY + 2):
        for first in shifts:
            for then in shifts:
                if gap(shift_piece(first, 0), shift_piece(then, days_apart)) < minimum:
                    yield first, then, days_apart


def add_daily_rest(roster: RosterModel) -> None:
    """At least 11 consecutive hours of rest between one piece of work and the next."""
    problem = roster.problem
    if problem.working_time.daily_rest_minutes is None:
        return
    rest = problem.working_time.params.daily_rest
    for first, then, apart in too_close_pairs(problem.shifts, rest):
        for person in problem.staff:
            for day in range(problem.days - apart):
                earlier = sum(roster.of_shift(person, day, first.id))
                later = sum(roster.of_shift(person, day + apart, then.id))
                roster.model.add(earlier + later <= 1)
    for person in problem.staff:
        forbid_near_fixed_work(roster, person, rest)
