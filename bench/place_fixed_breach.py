"""Solve a generated week where some staff carry fixed work, some of it already over the span.

    python bench/place_fixed_breach.py --staff 300 --seed 1 --time-limit 20

A tenth of the staff have another employer's 06:00-09:00 and 17:00-20:00 on one day (a
14-hour day: fixed work alone breaks the 13-hour span), a fifth an 08:00-16:00 shift there.
Prints the seconds (wall and CPU, with the load average: the machine is shared), the fill
rate against its bound, unfilled items by reason, how many name a worker whose fixed work
already breaks a rule, and the validator's verdict.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _with_fixed_work(problem, seed: int):
    """Return the problem with fixed work elsewhere for three staff in ten."""
    from optimizer.place import FixedWork

    rng, midnight = random.Random(seed), datetime.combine(problem.start, datetime.min.time())
    staff = []
    for s in problem.staff:
        draw, day = rng.random(), rng.randrange(problem.days)
        hours = [(6, 9), (17, 20)] if draw < 0.1 else [(8, 16)] if draw < 0.3 else []
        fixed = tuple(
            FixedWork(
                midnight + timedelta(days=day, hours=a),
                midnight + timedelta(days=day, hours=b),
                s.home_locality,
                "elsewhere",
            )
            for a, b in hours
        )
        staff.append(replace(s, fixed_work=fixed))
    return replace(problem, staff=tuple(staff))


def main(argv: list[str] | None = None) -> int:
    """Run the measurement."""
    from place_instance import generate

    from optimizer.place import solve

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--staff", type=int, default=300)
    parser.add_argument("--time-limit", type=float, default=20.0)
    args = parser.parse_args(argv)
    problem = _with_fixed_work(generate(args.seed, args.staff, 7), args.seed)
    began, cpu = time.monotonic(), time.process_time()
    solution = solve(problem, time_limit=args.time_limit, method="cpsat", workers=1)
    s = solution.summary
    shut = [
        u for u in solution.unfilled if any("fixed work already" in c.detail for c in u.candidates)
    ]
    print(
        f"staff {args.staff} seed {args.seed}: "
        f"{len(problem.visits)} visits, {len(problem.cover)} cover slots"
    )
    print(
        f"  {time.monotonic() - began:.1f} s wall, {time.process_time() - cpu:.1f} s CPU, "
        f"load {os.getloadavg()[0]:.2f}; fill {s.fill_rate:.4f} (bound {s.fill_rate_bound:.4f})"
    )
    print(f"  unfilled {len(solution.unfilled)} by reason {s.unfilled_by_reason}")
    print(f"  naming fixed work that already breaks a rule: {len(shut)}; validator {s.validator}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
