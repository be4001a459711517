"""A time limit holds in wall-clock terms: every phase of a solve takes its budget from one
deadline, fixed before the problem is even read, whatever else the machine is doing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from optimizer.roster.check.validator import validate
from optimizer.roster.curtois import load
from optimizer.roster.long_instances import stretched
from optimizer.roster.options import SolveOptions
from optimizer.roster.search.solve import solve, too_long_for_columns

BENCHMARK = Path("/work/shared/benchmarks/curtois")
pytestmark = pytest.mark.skipif(not BENCHMARK.exists(), reason="needs the Curtois instances")


def _year(copies: int):
    """A 364-day problem long enough to be rostered person by person."""
    problem = stretched(load(BENCHMARK / "Instance1.txt"), days=364, copies=copies)
    assert too_long_for_columns(problem)
    return problem


def test_a_year_long_roster_comes_validated_within_its_time_limit():
    """364 days, 32 staff, 30 s counted from before reading: a valid roster, on time."""
    started, limit = time.monotonic(), 30.0
    problem = _year(copies=4)
    solution = solve(problem, SolveOptions(time_limit=limit, workers=2, started=started))
    assert solution.wall_time <= limit
    report = validate(problem, solution.assignments)
    assert solution.assignments and report.valid
    assert report.objective == solution.objective


def test_a_limit_too_short_for_any_roster_still_holds():
    """With no time for a first roster the solve says so by its limit, not minutes later."""
    started, limit = time.monotonic(), 3.0
    problem = _year(copies=4)
    solution = solve(problem, SolveOptions(time_limit=limit, workers=2, started=started))
    assert solution.wall_time <= limit
    assert time.monotonic() - started <= limit
    assert not solution.assignments or validate(problem, solution.assignments).valid
