"""The Working Time Regulations 1998: daily rest, weekly rest and the averaged limits.

Each rule reads its parameter from ``problem.working_time`` and does nothing
when that parameter is None (switched off).
"""

from __future__ import annotations

from optimizer.problem import MINUTES_PER_DAY, ShiftType
from optimizer.variables import RosterModel

REST_PERIOD_DAYS = {"weekly": (7, 1), "fortnightly": (14, 2)}  # period length, rests needed


def add_daily_rest(roster: RosterModel) -> None:
    """At least 11 consecutive hours of rest between the end of one shift and the next."""
    problem = roster.problem
    rest = problem.working_time.daily_rest_minutes
    if rest is None:
        return
    for first, then, gap_days in _too_close_pairs(problem.shifts, rest):
        for person in problem.staff:
            for day in range(problem.days - gap_days):
                earlier = sum(roster.of_shift(person, day, first.id))
                later = sum(roster.of_shift(person, day + gap_days, then.id))
                roster.model.add(earlier + later <= 1)


def _too_close_pairs(shifts, rest: int):
    for first in shifts:
        for then in shifts:
            for gap_days in (1, 2):
                if gap_days * MINUTES_PER_DAY + then.start_minute - first.end_minute < rest:
                    yield first, then, gap_days


def add_weekly_rest(roster: RosterModel) -> None:
    """24 hours' uninterrupted rest in each 7 days (or two of 24, or 48, in each 14)."""
    problem = roster.problem
    mode = problem.working_time.weekly_rest
    if mode is None:
        return
    period, needed = REST_PERIOD_DAYS[mode]
    for person in problem.staff:
        rest_days = [_rest_day(roster, person, day) for day in range(problem.days)]
        for first in range(0, problem.days - period + 1, period):
            roster.model.add(sum(rest_days[first : first + period]) >= needed)


def _rest_day(roster: RosterModel, person, day: int):
    """A day with no shift whose surrounding gap between shifts is at least 24 hours."""
    model, problem = roster.model, roster.problem
    rest = model.new_bool_var(f"rest_day(staff={person.id}, day={day})")
    model.add_implication(rest, roster.works[person.id, day].Not())
    if 0 < day < problem.days - 1:
        for before, after in _short_rest_pairs(problem.shifts):
            earlier = roster.of_shift(person, day - 1, before.id)
            later = roster.of_shift(person, day + 1, after.id)
            model.add(sum(earlier) + sum(later) + rest <= 2)
    return rest


def _short_rest_pairs(shifts: tuple[ShiftType, ...]):
    for before in shifts:
        for after in shifts:
            if 2 * MINUTES_PER_DAY + after.start_minute - before.end_minute < MINUTES_PER_DAY:
                yield before, after


def _reference_windows(problem) -> list[range]:
    length = min(problem.days, problem.working_time.reference_weeks * 7)
    return [range(first, first + length) for first in range(0, problem.days - length + 1, 7)]


def _paid_minutes(roster: RosterModel, person, days: range):
    return sum(
        shift.paid_minutes * var
        for day in days
        for shift in roster.problem.shifts
        for var in roster.of_shift(person, day, shift.id)
    )


def add_weekly_limit(roster: RosterModel) -> None:
    """No more than 48 hours a week on average, unless the person has opted out."""
    limit = roster.problem.working_time.weekly_limit_minutes
    if limit is None:
        return
    for person in roster.problem.staff:
        if person.opted_out_of_weekly_limit:
            continue
        for days in _reference_windows(roster.problem):
            roster.model.add(_paid_minutes(roster, person, days) <= limit * len(days) // 7)


def add_night_limit(roster: RosterModel) -> None:
    """Night workers average no more than 8 hours per 24, weekly rest days excluded."""
    limit = roster.problem.working_time.night_limit_minutes
    if limit is None:
        return
    for person in roster.problem.staff:
        if not person.night_worker:
            continue
        for days in _reference_windows(roster.problem):
            working_days = len(days) - len(days) // 7
            roster.model.add(_paid_minutes(roster, person, days) <= limit * working_days)
