"""The Curtois & Qu shift scheduling benchmark: its text format, read into a Problem.

Run ``python -m optimizer.roster.curtois INSTANCE.txt --time-limit 60 --out roster.csv``
to solve an instance, write the roster as CSV and print the validator's verdict.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import time
from collections import defaultdict
from pathlib import Path

from optimizer.roster.check.validator import validate
from optimizer.roster.options import SolveOptions
from optimizer.roster.problem import (
    CoverRequirement,
    ForbiddenSuccession,
    Problem,
    ShiftRequest,
    ShiftType,
    Solution,
    StaffMember,
    WorkingTimeRules,
)
from optimizer.roster.search.solve import solve

MONDAY = dt.date(2024, 1, 1)  # day 0 of every instance is a Monday
# Kept back from the time limit to validate and write the roster (validating a
# year-long roster takes about a second on a busy machine: bench/README.md, "kernel").
MARGIN_SECONDS = 5.0
MARGIN_SHARE = 0.1  # at most this share of a short limit


def read_sections(text: str) -> dict[str, list[list[str]]]:
    """Split the text into its SECTION_* blocks of comma-separated rows."""
    sections: dict[str, list[list[str]]] = defaultdict(list)
    current = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("SECTION_"):
            current = line
        elif line and not line.startswith("#") and current:
            sections[current].append([field.strip() for field in line.split(",")])
    return sections


def _shift_type(row: list[str]) -> ShiftType:
    minutes = int(row[1])
    start = dt.datetime.combine(MONDAY, dt.time(8, 0))
    return ShiftType(row[0], start.time(), (start + dt.timedelta(minutes=minutes)).time(), minutes)


def _successions(rows: list[list[str]]) -> tuple[ForbiddenSuccession, ...]:
    return tuple(
        ForbiddenSuccession(row[0], then)
        for row in rows
        for then in (row[2].split("|") if len(row) > 2 and row[2] else [])
    )


def _requests(rows: list[list[str]]) -> dict[str, list[ShiftRequest]]:
    by_person: dict[str, list[ShiftRequest]] = defaultdict(list)
    for staff_id, day, shift, weight in rows:
        by_person[staff_id].append(ShiftRequest(int(day), shift, int(weight)))
    return by_person


def _staff_member(row: list[str], sections: dict) -> StaffMember:
    staff_id = row[0]
    limits = tuple((s, int(n)) for s, n in (pair.split("=") for pair in row[1].split("|") if pair))
    days_off = next((r[1:] for r in sections["SECTION_DAYS_OFF"] if r[0] == staff_id), [])
    return StaffMember(
        id=staff_id,
        max_shifts=limits,
        max_minutes=int(row[2]),
        min_minutes=int(row[3]),
        max_consecutive_days=int(row[4]),
        min_consecutive_days=int(row[5]),
        min_consecutive_days_off=int(row[6]),
        max_weekends=int(row[7]),
        unavailable_days=frozenset(int(day) for day in days_off if day),
        shift_on_requests=tuple(_requests(sections["SECTION_SHIFT_ON_REQUESTS"])[staff_id]),
        shift_off_requests=tuple(_requests(sections["SECTION_SHIFT_OFF_REQUESTS"])[staff_id]),
    )


def parse(text: str, name: str = "") -> Problem:
    """Read a benchmark instance into a Problem (Working Time Regulations off)."""
    sections = read_sections(text)
    cover = tuple(
        CoverRequirement(int(day), shift, int(need), int(under), int(over))
        for day, shift, need, under, over in sections["SECTION_COVER"]
    )
    return Problem(
        start=MONDAY,
        days=int(sections["SECTION_HORIZON"][0][0]),
        shifts=tuple(_shift_type(row) for row in sections["SECTION_SHIFTS"]),
        staff=tuple(_staff_member(row, sections) for row in sections["SECTION_STAFF"]),
        cover=cover,
        forbidden_successions=_successions(sections["SECTION_SHIFTS"]),
        working_time=WorkingTimeRules.off(),
        min_stretch_at_edges=False,
        name=name,
    )


def load(path: str | Path) -> Problem:
    """Read a benchmark instance file."""
    path = Path(path)
    return parse(path.read_text(), name=path.stem)


def write_roster(solution: Solution, path: str | Path) -> None:
    """Write the roster as CSV rows ``employee,day,shift``."""
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["employee", "day", "shift"])
        for assignment in sorted(solution.assignments, key=lambda a: (a.staff, a.day)):
            writer.writerow([assignment.staff, assignment.day, assignment.shift])


def main(argv: list[str] | None = None) -> int:
    """Solve one instance from the command line."""
    parser = argparse.ArgumentParser(prog="python -m optimizer.roster.curtois", description=__doc__)
    parser.add_argument("instance")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", help="CSV file for the roster")
    args = parser.parse_args(argv)
    started = time.monotonic()  # the time limit counts from here, reading included
    problem = load(args.instance)
    margin = min(MARGIN_SECONDS, MARGIN_SHARE * args.time_limit)
    options = SolveOptions(args.time_limit - margin, args.workers, started=started)
    solution = solve(problem, options)
    report = validate(problem, solution.assignments)
    if args.out:
        write_roster(solution, args.out)
    seconds = time.monotonic() - started
    verdict = "valid" if report.valid else f"INVALID: {'; '.join(report.broken[:5])}"
    print(f"instance={problem.name} status={solution.status} objective={solution.objective}")
    print(f"bound={solution.bound:g} seconds={seconds:.1f} validator={verdict}")
    print(f"validator objective={report.objective} by rule={report.objective_by_rule}")
    return 0 if report.valid and report.objective == solution.objective else 1


if __name__ == "__main__":
    raise SystemExit(main())
