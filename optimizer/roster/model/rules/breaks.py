"""Rest breaks (Working Time Regulations 1998, reg. 12).

A worker whose working day is longer than 6 hours is entitled to an
uninterrupted break of 20 minutes: a shift longer than the kernel's
``break_after`` that does not include ``break_length`` of break is not worked by
anyone (a shift type that does not state its break has its unpaid time as the break).
"""

from __future__ import annotations

from optimizer.roster.model.rules.working_time import shift_breaks
from optimizer.roster.model.variables import RosterModel


def add_in_work_breaks(roster: RosterModel) -> None:
    """Nobody works a shift type the kernel's break check refuses (6 hours, 20 minutes)."""
    problem = roster.problem
    for shift in problem.shifts:
        if shift_breaks(problem, shift):
            for (_staff, _day, shift_id, _site), var in roster.assign.items():
                if shift_id == shift.id:
                    roster.model.add(var == 0)
