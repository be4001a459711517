"""The Curtois & Qu benchmark read into the same dataclasses, solved and checked."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from roster_factories import solved

from optimizer.roster.curtois import load, main

BENCHMARK = Path("/work/shared/benchmarks/curtois")
BEST_KNOWN = {1: 607, 2: 828, 3: 1001}

needs_benchmark = pytest.mark.skipif(
    not (BENCHMARK / "Instance1.txt").exists(), reason="benchmark files not present"
)


def instance(number: int):
    """Read InstanceN.txt from the shared benchmark folder."""
    return load(BENCHMARK / f"Instance{number}.txt")


@needs_benchmark
def test_does_instance3_read_as_published():
    problem = instance(3)
    assert (problem.days, len(problem.staff), len(problem.shifts), len(problem.cover)) == (
        14,
        20,
        3,
        42,
    )
    a = next(person for person in problem.staff if person.id == "A")
    assert a.max_of("L") == 0 and a.max_minutes == 4320 and a.min_minutes == 3360
    assert (a.max_consecutive_days, a.min_consecutive_days, a.min_consecutive_days_off) == (5, 2, 2)
    assert a.max_weekends == 1 and a.unavailable_days == frozenset({0})
    assert sum(len(p.shift_on_requests) for p in problem.staff) == 39
    assert sum(len(p.shift_off_requests) for p in problem.staff) == 25
    assert {(s.first, s.then) for s in problem.forbidden_successions} == {
        ("D", "E"),
        ("L", "E"),
        ("L", "D"),
    }
    assert problem.start.weekday() == 0  # day 0 is a Monday


@needs_benchmark
@pytest.mark.slow
@pytest.mark.parametrize("number", [1, 2, 3])
def test_does_the_solver_reach_the_published_optimum(number):
    """The validator (inside ``solved``) recomputes the same objective from the roster.

    One worker and a deterministic-time limit make the outcome independent of load.
    """
    options = dict(workers=1, deterministic_time=30, stop_at=BEST_KNOWN[number], lns=False)
    solution = solved(instance(number), time_limit=300, **options)
    assert solution.objective == BEST_KNOWN[number]


@needs_benchmark
def test_does_the_command_line_write_the_roster(tmp_path, capsys):
    out = tmp_path / "roster.csv"
    code = main([str(BENCHMARK / "Instance1.txt"), "--time-limit", "20", "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "validator=valid" in printed
    with out.open() as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["employee", "day", "shift"]
    assert all(row[2] == "D" and 0 <= int(row[1]) < 14 for row in rows[1:])
    assert len(rows) > 1
