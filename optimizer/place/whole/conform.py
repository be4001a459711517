"""Making the day-by-day plan keep every working-time rule before it is repaired and extended.

The day-by-day planner works from running totals that approximate some rules (weekly rest
per reference period, the 48-hour average, breaks, fixed work); the kernel checks them
exactly. A worker whose plan breaks a rule loses their latest pieces on the days at fault
until the plan is clean; double-handed visits left with one carer lose the other too. The
repair pass then refills with exact checks.
"""

from __future__ import annotations

from collections import Counter

from optimizer.kernel import breaches, unexcused
from optimizer.kernel.excuse import key
from optimizer.place.problem import PlaceProblem
from optimizer.place.whole.plans import Plans


def _bad_days(plans: Plans, name: str) -> list[int]:
    """Return the days (latest first) to trim for a worker, empty when their plan is clean."""
    shapes = plans.shapes[name]
    clashes = [d for d, s in shapes.items() if s is None]
    if clashes:
        return sorted(clashes, reverse=True)
    ordered = [shapes[d] for d in sorted(shapes)]
    found = breaches(ordered, plans.who[name], stop_at_first=True)
    shut = plans.closed(name) if found else []  # fixed work's own breaches: excused, unless
    found = unexcused(ordered, plans.who[name], shut) if shut else found  # work is in scope
    if not found:
        return []
    planned = [d for d in sorted(shapes) if any(not p.fixed for p in plans.days[name][d])]
    scope = [c for c in shut if key(c.breach) == key(found[0])]
    lo, hi = (scope[0].start, scope[0].end) if scope else _window(found[0])
    at_fault = [d for d in planned if shapes[d].last > lo and shapes[d].first < hi]
    return sorted(at_fault or planned, reverse=True)


def _window(breach) -> tuple[float, float]:
    """Return the minutes a breach is about (days outside it cannot be its cause)."""
    d = breach.detail
    if "at" in d:
        return d["at"], d["at"] + 1
    if "period" in d:
        return d["period"], d["period"] + d["length"]
    return float("-inf"), float("inf")


def conform(problem: PlaceProblem, staff_by_id, assignments: list) -> list:
    """Return the assignments less those that must go for every worker to keep every rule."""
    kept = list(assignments)
    for _ in range(3):  # dropping a visit can lengthen a leg; settle within a few rounds
        plans, dropped = Plans(problem, staff_by_id, kept), set()
        for name in list(plans.days):
            dropped |= _trim(plans, name)
        kept = [a for a in kept if (a.staff, a.item) not in dropped]
        kept = _whole_visits(problem, kept)
        if not dropped:
            break
    return kept


def _trim(plans: Plans, name: str) -> set[tuple[str, str]]:
    """Remove a worker's latest planned pieces until the plan is clean; return what went."""
    gone: set[tuple[str, str]] = set()
    while days := _bad_days(plans, name):
        day = days[0]
        movable = [p for p in plans.days[name][day] if not p.fixed]
        if not movable:
            break
        piece = max(movable, key=lambda p: p.start)
        plans.remove(name, piece)
        gone.add((name, plans.item_at[name, piece.start]))
    return gone


def _whole_visits(problem: PlaceProblem, kept: list) -> list:
    """Drop the remaining carers of a double-handed visit that lost one."""
    need = {v.id: v.carers for v in problem.visits}
    count = Counter(a.item for a in kept if a.kind == "visit")
    return [a for a in kept if a.kind != "visit" or count[a.item] >= need[a.item]]
