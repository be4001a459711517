"""Year-long rostering problems built from a short benchmark instance.

The published 364-day Curtois instances are held back for independent checks,
so the long-horizon tests and bench build their own: a short instance's weeks
repeated over the horizon (cover, days off, requests) and its staff copied
``copies`` times with cover scaled to match. Contract totals, shift-type
maximums and weekends scale with the horizon.
"""

from __future__ import annotations

import dataclasses

from optimizer.roster.problem import Problem, ShiftRequest, StaffMember


def _repeat_days(days, short: int, long: int) -> list[int]:
    return [day + start for start in range(0, long, short) for day in days if day + start < long]


def _requests(requests, short: int, long: int) -> tuple[ShiftRequest, ...]:
    return tuple(
        dataclasses.replace(request, day=request.day + start)
        for start in range(0, long, short)
        for request in requests
        if request.day + start < long
    )


def _scaled(person: StaffMember, suffix: str, short: int, long: int) -> StaffMember:
    scale = long / short
    return dataclasses.replace(
        person,
        id=person.id + suffix,
        max_shifts=tuple((shift, round(most * scale)) for shift, most in person.max_shifts),
        min_minutes=round(person.min_minutes * scale),
        max_minutes=None if person.max_minutes is None else round(person.max_minutes * scale),
        max_weekends=None if person.max_weekends is None else round(person.max_weekends * scale),
        unavailable_days=frozenset(_repeat_days(person.unavailable_days, short, long)),
        shift_on_requests=_requests(person.shift_on_requests, short, long),
        shift_off_requests=_requests(person.shift_off_requests, short, long),
    )


def stretched(problem: Problem, days: int = 364, copies: int = 1) -> Problem:
    """The problem repeated over ``days`` with its staff copied ``copies`` times.

    Args:
        problem: a short instance (its horizon a whole number of weeks).
        days: the new horizon.
        copies: how many times each person (and each cover requirement) is copied.

    Returns:
        The long problem, named after the short one.
    """
    short = problem.days
    staff = tuple(
        _scaled(person, f"-{copy}" if copy else "", short, days)
        for copy in range(copies)
        for person in problem.staff
    )
    cover = tuple(
        dataclasses.replace(need, day=need.day + start, required=need.required * copies)
        for start in range(0, days, short)
        for need in problem.cover
        if need.day + start < days
    )
    name = f"{problem.name} x{days // short} days x{copies} staff"
    return dataclasses.replace(problem, days=days, staff=staff, cover=cover, name=name)
