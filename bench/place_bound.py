"""Compute the place bound alone on a generated week: today's flow bound against the LP bound.

    python bench/place_bound.py --staff 1500 --seed 1 --seconds 60 --max-pairs 50000

Prints, per setting, the fill-rate bound, the objective bound, which bound it is and the
seconds, with the load average (the machine is shared). No solve is run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    """Run the measurement."""
    from optimizer.place import load_problem
    from optimizer.place.eligibility import Eligibility
    from optimizer.place.whole.bound import flow_bound, place_bound
    from optimizer.place.whole.bound_items import items
    from optimizer.place.worktime import working_time

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--staff", type=int, default=1500)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--seconds", type=float, nargs="+", default=[5.0, 60.0])
    parser.add_argument("--max-pairs", type=int, nargs="+", default=[50_000, 3_000_000])
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/place.json"
        generate = [sys.executable, str(ROOT / "bench" / "place_instance.py"), "--out", path]
        generate += ["--seed", str(args.seed), "--staff", str(args.staff), "--days", str(args.days)]
        subprocess.run(generate, check=True, capture_output=True)
        problem = load_problem(path)
    eligibility = Eligibility(problem)
    began = time.monotonic()
    every = items(problem, eligibility)  # fills the eligibility caches, as a solve has
    units, unmet = flow_bound(problem, every, working_time(problem.rules))
    total = sum(i.units for i in every)
    print(f"staff {args.staff} seed {args.seed}: {total} units, cpus {os.cpu_count()}")
    print(
        f"  flow bound: fill {units / total:.6f} objective {unmet:.1f} "
        f"{time.monotonic() - began:.1f} s, load {os.getloadavg()[0]:.2f}"
    )
    for seconds in args.seconds:
        for pairs in args.max_pairs:
            found = place_bound(problem, eligibility, seconds=seconds, max_pairs=pairs)
            print(
                f"  budget {seconds:g} s, pair cap {pairs}: fill {found.fill_rate:.6f} "
                f"objective {found.objective:.1f} ({found.kind}) {found.seconds:.1f} s, "
                f"load {os.getloadavg()[0]:.2f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
