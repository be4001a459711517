"""Which part of a solution the search frees next: related routes, related visits, a slice of day.

Each returns (free tasks, open carers); a free task's current carer is always open, so leaving
it where it is stays possible and the current solution stays inside the neighbourhood.
"""

from __future__ import annotations

import random

from optimizer.hhcrsp.tasks import Tasks


def choose(tasks: Tasks, routes, starts, rng: random.Random, size: float):
    """One neighbourhood, picked at random, scaled by `size` (1.0: about a dozen tasks)."""
    pick = rng.choice((related_routes, related_visits, day_slice, late_visits))
    return pick(tasks, routes, starts, rng, size)


def _carer_of(routes) -> dict[int, int]:
    return {task: carer for carer, route in enumerate(routes) for task in route}


def _closeness(tasks: Tasks, starts, a: int, b: int) -> int:
    """How far apart two tasks are, in place and in time."""
    return tasks.leg(a, b) + abs(starts[a] - starts[b]) // 2


def _related_carers(tasks: Tasks, routes, starts, seed: int, count: int, rng) -> list[int]:
    """The seed carer and those whose routes pass nearest to it, in place and time."""
    mine = routes[seed]
    scores = []
    for carer, route in enumerate(routes):
        if carer == seed:
            continue
        if not route or not mine:
            score = 10**12 + rng.random()
        else:
            sample = rng.sample(mine, min(4, len(mine)))
            score = min(_closeness(tasks, starts, a, b) for a in sample for b in route)
        scores.append((score * (0.7 + 0.6 * rng.random()), carer))
    return [seed] + [carer for _, carer in sorted(scores)[: count - 1]]


def related_routes(tasks: Tasks, routes, starts, rng, size: float):
    """A few carers whose routes run close, all their visits free."""
    busy = [c for c, route in enumerate(routes) if route] or [0]
    count = max(2, round(2.5 * size))
    carers = _related_carers(tasks, routes, starts, rng.choice(busy), count, rng)
    return {t for c in carers for t in routes[c]}, set(carers)


def late_visits(tasks: Tasks, routes, starts, rng, size: float):
    """One of the latest visits and those related to it (as related_visits)."""
    lateness = sorted(range(tasks.count), key=lambda t: tasks.closes[t] - starts[t])
    late = [t for t in lateness[:5] if starts[t] > tasks.closes[t]]
    if not late:
        return related_visits(tasks, routes, starts, rng, size)
    return related_visits(tasks, routes, starts, rng, size, seed=rng.choice(late))


def related_visits(tasks: Tasks, routes, starts, rng, size: float, seed: int | None = None):
    """A visit and those nearest it in place and time (with synchronised partners), free over
    their carers and a couple more."""
    if seed is None:
        seed = rng.randrange(tasks.count)
    count = max(4, round(12 * size))
    nearest = sorted(range(tasks.count), key=lambda t: _closeness(tasks, starts, seed, t))
    free: set[int] = set()
    for task in nearest:
        if len(free) >= count:
            break
        free.add(task)
        if tasks.partner[task] is not None:
            free.add(tasks.partner[task])
    carer_of = _carer_of(routes)
    open_carers = {carer_of[t] for t in free}
    able = sorted({c for t in free for c in tasks.eligible[t]} - open_carers)
    open_carers |= set(rng.sample(able, min(2, len(able))))
    return free, open_carers


def day_slice(tasks: Tasks, routes, starts, rng, size: float):
    """A few related carers' visits within one stretch of the day."""
    busy = [c for c, route in enumerate(routes) if route] or [0]
    count = max(3, round(4 * size))
    carers = _related_carers(tasks, routes, starts, rng.choice(busy), count, rng)
    pool = [t for c in carers for t in routes[c]]
    if not pool:
        return set(), set(carers)
    centre = starts[rng.choice(pool)]
    per_route = max(2, round(4 * size))
    free = set()
    for carer in carers:
        ranked = sorted(routes[carer], key=lambda t: abs(starts[t] - centre))
        free.update(ranked[:per_route])
    return free, set(carers)
