"""A scenario's solves, away from the database: the baseline, each seed's sample, each fix.

Runs in a child process the job can stop; takes plain data and returns plain data.
"""

from __future__ import annotations

import dataclasses
import resource
import time
from dataclasses import dataclass

import optimizer.place as engine
from webapp.services.scenarios import cache
from webapp.services.scenarios import fixes as fixes_
from webapp.services.scenarios.baseline import Baseline
from webapp.services.scenarios.changes import Changes
from webapp.services.scenarios.levers import apply
from webapp.services.scenarios.results import measure, median_run, spread


@dataclass(frozen=True)
class Settings:
    """How each solve runs. One CP-SAT worker per solve, so a job uses one core and two
    workers run two scenarios at once on two cores. Solves are deterministic: a fixed amount
    of CP-SAT work (`plan_work`) seeded by the scenario's seed, so the same seed gives the same
    result; `time_limit` is only the safety net (a solve it cuts says so)."""

    time_limit: float = 300.0
    method: str = "cpsat"
    workers: int = 1
    fixes: bool = True
    plan_work: float = engine.Budget.plan_work
    cache_dir: str = ""  # where baseline solutions are kept for reuse ("": not kept)


def work(baseline: Baseline, changes: Changes, seeds: list[int], settings: Settings,
         report=lambda done, total, message: None) -> dict:
    """Solve the baseline, the scenario once per seed and each fix; return the aggregates."""
    total = 1 + len(seeds) + (fixes_.MAX_FIXES if settings.fixes else 0)
    began, cpu = time.monotonic(), time.process_time()
    report(0, total, "solving the baseline")
    base, hint = cache.baseline(baseline, settings, lambda problem: _solve(problem, settings))
    runs, solved = [], []
    for n, seed in enumerate(seeds, start=1):
        report(n, total, f"solving the scenario, sample {n} of {len(seeds)} (seed {seed})")
        problem, solution = _solve(apply(baseline, changes, seed), settings, seed, hint)
        runs.append(dict(measure(problem, solution, baseline.titles), seed=seed))
        solved.append((problem, solution))
    middle = median_run(runs)
    found = _fixes(baseline, changes, seeds[middle], solved[middle], runs[middle], settings,
                   lambda k, label: report(1 + len(seeds) + k, total, f"trying: {label}"))
    return {"baseline": base, "runs": runs, "spread": spread(runs), "shown": middle,
            "fixes": found, "seconds": round(time.monotonic() - began, 1),
            "cpu_seconds": round(time.process_time() - cpu, 1),
            "peak_mb": peak_mb(),
            "settings": dataclasses.asdict(dataclasses.replace(settings, cache_dir=""))}


def _solve(problem, settings: Settings, seed: int = 0, hint=()):
    """Solve deterministically with this seed, starting from the baseline's plan if given."""
    budget = engine.Budget(seed=seed, plan_work=settings.plan_work)
    solution = engine.solve(problem, settings.time_limit, settings.method, settings.workers,
                            budget=budget, hint=hint)
    return problem, solution


def _fixes(baseline, changes, seed, solved, run, settings, say) -> list[dict]:
    """Re-run the shown sample with each candidate fix, from its plan; rank by effect."""
    if not settings.fixes:
        return []
    found = []
    for k, fix in enumerate(fixes_.candidates(baseline, changes, *solved)):
        say(k, fix.label)
        fixed = apply(baseline, changes.plus(**fix.levers), seed)
        better = measure(*_solve(fixed, settings, seed, solved[1].assignments), baseline.titles)
        visits = run["unmet_visits"] - better["unmet_visits"]
        hours = round(run["unmet_hours"] - better["unmet_hours"], 1)
        found.append({"label": fix.label, "levers": fix.levers, "units": fix.units,
                      "unit": fix.unit, "visits": visits, "hours": hours,
                      "visits_per_unit": round(visits / fix.units, 2),
                      "hours_per_unit": round(hours / fix.units, 2),
                      "fill_rate": better["fill_rate"]})
    return fixes_.ranked(found)


def peak_mb() -> int:
    """This process's own peak memory: VmHWM (ru_maxrss on Linux also counts the process
    this one was forked from before it exec'd)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            line = next(x for x in status if x.startswith("VmHWM:"))
        return int(line.split()[1]) // 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
