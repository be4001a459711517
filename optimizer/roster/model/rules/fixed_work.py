"""Fixed work: nobody is rostered on top of work they already have.

Fixed work is another employer's published shifts or work pinned elsewhere
(``StaffMember.fixed_work``). It counts as working time for the other rules
too: daily and weekly rest are taken between it and shifts, and it counts
towards the averaged limits (``optimizer.roster.model.rules.averages``). Where
fixed work alone already breaks a rule, that day or period takes no shift: the
breach is excused only while nothing is added in its scope (``optimizer.kernel.excuse``).
"""

from __future__ import annotations

from optimizer.roster.model.rules import working_time
from optimizer.roster.model.rules.timeline import Piece, days_near, fixed_pieces, gap, shift_piece
from optimizer.roster.model.variables import RosterModel


def clashes(pieces: list[Piece]) -> list[tuple[Piece, Piece]]:
    """Each (fixed work, shift) pair that overlaps."""
    fixed = [piece for piece in pieces if piece.shift is None]
    shifts = [piece for piece in pieces if piece.shift is not None]
    return [(f, s) for s in shifts for f in fixed if gap(f, s) < 0]


def forbid_near_fixed_work(roster: RosterModel, person, closest: int) -> None:
    """No shift of ``person`` less than ``closest`` minutes from their fixed work."""
    problem = roster.problem
    for fixed in fixed_pieces(person):
        for day in days_near(problem, fixed, closest):
            for shift in problem.shifts:
                if gap(fixed, shift_piece(shift, day)) < closest:
                    for var in roster.of_shift(person, day, shift.id):
                        roster.model.add(var == 0)


def add_fixed_work(roster: RosterModel) -> None:
    """Nobody works a shift that overlaps work they already have elsewhere."""
    for person in roster.problem.staff:
        forbid_near_fixed_work(roster, person, 0)


def add_fixed_work_breaches(roster: RosterModel) -> None:
    """Nobody works in a day or period that their fixed work alone already breaks a rule in."""
    problem = roster.problem
    for person in problem.staff:
        shut = working_time.closed(problem, person)
        if not shut:
            continue
        for day in range(problem.days):
            for shift in problem.shifts:
                if working_time.closes(problem, shut, shift_piece(shift, day)):
                    for var in roster.of_shift(person, day, shift.id):
                        roster.model.add(var == 0)
