"""Move-based local search: take one visit out and put it back where it costs least.

Candidates are ranked by the change in travel alone (cheap); only the most promising few are
re-timed with the earliest schedule (exact cost, synchronisation included) and the first that
lowers the cost is kept. A visit that runs late is also tried in places that add travel.
"""

from __future__ import annotations

import random
import time

from optimizer.hhcrsp.schedule import evaluate
from optimizer.hhcrsp.tasks import Tasks

TRIED = 6  # candidates re-timed per visit


def relocate(tasks: Tasks, routes, cost: int, starts, deadline: float, rng: random.Random,
             tries: int | None = None):  # fmt: skip
    """Improve by single-visit moves until a full pass finds nothing or the deadline passes
    (or, counting work instead, `tries` visits have been tried); returns (routes, cost, starts)."""
    improved = True
    left = tries
    while improved and time.monotonic() < deadline and left != 0:
        improved = False
        order = list(range(tasks.count))
        rng.shuffle(order)
        for task in order:
            if time.monotonic() >= deadline or left == 0:
                break
            left = None if left is None else left - 1
            found = _best_move(tasks, routes, cost, starts, task)
            if found is not None:
                routes, cost, starts = found
                improved = True
    return routes, cost, starts


def _best_move(tasks: Tasks, routes, cost: int, starts, task: int):
    """The first re-timed candidate move of the task that lowers the cost, or None."""
    carer = next(c for c, route in enumerate(routes) if task in route)
    route = routes[carer]
    position = route.index(task)
    before = route[position - 1] if position > 0 else None
    after = route[position + 1] if position + 1 < len(route) else None
    leg = tasks.leg
    saved = leg(before, task, carer) + leg(task, after, carer) - leg(before, after, carer)
    late = starts[task] > tasks.closes[task]
    candidates = []
    for other in tasks.eligible[task]:
        target = [t for t in routes[other] if t != task]
        stops = [None, *target, None]
        for slot in range(len(target) + 1):
            if other == carer and slot == position:
                continue
            a, b = stops[slot], stops[slot + 1]
            added = leg(a, task, other) + leg(task, b, other) - leg(a, b, other)
            candidates.append((added - saved, other, slot))
    candidates.sort()
    chosen = [c for c in candidates[:TRIED] if c[0] < 0 or late]
    for _delta, other, slot in chosen:
        trial = [list(r) for r in routes]
        trial[carer].remove(task)
        trial[other].insert(slot, task)
        result = evaluate(tasks, trial)
        if result is not None and result[0] < cost:
            return trial, result[0], result[1]
    return None
