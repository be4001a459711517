"""A repair pass over the whole plan: fill what the decomposition left, crossing its boundaries.

The day-by-day, locality-by-locality solve keeps a carer in one locality a day and to the
days planned for them. Here every unfilled item, most urgent first, is offered to every
statically eligible worker, checking each rule exactly against their whole plan: travel
between visits in any localities, the day's span, daily and weekly rest, the 48-hour limit
across employers and each contract's hours.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict

from optimizer.kernel import DAY
from optimizer.place.eligibility import Eligibility
from optimizer.place.plans import Plans
from optimizer.place.problem import PlaceProblem
from optimizer.place.solution import Assignment


def repair(
    problem: PlaceProblem,
    assignments: list[Assignment],
    eligibility: Eligibility | None = None,
    seconds: float = 60.0,
):
    """Fill unfilled visits and cover, most urgent first, wherever a worker can still take them.

    Args:
        problem: the place problem.
        assignments: the plan so far.
        eligibility: cached static facts (built if not given).
        seconds: time budget; items not reached by then stay unfilled.

    Returns:
        The plan with the repairs added.
    """
    eligibility = eligibility or Eligibility(problem)
    plans, result = Plans(problem, eligibility.staff, assignments), list(assignments)
    count = Counter(a.item for a in assignments)
    carers = defaultdict(set)
    for a in assignments:
        carers[a.item].add(a.staff)
    items = [(c.priority, 0, c) for c in problem.cover] + [
        (v.priority, 1, v) for v in problem.visits
    ]
    deadline = time.monotonic() + seconds
    for _, kind, item in sorted(items, key=lambda t: (t[0], t[1], t[2].id)):
        if time.monotonic() > deadline:
            break
        if kind == 0 and count[item.id] < item.required:
            result += _fill_cover(
                problem, eligibility, plans, item, item.required - count[item.id], carers[item.id]
            )
        elif kind == 1 and count[item.id] == 0:
            result += _fill_visit(problem, eligibility, plans, item)
    return result


def _by_cost(eligibility, names, employers):
    """Order workers cheapest first (by their cheapest usable contract)."""

    def rate(name):
        return min(
            c.cost_per_hour for c in eligibility.staff[name].contracts if c.employer in employers
        )

    return sorted(names, key=lambda n: (rate(n), n))


def _fill_cover(problem, eligibility, plans: Plans, slot, missing, already) -> list[Assignment]:
    """Add workers to a short shift."""
    added = []
    start, end = problem.minute(slot.start), problem.minute(slot.end)
    for name in _by_cost(
        eligibility,
        [n for n in eligibility.eligible_for_cover(slot) if n not in already],
        slot.employers,
    ):
        staff = eligibility.staff[name]
        for k in eligibility.contracts_for(name, slot.employers):
            work = plans.piece(slot.id, "cover", start, end, staff.contracts[k].employer)
            profile = plans.try_add(staff, work)
            if profile is not None:
                plans.add(name, work, profile)
                added.append(
                    Assignment(name, slot.id, "cover", slot.start, slot.end, work.employer)
                )
                break
        if len(added) == missing:
            break
    return added


def _fill_visit(problem, eligibility, plans: Plans, visit, tries: int = 60) -> list[Assignment]:
    """Add a visit's carers, all at one start time, if enough can take it."""
    earliest, latest = problem.minute(visit.earliest_start), problem.minute(visit.latest_start)
    day = earliest // DAY
    names = _by_cost(eligibility, eligibility.eligible_for_visit(visit), visit.employers)
    names.sort(key=lambda n: not plans.works_near(n, day, visit.locality))
    for start in sorted({earliest, latest, (earliest + latest) // 2}):
        chosen = []
        for name in names[:tries]:
            staff = eligibility.staff[name]
            for k in eligibility.contracts_for(name, visit.employers):
                end = start + visit.duration_minutes
                work = plans.piece(visit.id, "visit", start, end, staff.contracts[k].employer)
                profile = plans.try_add(staff, work)
                if profile is not None:
                    chosen.append((name, work, profile))
                    break
            if len(chosen) == visit.carers:
                return _commit_visit(problem, plans, visit, chosen)
    return []


def _commit_visit(problem, plans: Plans, visit, chosen) -> list[Assignment]:
    """Record the carers of a repaired visit."""
    result = []
    for name, work, profile in chosen:
        plans.add(name, work, profile)
        result.append(
            Assignment(
                name, visit.id, "visit", problem.at(work.start), problem.at(work.end), work.employer
            )
        )
    return result
