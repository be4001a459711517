"""Benchmark the place solver on generated weeks (seeds 1-3 by default).

    python bench/solver_place.py --seeds 1 2 3 --staff 1500 --time-limit 300
    python bench/solver_place.py --seeds 1 --time-limit 120 --addresses

For each seed: generate the place (bench/place_instance.py), then in a fresh process solve it
with the decomposed CP-SAT solver, run the greedy baseline, and print the instance size,
seconds, peak memory, fill rate against its upper bound and the greedy fill rate, unfilled
items by reason, cost by funder and employer, and the validator's verdict.

With `--addresses`, each seed is solved twice, CP-SAT only: as generated (travel by locality)
and with people, workers and sites at points (bench/place_addresses.py, travel door to
door); the two rows give fill rate, total travel hours, seconds and the verdict side by side.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _size(problem) -> dict:
    """Return the instance's size in the domain's words."""
    return {
        "staff": len(problem.staff),
        "joint_role_staff": sum(len({c.employer for c in s.contracts}) > 1 for s in problem.staff),
        "cover_slots": len(problem.cover),
        "cover_positions": sum(c.required for c in problem.cover),
        "visits": len(problem.visits),
        "double_handed": sum(v.carers > 1 for v in problem.visits),
        "delegated": sum(v.activity is not None for v in problem.visits),
    }


def _greedy_then_repair(problem, time_limit: float) -> tuple[float, float]:
    """Return the fill rate and seconds of the greedy plan followed by the repair pass."""
    from optimizer.place.daily.decompose import plan
    from optimizer.place.eligibility import Eligibility
    from optimizer.place.objective import compute_totals
    from optimizer.place.whole.repair import repair

    began = time.monotonic()
    eligibility = Eligibility(problem)
    assignments = plan(problem, 0.0, "greedy", 1, None, eligibility)
    assignments = repair(problem, assignments, eligibility, time_limit)
    return compute_totals(problem, assignments).fill_rate, round(time.monotonic() - began, 1)


def _insertable(problem, solution) -> int:
    """Return how many unfilled items an insertion after the solve could still place.

    Every statically eligible worker is tried at every start that matters (the window's ends
    and middle, around each piece of their work, where span and rest begin to bind), each
    checked against every rule on their whole final plan.
    """
    from optimizer.place.eligibility import Eligibility
    from optimizer.place.whole.insertion import able_at
    from optimizer.place.whole.plans import Plans

    eligibility = Eligibility(problem)
    plans = Plans(problem, eligibility.staff, list(solution.assignments))
    items = {c.id: (c, "cover") for c in problem.cover} | {
        v.id: (v, "visit") for v in problem.visits
    }
    on = {(a.staff, a.item) for a in solution.assignments}
    count = 0
    for gap in solution.unfilled:
        item, kind = items[gap.item]
        names = (
            eligibility.eligible_for_cover(item)
            if kind == "cover"
            else (eligibility.eligible_for_visit(item))
        )
        names = [n for n in names if (n, item.id) not in on]
        need = 1 if kind == "cover" else gap.missing
        count += able_at(plans, eligibility, item, kind, names, need) is not None
    return count


def run_one(path: str, time_limit: float, workers: int) -> dict:
    """Solve one problem file, then the greedy baseline; return the figures."""
    from optimizer.place import load_problem, solve

    problem = load_problem(path)
    began = time.monotonic()
    solution = solve(problem, time_limit, "cpsat", workers)
    seconds = time.monotonic() - began
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    began_check = time.monotonic()
    insertable = _insertable(problem, solution)
    check_seconds = round(time.monotonic() - began_check, 1)
    greedy = solve(problem, time_limit, "greedy", workers)
    greedy_repaired, greedy_repaired_seconds = _greedy_then_repair(problem, time_limit)
    s = solution.summary
    return {
        "size": _size(problem),
        "seconds": round(seconds, 1),
        "peak_mb_after_solve": round(peak_mb),
        "fill_rate": s.fill_rate,
        "fill_rate_bound": s.fill_rate_bound,
        "insertable_after_solve": insertable,
        "insertable_check_seconds": check_seconds,
        "unfilled_items": len(solution.unfilled),
        "greedy_fill_rate": greedy.summary.fill_rate,
        "greedy_seconds": greedy.summary.seconds,
        "greedy_repaired_fill_rate": round(greedy_repaired, 6),
        "greedy_repaired_seconds": greedy_repaired_seconds,
        "objective": round(s.objective, 1),
        "objective_bound": s.bound,
        "greedy_objective": round(greedy.summary.objective, 1),
        "unfilled_by_reason": s.unfilled_by_reason,
        "cost_by_funder": s.cost_by_funder,
        "cost_by_employer": s.cost_by_employer,
        "hours_by_employer": s.hours_by_employer,
        "validator": s.validator if s.validator == "valid" else s.validator[:10],
        "greedy_validator": greedy.summary.validator
        if greedy.summary.validator == "valid"
        else "broken",
    }


def run_brief(path: str, time_limit: float, workers: int) -> dict:
    """Solve one problem file with CP-SAT only; return fill rate, travel hours and verdict."""
    from optimizer.place import load_problem, solve

    problem = load_problem(path)
    began = time.monotonic()
    solution = solve(problem, time_limit, "cpsat", workers)
    s = solution.summary
    return {
        "seconds": round(time.monotonic() - began, 1),
        "fill_rate": s.fill_rate,
        "travel_hours": round(s.objective_terms["travel"] / problem.weights.travel / 60, 1),
        "visits_filled": len({a.item for a in solution.assignments if a.kind == "visit"}),
        "visits": len(problem.visits),
        "unfilled_by_reason": s.unfilled_by_reason,
        "validator": s.validator if s.validator == "valid" else s.validator[:10],
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def _generate(seed: int, args, path: str, addresses: bool = False) -> None:
    """Write the seed's generated place to `path` (at addresses if asked)."""
    command = [sys.executable, str(ROOT / "bench" / "place_instance.py"), "--seed", str(seed),
               "--staff", str(args.staff), "--days", str(args.days), "--out", path]
    subprocess.run(command + (["--addresses"] if addresses else []), check=True,
                   capture_output=True)


