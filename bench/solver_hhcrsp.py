"""Benchmark the home-care routing engine on the Mankowska et al. HHCRSP instances.

    python bench/solver_hhcrsp.py                                  # all 70, 60 s each
    python bench/solver_hhcrsp.py --sizes 10 25 --time-limit 30
    python bench/solver_hhcrsp.py --instances InstanzVNS_HCSRP_300_1 --time-limit 30

Each instance runs in its own subprocess, so the peak memory reported is that instance's own
(ru_maxrss). Every solution goes through the independent validator; one it rejects, or whose
objective it recomputes differently from the engine's, is reported as INVALID. The best-known
values are read from the benchmark's README table. Prints a Markdown table and a summary row.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCHMARK = Path(os.environ.get("HHCRSP_DIR", "/work/shared/benchmarks/hhcrsp"))
AT_BEST = 1e-3  # within this of the best-known value counts as reaching it


def best_known() -> dict[str, float]:
    """Instance name -> best-known total cost, from the benchmark README's table."""
    text = (BENCHMARK / "README.md").read_text(encoding="utf-8")
    pattern = r"^\| (Instanz\S+) \| \d+ \| \d+ \| \d+ \| \d+ / \d+ \| ([\d.]+) \|"
    return {m[1]: float(m[2]) for m in re.finditer(pattern, text, re.M)}


def instance_names(sizes: list[int] | None) -> list[str]:
    """Every instance in the benchmark, by size then number (optionally only some sizes)."""
    names = [p.name.removesuffix(".json.gz") for p in (BENCHMARK / "mankowska").glob("*.json.gz")]
    names.sort(key=lambda n: tuple(int(x) for x in n.split("_")[-2:]))
    if sizes:
        names = [n for n in names if int(n.split("_")[-2]) in sizes]
    return names


def run_one(name: str, time_limit: float, workers: int, seed: int) -> dict:
    """Solve and validate one instance (in this process)."""
    from optimizer.hhcrsp.instance import load
    from optimizer.hhcrsp.solve import solve
    from optimizer.hhcrsp.tasks import SCALE
    from optimizer.hhcrsp.validator import validate

    instance = load(BENCHMARK / "mankowska" / f"{name}.json.gz")
    started = time.monotonic()
    plan = solve(instance, time_limit, seed, workers)
    seconds = time.monotonic() - started
    verdict = validate(instance, plan.to_json())
    agrees = abs(verdict.objective - plan.cost / SCALE / 3) < 1e-6
    return {
        "instance": name,
        "patients": len(instance.patients),
        "objective": verdict.objective,
        "distance": verdict.distance,
        "total_late": verdict.total_tardiness,
        "max_late": verdict.max_tardiness,
        "first_seconds": plan.first_seconds,
        "seconds": seconds,
        "rounds": plan.rounds,
        "valid": verdict.valid and agrees,
        "broken": list(verdict.problems[:3]),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_in_child(name: str, time_limit: float, workers: int, seed: int) -> dict:
    """Run one instance in a fresh interpreter and read its JSON result."""
    command = [sys.executable, __file__, "--child", name, "--time-limit", str(time_limit)]
    command += ["--workers", str(workers), "--seed", str(seed)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def gap(result: dict, best: dict[str, float]) -> float:
    """Percentage above the best-known value."""
    return 100 * (result["objective"] - best[result["instance"]]) / best[result["instance"]]


HEADER = (
    "| Instance | Patients | Objective | Best known | Gap % | Distance | Total late | Max late "
    "| First valid s | Seconds | Peak MB | Validator |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def row(result: dict, best: dict[str, float]) -> str:
    """One Markdown table row."""
    cells = [
        result["instance"], result["patients"], f"{result['objective']:.3f}",
        f"{best[result['instance']]:.3f}", f"{gap(result, best):.2f}".replace("-0.00", "0.00"),
        f"{result['distance']:.3f}", f"{result['total_late']:.3f}", f"{result['max_late']:.3f}",
        f"{result['first_seconds']:.2f}", f"{result['seconds']:.1f}", f"{result['peak_mb']:.0f}",
        "valid" if result["valid"] else "INVALID " + "; ".join(result["broken"]),
    ]  # fmt: skip
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def summary(results: list[dict], best: dict[str, float]) -> str:
    """Instances at best known, mean and worst gap, slowest first solution, memory, validity."""
    gaps = [gap(r, best) for r in results]
    at_best = sum(1 for r in results if r["objective"] <= best[r["instance"]] + AT_BEST)
    valid = sum(1 for r in results if r["valid"])
    first = max(r["first_seconds"] for r in results)
    cells = [
        f"**all {len(results)}**", "", f"{at_best} at best known", "",
        f"mean {sum(gaps) / len(gaps) + 0:.2f}, worst {max(gaps):.2f}".replace("-0.00", "0.00"),
        "", "", "",
        f"max {first:.2f}", f"{sum(r['seconds'] for r in results):.0f} total",
        f"max {max(r['peak_mb'] for r in results):.0f}", f"{valid}/{len(results)} valid",
    ]  # fmt: skip
    return "| " + " | ".join(cells) + " |"


def main() -> int:
    """Run the chosen instances and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", nargs="+", help="instance names (default: all 70)")
    parser.add_argument("--sizes", type=int, nargs="+", help="only these patient counts")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(run_one(args.child, args.time_limit, args.workers, args.seed)))
        return 0
    best = best_known()
    names = args.instances or instance_names(args.sizes)
    print(
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, {args.workers} "
        f"CP-SAT worker(s), {args.time_limit:g} s per instance, seed {args.seed}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(HEADER, flush=True)
    results = []
    for name in names:
        results.append(run_in_child(name, args.time_limit, args.workers, args.seed))
        print(row(results[-1], best), flush=True)
    print(summary(results, best))
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0 if all(r["valid"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
