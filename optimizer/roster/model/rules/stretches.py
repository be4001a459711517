"""Rules on runs of consecutive working days and days off.

Short runs are forbidden by clauses over windows: for a run of k days worked
(or off) starting on day a, "day a-1 differs, days a..a+k-1 match, day a+k
differs" must not happen. With ``min_stretch_at_edges`` off, a run touching
the first or last day of the horizon is exempt, as in the Curtois benchmark.
"""

from __future__ import annotations

from optimizer.roster.model.variables import RosterModel


def add_max_consecutive_days(roster: RosterModel) -> None:
    """Nobody works more than their maximum number of days in a row."""
    days = roster.problem.days
    for person in roster.problem.staff:
        most = person.max_consecutive_days
        if most is None or most >= days:
            continue
        for first in range(days - most):
            window = [roster.works[person.id, day] for day in range(first, first + most + 1)]
            roster.model.add(sum(window) <= most)


def add_min_consecutive_days(roster: RosterModel) -> None:
    """Every run of working days is at least the person's minimum long."""
    for person in roster.problem.staff:
        worked = [roster.works[person.id, day] for day in range(roster.problem.days)]
        _forbid_short_runs(roster, worked, person.min_consecutive_days)


def add_min_consecutive_days_off(roster: RosterModel) -> None:
    """Every run of days off is at least the person's minimum long."""
    for person in roster.problem.staff:
        off = [roster.works[person.id, day].Not() for day in range(roster.problem.days)]
        _forbid_short_runs(roster, off, person.min_consecutive_days_off)


def _forbid_short_runs(roster: RosterModel, run_literals: list, shortest: int) -> None:
    days = len(run_literals)
    edges = roster.problem.min_stretch_at_edges
    for length in range(1, shortest):
        for first in range(0 if edges else 1, days - length + (1 if edges else 0)):
            last = first + length - 1
            clause = [run_literals[day].Not() for day in range(first, last + 1)]
            if first > 0:
                clause.append(run_literals[first - 1])
            if last < days - 1:
                clause.append(run_literals[last + 1])
            roster.model.add_bool_or(clause)
