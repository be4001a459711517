"""Rules about a single day: one shift at most, days off, who may work what and where."""

from __future__ import annotations

from ortools.sat.python import cp_model

from optimizer.roster.model.variables import RosterModel


def add_one_shift_per_day(roster: RosterModel) -> None:
    """Nobody works more than one shift a day; a worked day is a day with a shift."""
    for person in roster.problem.staff:
        for day in range(roster.problem.days):
            shifts = roster.on_day(person, day)
            roster.model.add(sum(shifts) == roster.works[person.id, day])


def add_unavailable_days(roster: RosterModel) -> None:
    """Nobody works on a day they are unavailable (leave, training, a day off)."""
    for person in roster.problem.staff:
        for day in sorted(person.unavailable_days):
            if 0 <= day < roster.problem.days:
                roster.model.add(roster.works[person.id, day] == 0)


def add_shift_type_limits(roster: RosterModel) -> None:
    """Nobody works more shifts of a type than their contract allows (0: not at all)."""
    for person in roster.problem.staff:
        for shift, most in person.max_shifts:
            worked = [
                var
                for day in range(roster.problem.days)
                for var in roster.of_shift(person, day, shift)
            ]
            roster.model.add(sum(worked) <= most)


def add_site_restrictions(roster: RosterModel) -> None:
    """Nobody works at a site they are not attached to."""
    for (staff_id, _day, _shift, site), var in roster.assign.items():
        person = roster.people[staff_id]
        if site is not None and person.sites and site not in person.sites:
            roster.model.add(var == 0)


def add_forbidden_successions(roster: RosterModel) -> None:
    """A shift is never followed the next day by a shift it may not precede."""
    problem = roster.problem
    banned_after: dict[str, list[str]] = {}
    for rule in problem.forbidden_successions:
        banned_after.setdefault(rule.first, []).append(rule.then)
    # One constraint per first shift: it and everything it may not precede form
    # a clique (at most one shift a day), stronger and smaller than pairs.
    for first, thens in banned_after.items():
        for person in problem.staff:
            for day in range(problem.days - 1):
                earlier = roster.of_shift(person, day, first)
                if earlier:
                    later = [v for then in thens for v in roster.of_shift(person, day + 1, then)]
                    roster.model.add(cp_model.LinearExpr.sum(earlier + later) <= 1)
