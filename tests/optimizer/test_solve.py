"""Solving as a caller sees it: progress reports, LNS on a larger problem, purity."""

from __future__ import annotations

import subprocess
import sys

from roster_factories import need, person, problem, solved

from optimizer.roster.problem import ShiftRequest


def _ward(days: int = 28):
    staff = [
        person(
            name,
            max_consecutive_days=5,
            min_consecutive_days=2,
            min_consecutive_days_off=2,
            max_weekends=2,
            max_minutes=480 * 20,
            shift_on_requests=(ShiftRequest(index % days, "E", 2),),
        )
        for index, name in enumerate("ABCDEFGH")
    ]
    cover = [need(day, shift, required=2) for day in range(days) for shift in ("E", "L")]
    return problem(days=days, staff=staff, cover=cover)


def test_is_progress_reported_through_a_plain_callback():
    from optimizer.roster.options import SolveOptions
    from optimizer.roster.search.solve import solve

    seen = []
    solution = solve(_ward(14), SolveOptions(time_limit=5), on_progress=seen.append)
    assert seen, "no progress reported"
    assert seen[-1].objective == solution.objective
    assert all(report.bound <= report.objective for report in seen)


def test_does_the_neighbourhood_search_return_a_validated_roster():
    solution = solved(_ward(), time_limit=6, lns=True)
    assert solution.objective is not None
    assert solution.status in ("FEASIBLE", "OPTIMAL")
    assert solution.bound <= solution.objective


def test_does_importing_the_optimizer_leave_the_web_stack_out():
    code = "import sys, optimizer, optimizer.roster.curtois, optimizer.roster.search.greedy; " + (
        "print(sorted(m for m in ('flask', 'sqlalchemy', 'sqlmodel', 'webapp')"
        " if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
