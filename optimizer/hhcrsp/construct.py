"""A fast first solution: patients taken by window opening, each appended to the cheapest carers.

Appending at the end of routes can always be scheduled (a synchronised pair's first start can
be pushed later, since nothing follows it yet), so the construction never fails when every
service has an able carer and each two-service patient two different ones.
"""

from __future__ import annotations

from itertools import product

from optimizer.hhcrsp.tasks import Tasks


def construct(
    tasks: Tasks, lateness_weight: int = 2, versatility: int = 0, delay_weight: float = 0.0
) -> list[list[int]]:
    """Routes built by appending each patient's services where travel plus weighted lateness
    is least, patients taken by window opening. `delay_weight` charges each start after the
    window opens, which spreads the work over carers before anyone runs late; `versatility`
    (time units per ability beyond the first) keeps carers who can do more free for the work
    only they can do."""
    routes: list[list[int]] = [[] for _ in range(tasks.caregivers)]
    reserve = [versatility * (len(c.abilities) - 1) for c in tasks.instance.caregivers]
    weights = (lateness_weight, delay_weight)
    ready = [tasks.ready_of(c) for c in range(tasks.caregivers)]
    by_patient: dict[int, list[int]] = {}
    for task in range(tasks.count):
        by_patient.setdefault(tasks.patient[task], []).append(task)
    order = sorted(
        by_patient, key=lambda p: (tasks.opens[by_patient[p][0]], tasks.closes[by_patient[p][0]])
    )
    for patient in order:
        group = by_patient[patient]
        if len(group) == 1:
            choice = _best_single(tasks, routes, ready, group[0], weights, reserve)
        else:
            choice = _best_pair(tasks, routes, ready, group, weights, reserve)
        for task, carer, start in choice:
            routes[carer].append(task)
            ready[carer] = start + tasks.duration[task]
    return routes


def _arrival(tasks: Tasks, routes, ready, carer: int, task: int) -> tuple[int, int]:
    """(travel to the task, earliest start there) when appended to the carer's route."""
    last = routes[carer][-1] if routes[carer] else None
    travel = tasks.leg(last, task, carer)
    return travel, max(tasks.opens[task], ready[carer] + travel)


def _best_single(tasks: Tasks, routes, ready, task: int, weights, reserve):
    best = None
    for carer in tasks.eligible[task]:
        travel, start = _arrival(tasks, routes, ready, carer, task)
        score = travel + _penalty(tasks, weights, task, start) + reserve[carer]
        if best is None or score < best[0]:
            best = (score, [(task, carer, start)])
    return best[1]


def _best_pair(tasks: Tasks, routes, ready, group: list[int], weights, reserve):
    first, second = group
    low, high = _gap(tasks, first)
    best = None
    for one, two in product(tasks.eligible[first], tasks.eligible[second]):
        if one == two:  # a patient's two services need two carers
            continue
        travel1, start1 = _arrival(tasks, routes, ready, one, first)
        travel2, start2 = _arrival(tasks, routes, ready, two, second)
        start2 = max(start2, start1 + low)
        start1 = max(start1, start2 - high)
        penalty = _penalty(tasks, weights, first, start1) + _penalty(tasks, weights, second, start2)
        score = travel1 + travel2 + penalty + reserve[one] + reserve[two]
        if best is None or score < best[0]:
            best = (score, [(first, one, start1), (second, two, start2)])
    if best is None:
        raise ValueError("no carers can keep this pair (solve.check_solvable rules this out)")
    return best[1]


def _penalty(tasks: Tasks, weights, task: int, start: int) -> float:
    """Weighted lateness and delay after the window opens, of a start."""
    late, delay = weights
    return late * max(0, start - tasks.closes[task]) + delay * (start - tasks.opens[task])


def _gap(tasks: Tasks, first: int) -> tuple[int, int]:
    """(min gap, max gap) of the pair whose first task this is (0, 0: simultaneous)."""
    for a, _b, low, high in tasks.pairs:
        if a == first:
            return low, high
    raise ValueError("not the first task of a synchronised pair")
