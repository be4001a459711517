"""Tiny rostering problems for the optimizer tests, with overridable defaults."""

from __future__ import annotations

import dataclasses
import datetime as dt

from optimizer.problem import (
    CoverRequirement,
    Problem,
    ShiftType,
    StaffMember,
    WorkingTimeRules,
)
from optimizer.solve import SolveOptions, solve
from optimizer.validator import validate

MONDAY = dt.date(2025, 1, 6)
EARLY = ShiftType("E", dt.time(7, 0), dt.time(15, 0), 480)
LATE = ShiftType("L", dt.time(14, 0), dt.time(22, 0), 480)
NIGHT = ShiftType("N", dt.time(21, 0), dt.time(7, 30), 600)


def person(staff_id: str = "A", **overrides) -> StaffMember:
    """A staff member with no limits unless given."""
    return StaffMember(id=staff_id, **overrides)


def problem(days: int = 7, staff=None, shifts=(EARLY, LATE), cover=(), **overrides) -> Problem:
    """A problem with one person, two shifts, no cover and the regulations off by default."""
    fields = dict(
        start=MONDAY,
        days=days,
        shifts=tuple(shifts),
        staff=tuple(staff or (person(),)),
        cover=tuple(cover),
        working_time=WorkingTimeRules.off(),
    )
    fields.update(overrides)
    return Problem(**fields)


def need(day: int, shift: str = "E", required: int = 1, **overrides) -> CoverRequirement:
    """A cover requirement with the benchmark's weights (100 under, 1 over)."""
    return CoverRequirement(day=day, shift=shift, required=required, **overrides)


def solved(problem_: Problem, time_limit: float = 10.0, **options):
    """Solve with a short limit; every roster found must pass the validator with the same cost."""
    solution = solve(problem_, SolveOptions(time_limit=time_limit, **options))
    if solution.objective is not None:
        report = validate(
            problem_,
            solution.assignments,
            previous=options.get("previous", ()),
            change_weight=options.get("change_weight", 0),
        )
        assert report.broken == (), report.broken
        assert report.objective_by_rule == solution.objective_by_rule
        assert report.objective == solution.objective
    return solution


def with_wtr(problem_: Problem, **rules) -> Problem:
    """The problem with only the named Working Time Regulations switched on."""
    return dataclasses.replace(
        problem_, working_time=dataclasses.replace(WorkingTimeRules.off(), **rules)
    )
