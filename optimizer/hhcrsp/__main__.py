"""Solve (or check) a home health care routing instance in the benchmark's JSON format.

    python -m optimizer.hhcrsp INSTANCE.json[.gz] --time-limit 60 --out SOLUTION.json
    python -m optimizer.hhcrsp INSTANCE.json[.gz] --check SOLUTION.json

Prints the objective split (distance, total and maximum lateness), the independent
validator's verdict and the seconds taken. Exit status: 0 valid, 1 a solution the validator
rejects, 2 unreadable input (every problem listed, with its JSON path).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from optimizer.hhcrsp.instance import InstanceError, load
from optimizer.hhcrsp.solve import solve
from optimizer.hhcrsp.validator import Verdict, validate


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m optimizer.hhcrsp", description=__doc__.split("\n")[0]
    )
    parser.add_argument("instance", type=Path, help="instance JSON, optionally gzip-compressed")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds (default 60)")
    parser.add_argument("--out", type=Path, help="write the solution here (benchmark format)")
    parser.add_argument("--check", type=Path, help="validate this solution instead of solving")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--workers", type=int, default=1, help="CP-SAT workers (default 1)")
    arguments = parser.parse_args(argv)
    if arguments.time_limit <= 0:
        parser.error("--time-limit must be positive")
    return arguments


def report(verdict: Verdict, seconds: float) -> str:
    """The objective split, the verdict and the time, one line each."""
    lines = [
        f"objective        {verdict.objective:.3f}",
        f"distance         {verdict.distance:.3f}",
        f"total lateness   {verdict.total_tardiness:.3f}",
        f"maximum lateness {verdict.max_tardiness:.3f}",
        f"validator        {'valid' if verdict.valid else 'INVALID'}",
    ]
    lines += [f"  - {problem}" for problem in verdict.problems[:20]]
    lines.append(f"seconds          {seconds:.1f}")
    return "\n".join(lines)


def _read_solution(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InstanceError([f"{path}: not readable JSON ({error})"]) from None


def main(argv: list[str] | None = None) -> int:
    """Run the command; returns the exit status."""
    arguments = _arguments(argv)
    started = time.monotonic()
    try:
        instance = load(arguments.instance)
        if arguments.check is not None:
            solution = _read_solution(arguments.check)
        else:
            plan = solve(instance, arguments.time_limit, arguments.seed, arguments.workers)
            solution = plan.to_json()
    except InstanceError as error:
        print(f"{arguments.instance}: cannot use this input:", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    seconds = time.monotonic() - started
    if arguments.out is not None and arguments.check is None:
        arguments.out.write_text(json.dumps(solution, indent=1) + "\n", encoding="utf-8")
    verdict = validate(instance, solution)
    print(report(verdict, seconds))
    return 0 if verdict.valid else 1


if __name__ == "__main__":
    sys.exit(main())
