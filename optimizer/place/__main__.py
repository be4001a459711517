"""Command line: python -m optimizer.place PROBLEM.json --time-limit 300 --out SOLUTION.json."""

from __future__ import annotations

import argparse
import json
import sys

from optimizer.place.budget import Budget
from optimizer.place.check.inputs import InputProblem, check_problem
from optimizer.place.problem_json import problem_from_dict
from optimizer.place.solution import PlaceSolution, dump_solution
from optimizer.place.solve import solve


def summary_lines(solution: PlaceSolution) -> list[str]:
    """Return the printed summary of a solution."""
    s = solution.summary
    verdict = (
        s.validator
        if s.validator == "valid"
        else f"{len(s.validator)} broken rules: {s.validator[:5]}"
    )
    return [
        f"assignments {len(solution.assignments)}, unfilled {len(solution.unfilled)}",
        f"fill rate {s.fill_rate:.4f} (bound {s.fill_rate_bound:.4f}, {s.bound_kind or 'flow'})",
        f"objective {s.objective:.1f} (bound {s.bound:.1f}), {s.seconds:.1f} s, method {s.method}",
        f"unfilled by reason {s.unfilled_by_reason}",
        f"cost by funder {s.cost_by_funder}",
        f"hours by employer {s.hours_by_employer}",
        f"validator: {verdict}",
        f"repeatable: {s.repeatable}",
    ]


def read_problem(path: str) -> tuple[dict | None, list[InputProblem]]:
    """Return the parsed document and every problem with it (unreadable, schema, sense)."""
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except OSError as error:
        return None, [InputProblem("$", f"cannot read {path}: {error.strerror or error}")]
    except (ValueError, RecursionError) as error:
        return None, [InputProblem("$", f"not valid JSON: {error}")]
    return document, check_problem(document)


def main(argv: list[str] | None = None) -> int:
    """Solve a place problem file and write the solution file; exit 2 on bad input."""
    parser = argparse.ArgumentParser(prog="python -m optimizer.place", description=__doc__)
    parser.add_argument("problem")
    parser.add_argument("--time-limit", type=float, default=300.0)
    parser.add_argument("--out", default=None)
    parser.add_argument("--method", choices=("cpsat", "greedy"), default="cpsat")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=None,
                        help="solve deterministically with this seed (the time limit becomes "
                             "a safety net)")
    parser.add_argument("--work", type=float, default=Budget.plan_work,
                        help="with --seed: CP-SAT work units for the day-by-day plan")
    args = parser.parse_args(argv)
    document, problems = read_problem(args.problem)
    if problems:
        print(f"{args.problem}: {len(problems)} problems, nothing solved:", file=sys.stderr)
        print("\n".join(f"  {p}" for p in problems), file=sys.stderr)
        return 2
    solution = solve(
        problem_from_dict(document),
        args.time_limit,
        args.method,
        args.workers,
        progress=lambda m: print(m, file=sys.stderr),
        budget=None if args.seed is None else Budget(seed=args.seed, plan_work=args.work),
    )
    if args.out:
        dump_solution(solution, args.out)
    print("\n".join(summary_lines(solution)))
    return 0 if solution.summary.validator == "valid" else 1


if __name__ == "__main__":
    sys.exit(main())