def _compare(args, folder: str) -> None:
    """Solve each seed by locality and at addresses, and print the two side by side."""
    print("| Seed | Travel | Fill rate | Visits filled | Travel hours | Seconds | Peak MB | "
          "Validator | Unfilled by reason |")
    print("|---|---|---|---|---|---|---|---|---|")
    for seed in args.seeds:
        for addresses in (False, True):
            path = f"{folder}/place-{seed}-{'addresses' if addresses else 'localities'}.json"
            _generate(seed, args, path, addresses)
            out = subprocess.run(
                [sys.executable, __file__, "--brief", path, "--time-limit", str(args.time_limit),
                 "--workers", str(args.workers)], check=True, capture_output=True, text=True)
            f = json.loads(out.stdout)
            print(f"| {seed} | {'door to door' if addresses else 'by locality'} | "
                  f"{f['fill_rate']:.4f} | {f['visits_filled']} of {f['visits']} | "
                  f"{f['travel_hours']} | {f['seconds']} | {f['peak_mb']} | {f['validator']} | "
                  f"{f['unfilled_by_reason']} |", flush=True)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


def _print(seed: int, figures: dict) -> None:
    """Print one seed's figures."""
    print(f"seed {seed}: {json.dumps(figures['size'])}")
    print(
        f"  solve {figures['seconds']} s, peak memory {figures['peak_mb_after_solve']} MB, "
        f"fill rate {figures['fill_rate']:.4f} (upper bound {figures['fill_rate_bound']:.4f}), "
        f"greedy {figures['greedy_fill_rate']:.4f} in {figures['greedy_seconds']} s"
    )
    print(
        f"  greedy then repair pass {figures['greedy_repaired_fill_rate']:.4f} "
        f"in {figures['greedy_repaired_seconds']} s"
    )
    print(
        f"  objective {figures['objective']} (greedy {figures['greedy_objective']}, lower bound "
        f"{figures['objective_bound']})"
    )
    print(
        f"  unfilled items {figures['unfilled_items']}, of which insertable after the solve "
        f"{figures['insertable_after_solve']} (checked in {figures['insertable_check_seconds']} s)"
    )
    print(f"  unfilled by reason {figures['unfilled_by_reason']}")
    print(f"  cost by funder {figures['cost_by_funder']}")
    print(f"  cost by employer {figures['cost_by_employer']}")
    print(f"  validator {figures['validator']} (greedy {figures['greedy_validator']})")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--staff", type=int, default=1500)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--time-limit", type=float, default=300.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--addresses", action="store_true",
                        help="compare travel by locality with visits at addresses (CP-SAT only)")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--brief", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one or args.brief:
        run = run_one if args.one else run_brief
        print(json.dumps(run(args.one or args.brief, args.time_limit, args.workers)))
        return 0
    print(f"cpus {os.cpu_count()} (shared with other work), time limit {args.time_limit} s")
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as folder:
        if args.addresses:
            _compare(args, folder)
            return 0
        for seed in args.seeds:
            path = f"{folder}/place-{seed}.json"
            _generate(seed, args, path)
            child = subprocess.Popen(
                [
                    sys.executable,
                    __file__,
                    "--one",
                    path,
                    "--time-limit",
                    str(args.time_limit),
                    "--workers",
                    str(args.workers),
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            out = child.stdout.read()
            _, _, usage = os.wait4(child.pid, 0)
            figures = json.loads(out)
            figures["peak_mb_process"] = round(usage.ru_maxrss / 1024)
            _print(seed, figures)
            print(
                f"  peak memory of the process (solve, then greedy) {figures['peak_mb_process']} MB"
            )
            print(f"  load average after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
