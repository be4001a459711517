"""The averaged limits of the Working Time Regulations 1998.

- reg. 4: no more than 48 hours per 7 days on average over a 17-week
  reference period (26 by agreement), unless the worker opted out;
- reg. 6: a night worker's normal hours average no more than 8 per 24 over
  the same period, weekly rest days left out; no opt-out.

The reference period rolls: every window of ``reference_weeks`` is encoded
(at least as strict as the kernel's checks, ``hours.weekly_average`` over whole
weeks and ``hours.night_average`` over the horizon, which the validator uses).
A window that starts before day 0 also holds ``carried_in_minutes`` (assumed
worked just before day 0, so they count in every such window). Shifts count
their paid minutes on the day they start; fixed work counts its minutes inside
the window from day 0 on (before day 0 it is part of the carried-in minutes).
"""

from __future__ import annotations

from optimizer.roster.model.rules.timeline import fixed_pieces, overlap
from optimizer.roster.model.variables import RosterModel
from optimizer.roster.problem import MINUTES_PER_DAY, Problem, StaffMember


def reference_windows(problem: Problem) -> list[tuple[int, int, bool]]:
    """(first day, end day, carried in) of each window worth checking.

    Of the windows starting before day 0 only the longest inside the horizon
    matters: the others hold no more minutes.
    """
    length = problem.working_time.reference_weeks * 7
    windows = [(0, min(problem.days, length), True)]
    return windows + [(end - length, end, False) for end in range(length + 1, problem.days + 1)]


def caps(problem: Problem, person: StaffMember) -> dict[str, int]:
    """The most minutes each averaged limit allows the person in one window, by rule."""
    rules, wt = problem.working_time, problem.working_time.params
    weeks = wt.reference_weeks
    found = {}
    if rules.weekly_limit_minutes is not None and not person.opted_out_of_weekly_limit:
        found["weekly_limit"] = wt.weekly_limit * weeks
    if rules.night_limit_minutes is not None and person.night_worker:
        found["night_limit"] = wt.night_average * 6 * weeks  # a rest day a week
    return found


def fixed_minutes(person: StaffMember, first: int, end: int, carried: bool) -> int:
    """Minutes of fixed work and carried-in work counted in the window."""
    start, stop = max(0, first) * MINUTES_PER_DAY, end * MINUTES_PER_DAY
    minutes = sum(overlap(piece, start, stop) for piece in fixed_pieces(person))
    return minutes + (person.carried_in_minutes if carried else 0)


def night_horizon_cap(problem: Problem) -> int:
    """The kernel's night average over the horizon (``hours.night_average``), in minutes."""
    judged = max(7, problem.days)  # as the kernel: a short horizon is a week of its period
    return problem.working_time.params.night_average * (judged - judged // 7)


def _day_minutes(roster: RosterModel, person, day: int):
    return sum(
        shift.paid_minutes * var
        for shift in roster.problem.shifts
        for var in roster.of_shift(person, day, shift.id)
    )


def _running_totals(roster: RosterModel, person) -> list:
    """Minutes worked up to each day: each rolling window is then one short constraint."""
    model, problem = roster.model, roster.problem
    most_a_day = max((shift.paid_minutes for shift in problem.shifts), default=0)
    running = [0]
    for day in range(problem.days):
        name = f"worked_minutes(staff={person.id}, to_day={day})"
        total = model.new_int_var(0, most_a_day * (day + 1), name)
        model.add(total == running[-1] + _day_minutes(roster, person, day))
        running.append(total)
    return running


def add_averaged_limits(roster: RosterModel) -> None:
    """At most 48 hours a week on average; a night worker at most 8 hours a day on average."""
    problem = roster.problem
    windows = reference_windows(problem)
    for person in problem.staff:
        limits = caps(problem, person)
        if not limits:
            continue
        if len(windows) == 1:
            running = [0, sum(_day_minutes(roster, person, d) for d in range(problem.days))]
        else:
            running = _running_totals(roster, person)
        for first, end, carried in windows:
            room = min(limits.values()) - fixed_minutes(person, first, end, carried)
            worked = running[end if len(windows) > 1 else 1] - running[max(0, first)]
            roster.model.add(worked <= max(0, room))
        if "night_limit" in limits:  # the kernel's check over the whole horizon too
            room = night_horizon_cap(problem) - fixed_minutes(person, 0, problem.days, False)
            roster.model.add(running[-1] - running[0] <= max(0, room))
