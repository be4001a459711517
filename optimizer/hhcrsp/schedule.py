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
            return starts
    return None


def _relax_routes(tasks: Tasks, routes: Routes, starts: list[int]) -> bool:
    moved = False
    for route in routes:
        ready, previous = 0, None
        for task in route:
            earliest = ready + tasks.leg(previous, task)
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
    """Total travel of the routes, depot legs included."""
    total = 0
    for route in routes:
        if route:
            stops = [None, *route, None]
            total += sum(tasks.leg(a, b) for a, b in zip(stops, stops[1:], strict=False))
    return total


def cost(tasks: Tasks, routes: Routes, starts: list[int]) -> tuple[int, int, int]:
    """(distance, total tardiness, maximum tardiness) in scaled units."""
    late = [max(0, starts[t] - tasks.closes[t]) for t in range(tasks.count)]
    return distance(tasks, routes), sum(late), max(late, default=0)


def evaluate(tasks: Tasks, routes: Routes) -> tuple[int, list[int]] | None:
    """(distance + total + maximum tardiness, starts) of the routes, or None if unschedulable."""
    starts = earliest_starts(tasks, routes)
    if starts is None:
        return None
    return sum(cost(tasks, routes, starts)), starts
