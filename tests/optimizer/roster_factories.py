"""Tiny rostering problems for the optimizer tests, with overridable defaults."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time

from optimizer.roster.check.validator import validate
from optimizer.roster.columns.generation import generate
from optimizer.roster.columns.master import Master
from optimizer.roster.options import SolveOptions
from optimizer.roster.problem import (
    CoverRequirement,
    Problem,
    ShiftRequest,
    ShiftType,
    StaffMember,
    WorkingTimeRules,
)
from optimizer.roster.search.solve import solve

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


def ward(days: int = 14):
    """Four people, early and late cover of two a day: tight enough to need trade-offs."""
    staff = [
        person(
            name,
            max_consecutive_days=4,
            min_consecutive_days_off=2,
            max_weekends=1,
            max_minutes=480 * 9,
            shift_on_requests=(ShiftRequest(index, "L", 3),),
            shift_off_requests=(ShiftRequest(index + 3, "E", 2),),
        )
        for index, name in enumerate("ABCD")
    ]
    cover = [need(day, shift, required=2) for day in range(days) for shift in ("E", "L")]
    return problem(days=days, staff=staff, cover=cover)


def generated(p, seconds: float = 20.0):
    """Column generation on one worker thread: the pool and the pricers."""
    return generate(p, SolveOptions(), time.monotonic() + seconds, workers=1)


def fractional(p, pool) -> bool:
    """Whether the LP over the pool mixes more than one roster for someone."""
    master = Master(p, pool.columns())
    master.solve()
    return any(len(mine) > 1 for mine in master.mix().values())
