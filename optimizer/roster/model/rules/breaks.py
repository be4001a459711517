"""Rest breaks (Working Time Regulations 1998, reg. 12).

A worker whose working day is longer than 6 hours is entitled to an
uninterrupted break of 20 minutes: a shift longer than ``break_after_minutes``
that does not include ``break_minutes`` of break is not worked by anyone (a
shift type that does not state its break has its unpaid time as the break).
"""

from __future__ import annotations

from optimizer.roster.model.variables import RosterModel
from optimizer.roster.problem import Problem, ShiftType


def lacks_break(problem: Problem, shift: ShiftType) -> bool:
    """Whether the shift is too long for the break it includes."""
    rules = problem.working_time
    if rules.break_minutes is None:
        return False
    length = shift.end_minute - shift.start_minute
    return length > rules.break_after_minutes and shift.break_length < rules.break_minutes


def add_in_work_breaks(roster: RosterModel) -> None:
    """Nobody works a shift of more than 6 hours without a 20-minute break."""
    problem = roster.problem
    for shift in problem.shifts:
        if lacks_break(problem, shift):
            for (_staff, _day, shift_id, _site), var in roster.assign.items():
                if shift_id == shift.id:
                    roster.model.add(var == 0)
