"""Start times for given routes: the earliest schedule, and its cost.

With the visiting order fixed, every rule is a lower bound of one start on another
(start >= previous end + travel, start >= window opening, the synchronisation gaps), so the
earliest start of every task is the least solution of those difference constraints, and since
tardiness never falls as a start moves later, it is also the cheapest schedule. Found by
relaxing the bounds until nothing moves; still moving after as many rounds as there are tasks
means the orders contradict each other (a cycle), and the routes have no schedule.
"""

from __future__ import annotations

from optimizer.hhcrsp.tasks import Tasks

Routes = list[list[int]]


def earliest_starts(tasks: Tasks, routes: Routes) -> list[int] | None:
    """The earliest start of every task on these routes, or None when they cannot be kept
    (including a patient's two services on one route: they need two carers)."""
    carer_of = {task: carer for carer, route in enumerate(routes) for task in route}
    for first, second, _low, _high in tasks.pairs:
        if first in carer_of and carer_of[first] == carer_of.get(second):
            return None
    starts = list(tasks.opens)
    for _ in range(tasks.count + 2):
        moved = _relax_routes(tasks, routes, starts)
        moved |= _relax_pairs(tasks, starts)
        if not moved:
            return starts if _in_time(tasks, starts) else None
    return None


def _in_time(tasks: Tasks, starts: list[int]) -> bool:
    """Whether every task starts by its last allowed start (when the caller sets one)."""
    return not tasks.latest or all(s <= last for s, last in zip(starts, tasks.latest, strict=True))


def _relax_routes(tasks: Tasks, routes: Routes, starts: list[int]) -> bool:
    moved = False
    for carer, route in enumerate(routes):
        ready, previous = tasks.ready_of(carer), None
        for task in route:
            earliest = ready + tasks.leg(previous, task, carer)
            if starts[task] < earliest:
                starts[task] = earliest
                moved = True
            ready, previous = starts[task] + tasks.duration[task], task
    return moved


def _relax_pairs(tasks: Tasks, starts: list[int]) -> bool:
    moved = False
    for first, second, low, high in tasks.pairs:
        if starts[second] < starts[first] + low:
            starts[second] = starts[first] + low
            moved = True
        if starts[first] < starts[second] - high:
            starts[first] = starts[second] - high
            moved = True
    return moved


def distance(tasks: Tasks, routes: Routes) -> int:
    """Total travel of the routes, legs from and back to home (the depot) included."""
    return sum(route_travel(tasks, route, carer) for carer, route in enumerate(routes))


def route_travel(tasks: Tasks, route: list[int], carer: int) -> int:
    """Travel of one carer's route, from home and back."""
    if not route:
        return 0
    stops = [None, *route, None]
    return sum(tasks.leg(a, b, carer) for a, b in zip(stops, stops[1:], strict=False))


def cost(tasks: Tasks, routes: Routes, starts: list[int]) -> tuple[int, int, int]:
    """(distance, total tardiness, maximum tardiness) in scaled units."""
    late = [max(0, starts[t] - tasks.closes[t]) for t in range(tasks.count)]
    return distance(tasks, routes), sum(late), max(late, default=0)


def evaluate(tasks: Tasks, routes: Routes) -> tuple[int, list[int]] | None:
    """(distance + total + maximum tardiness, each by its weight, starts) of the routes, or
    None if they cannot be scheduled or a carer's day breaks the caller's rules."""
    starts = earliest_starts(tasks, routes)
    if starts is None:
        return None
    check = tasks.route_check
    if check is not None and not all(check(c, r, starts) for c, r in enumerate(routes) if r):
        return None
    parts = cost(tasks, routes, starts)
    return sum(w * part for w, part in zip(tasks.weights, parts, strict=True)), starts
