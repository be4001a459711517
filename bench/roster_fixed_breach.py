"""Solve a Curtois ward under the Working Time Regulations, with fixed work short of rest.

    python bench/roster_fixed_breach.py --instance 4 --seed 1 --time-limit 20

The instance is read as published, the regulations switched on at the kernel's defaults
(breaks left off: the benchmark's shifts state none),
and fixed work added: a tenth of the staff have another employer's 22:00-24:00 on one day
and 06:00-08:00 the next (six hours' rest: the fixed work alone breaks the daily rest, so
both days are closed to the roster), a fifth an 08:00-16:00 on one day. Prints the seconds
(wall and CPU, with the load average: the machine is shared), the objective and bound, the
shifts rostered inside a closed pair of days, and the validator's verdict.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCHMARK = Path(os.environ.get("CURTOIS_DIR", "/work/shared/benchmarks/curtois"))
DAY = 24 * 60


def _with_fixed_work(problem, seed: int):
    """Return the problem with the regulations on and fixed work for three staff in ten."""
    from optimizer.roster.problem import WorkingTimeRules

    rng, staff, closed = random.Random(seed), [], {}
    for person in problem.staff:
        draw, day = rng.random(), rng.randrange(problem.days - 1)
        if draw < 0.1:
            fixed = (
                (day * DAY + 22 * 60, (day + 1) * DAY),
                ((day + 1) * DAY + 360, (day + 1) * DAY + 480),
            )
            closed[person.id] = {day, day + 1}
        else:
            fixed = ((day * DAY + 480, day * DAY + 960),) if draw < 0.3 else ()
        staff.append(replace(person, fixed_work=fixed))
    return replace(
        problem, staff=tuple(staff), working_time=WorkingTimeRules(break_minutes=None)
    ), closed


def main(argv: list[str] | None = None) -> int:
    """Run the measurement."""
    from optimizer.roster.check.validator import validate
    from optimizer.roster.curtois import load
    from optimizer.roster.options import SolveOptions
    from optimizer.roster.search.solve import solve

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=20.0)
    args = parser.parse_args(argv)
    problem, closed = _with_fixed_work(load(BENCHMARK / f"Instance{args.instance}.txt"), args.seed)
    began, cpu = time.monotonic(), time.process_time()
    solution = solve(problem, SolveOptions(time_limit=args.time_limit, workers=1, seed=args.seed))
    wall, used = time.monotonic() - began, time.process_time() - cpu
    inside = [a for a in solution.assignments if a.day in closed.get(a.staff, ())]
    report = validate(problem, solution.assignments)
    print(
        f"instance {args.instance} seed {args.seed}: {len(problem.staff)} staff, "
        f"{problem.days} days, {len(closed)} with fixed work short of rest"
    )
    print(
        f"  {wall:.1f} s wall, {used:.1f} s CPU (this process), load {os.getloadavg()[0]:.2f}; "
        f"{solution.status} objective {solution.objective} bound {solution.bound:.0f}"
    )
    print(
        f"  shifts inside a closed pair of days: {len(inside)}; "
        f"validator {'valid' if report.valid else f'{len(report.broken)} problems'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
