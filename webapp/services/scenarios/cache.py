"""Baseline solutions kept for reuse, so a batch of scenarios solves its place's baseline once.

A deterministic solve's result depends only on its problem, its settings and the engine's
code, so the baseline's aggregates and plan (the hint each scenario starts from) are kept
under a digest of the three. A solve the safety net cut short is not kept.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from datetime import datetime
from pathlib import Path

import optimizer.place as engine
from webapp.services.scenarios.changes import Changes
from webapp.services.scenarios.levers import apply
from webapp.services.scenarios.results import measure


def baseline(base, settings, solve) -> tuple[dict, tuple]:
    """Return the baseline's aggregates and plan: kept ones if any, else solved (and kept).

    Args:
        base: the scenario's `Baseline`.
        settings: the run's `Settings` (`cache_dir` empty: nothing is kept).
        solve: solves a problem, returning (problem, solution).
    """
    problem = apply(base, Changes(), 0)
    path = _path(problem, base, settings)
    if path is not None and path.exists():
        try:
            return _read(path)
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a damaged file is solved again and replaced
    problem, solution = solve(problem)
    measured = measure(problem, solution, base.titles)
    if path is not None and solution.summary.repeatable.startswith("yes"):
        _write(path, measured, solution.assignments)
    return measured, solution.assignments


def _path(problem, base, settings) -> Path | None:
    if not settings.cache_dir:
        return None
    key = {"problem": engine.problem_to_dict(problem), "titles": base.titles,
           "settings": [settings.method, settings.workers, settings.plan_work],
           "engine": _engine_digest()}
    digest = hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()
    return Path(settings.cache_dir) / f"baseline-{digest}.json"


@functools.cache
def _engine_digest() -> str:
    """A digest of the place engine's source: changed code never reuses an older result."""
    root = Path(engine.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _read(path: Path) -> tuple[dict, tuple]:
    kept = json.loads(path.read_text(encoding="utf-8"))
    plan = tuple(engine.Assignment(staff, item, kind, datetime.fromisoformat(start),
                                   datetime.fromisoformat(end), employer)
                 for staff, item, kind, start, end, employer in kept["plan"])
    return kept["measure"], plan


def _write(path: Path, measured: dict, plan) -> None:
    """Write whole or not at all (another worker may be reading or writing the same file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [[a.staff, a.item, a.kind, a.start.isoformat(), a.end.isoformat(), a.employer]
            for a in plan]
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        json.dump({"measure": measured, "plan": rows}, out)
    os.replace(temporary, path)
