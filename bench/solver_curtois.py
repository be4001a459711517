"""Benchmark the rostering optimizer on the Curtois & Qu instances.

    python bench/solver_curtois.py                       # Instances 1-18, 60 s each
    python bench/solver_curtois.py --instances 1 2 3 --time-limit 20

Each instance runs in its own subprocess, so the peak memory reported is that
instance's own (ru_maxrss). Every roster goes through the independent
validator; a roster it rejects, or whose objective it recomputes differently,
is reported as INVALID. Prints a Markdown table and a summary row.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCHMARK = Path(os.environ.get("CURTOIS_DIR", "/work/shared/benchmarks/curtois"))
BEST_KNOWN = {
    1: 607, 2: 828, 3: 1001, 4: 1716, 5: 1143, 6: 1950, 7: 1056, 8: 1300, 9: 439,
    10: 4631, 11: 3443, 12: 4040, 13: 1348, 14: 1278, 15: 3828, 16: 3225, 17: 5746, 18: 4459,
}  # fmt: skip


def run_one(number: int, time_limit: float, workers: int) -> dict:
    """Solve, validate and run the greedy baseline on one instance (in this process)."""
    from optimizer.roster.check.validator import validate
    from optimizer.roster.curtois import load
    from optimizer.roster.options import SolveOptions
    from optimizer.roster.search.greedy import greedy_roster
    from optimizer.roster.search.solve import solve

    problem = load(BENCHMARK / f"Instance{number}.txt")
    started = time.monotonic()
    solution = solve(problem, SolveOptions(time_limit=time_limit, workers=workers))
    seconds = time.monotonic() - started
    report = validate(problem, solution.assignments)
    agrees = solution.objective is not None and report.objective == solution.objective
    greedy = validate(problem, greedy_roster(problem))
    return {
        "instance": number,
        "objective": solution.objective,
        "bound": solution.bound,
        "status": solution.status,
        "seconds": seconds,
        "valid": report.valid and agrees,
        "broken": list(report.broken[:3]),
        "greedy": greedy.objective,
        "greedy_broken": len(greedy.broken),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_in_child(number: int, time_limit: float, workers: int) -> dict:
    """Run one instance in a fresh interpreter and read its JSON result."""
    command = [sys.executable, __file__, "--child", str(number)]
    command += ["--time-limit", str(time_limit), "--workers", str(workers)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def row(result: dict) -> str:
    """One Markdown table row."""
    best = BEST_KNOWN[result["instance"]]
    objective = result["objective"]
    gap = f"{100 * (objective - best) / best:.1f}" if objective is not None else "-"
    verdict = "valid" if result["valid"] else "INVALID"
    greedy = f"{result['greedy']}" + (
        f" ({result['greedy_broken']} broken)" if result["greedy_broken"] else ""
    )
    cells = [result["instance"], objective, best, gap, f"{result['bound']:g}"]
    cells += [f"{result['seconds']:.1f}", f"{result['peak_mb']:.0f}", verdict, greedy]
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


HEADER = (
    "| Instance | Objective | Best known | Gap % | Bound | Seconds | Peak MB "
    "| Validator | Greedy |\n"
    "|---|---|---|---|---|---|---|---|---|"
)


def summary(results: list[dict]) -> str:
    """The summary row: instances at best known, mean gap, worst memory, validity."""
    gaps = [
        100 * (r["objective"] - BEST_KNOWN[r["instance"]]) / BEST_KNOWN[r["instance"]]
        for r in results
        if r["objective"] is not None
    ]
    at_best = sum(1 for r in results if r["objective"] == BEST_KNOWN[r["instance"]])
    valid = sum(1 for r in results if r["valid"])
    mean_gap = sum(gaps) / len(gaps) if gaps else float("nan")
    seconds = sum(r["seconds"] for r in results)
    peak = max(r["peak_mb"] for r in results)
    return (
        f"| **all {len(results)}** | {at_best} at best known | | mean {mean_gap:.1f} | | "
        f"{seconds:.0f} total | max {peak:.0f} | {valid}/{len(results)} valid | |"
    )


def main() -> int:
    """Run the chosen instances and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, nargs="+", default=list(range(1, 19)))
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(run_one(args.child, args.time_limit, args.workers)))
        return 0
    load = os.getloadavg()[0]
    print(
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, {args.workers} "
        f"workers, {args.time_limit:g} s per instance, load average {load:.1f}"
    )
    print(HEADER, flush=True)
    results = []
    for number in args.instances:
        results.append(run_in_child(number, args.time_limit, args.workers))
        print(row(results[-1]), flush=True)
    print(summary(results))
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0 if all(r["valid"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
