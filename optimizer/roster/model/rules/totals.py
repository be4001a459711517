"""Rules over the whole horizon: contracted minutes and worked weekends."""

from __future__ import annotations

from collections import defaultdict

from optimizer.roster.model.variables import RosterModel


def add_total_minutes(roster: RosterModel) -> None:
    """Everyone works between their minimum and maximum paid minutes over the horizon."""
    problem = roster.problem
    for person in problem.staff:
        minutes = sum(
            shift.paid_minutes * var
            for day in range(problem.days)
            for shift in problem.shifts
            for var in roster.of_shift(person, day, shift.id)
        )
        if person.min_minutes > 0:
            roster.model.add(minutes >= person.min_minutes)
        if person.max_minutes is not None:
            roster.model.add(minutes <= person.max_minutes)


def weekends(roster: RosterModel) -> list[list[int]]:
    """The Saturday and Sunday day numbers of each calendar weekend in the horizon."""
    by_week: dict[tuple[int, int], list[int]] = defaultdict(list)
    for day in range(roster.problem.days):
        date = roster.problem.date_of(day)
        if date.weekday() >= 5:
            by_week[date.isocalendar()[:2]].append(day)
    return list(by_week.values())


def add_max_weekends(roster: RosterModel) -> None:
    """Nobody works more weekends than allowed; working Saturday or Sunday counts."""
    for person in roster.problem.staff:
        if person.max_weekends is None:
            continue
        worked_weekends, weekend_days = [], []
        for days in weekends(roster):
            worked = roster.model.new_bool_var(f"works_weekend(staff={person.id}, day={days[0]})")
            shifts = [roster.works[person.id, day] for day in days]
            roster.model.add_max_equality(worked, shifts)
            worked_weekends.append(worked)
            weekend_days.extend(shifts)
        roster.model.add(sum(worked_weekends) <= person.max_weekends)
        # Redundant, but presolve turns the max above into clauses the LP never
        # sees; this sum keeps the weekend capacity in the LP relaxation.
        roster.model.add(sum(weekend_days) <= 2 * person.max_weekends)
