"""Insertion over the whole plan: fill what the decomposition left, crossing its boundaries.

The day-by-day, locality-by-locality solve keeps a carer in one locality a day and to the
days planned for them. Here every unfilled item, most urgent first, is offered to every
statically eligible worker at every start time that matters (see `insertion.starts`),
checking each rule exactly against their whole plan, fixed work included. A plan only grows
here, so an item that cannot be inserted now could not be inserted later in the same pass:
one complete pass leaves nothing insertable.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from optimizer.kernel import DAY
from optimizer.place.budget import Deadline, deadline
from optimizer.place.eligibility import Eligibility
from optimizer.place.problem import PlaceProblem
from optimizer.place.solution import Assignment
from optimizer.place.whole.insertion import able_at
from optimizer.place.whole.plans import Plans


def repair(
    problem: PlaceProblem,
    assignments: list[Assignment],
    eligibility: Eligibility | None = None,
    seconds: float | Deadline = 60.0,
):
    """Insert unfilled visits and cover, most urgent first, wherever a worker can take them.

    Args:
        problem: the place problem.
        assignments: the plan so far.
        eligibility: cached static facts (built if not given).
        seconds: time budget, or a `Deadline` (which may count checks); items not reached
            by then stay unfilled.

    Returns:
        The plan with the insertions added.
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
    until = deadline(seconds)
    for _, kind, item in sorted(items, key=lambda t: (t[0], t[1], t[2].id)):
        if until.passed():
            break
        if kind == 0 and count[item.id] < item.required:
            result += _fill_cover(
                plans, eligibility, item, count[item.id], carers[item.id], until
            )
        elif kind == 1 and count[item.id] == 0:
            result += _fill_visit(plans, eligibility, item, until)
    return result


def _by_cost(eligibility, names, employers):
    """Order workers cheapest first (by their cheapest usable contract)."""

    def rate(name):
        return min(
            c.cost_per_hour for c in eligibility.staff[name].contracts if c.employer in employers
        )

    return sorted(names, key=lambda n: (rate(n), n))


def _fill_cover(plans: Plans, eligibility, slot, filled, already, until) -> list[Assignment]:
    """Add workers to a short shift, cheapest first."""
    added = []
    names = [n for n in eligibility.eligible_for_cover(slot) if n not in already]
    names = _by_cost(eligibility, names, slot.employers)
    while filled + len(added) < slot.required and names:
        found = able_at(plans, eligibility, slot, "cover", names, 1, until)
        if found is None:
            break
        _, [(name, piece, shape)] = found
        plans.add(name, piece, shape)
        plans.item_at[name, piece.start] = slot.id
        names.remove(name)
        added.append(Assignment(name, slot.id, "cover", slot.start, slot.end, piece.employer))
    return added


def _fill_visit(plans: Plans, eligibility, visit, until) -> list[Assignment]:
    """Add a visit's carers, all at one start, if enough can take it: nearby, then cheapest."""
    day = plans.problem.minute(visit.earliest_start) // DAY
    names = _by_cost(eligibility, eligibility.may_visit_around_leave(visit), visit.employers)
    names.sort(key=lambda n: not plans.works_near(n, day, visit.locality))
    found = able_at(plans, eligibility, visit, "visit", names, visit.carers, until)
    if found is None:
        return []
    problem, result = plans.problem, []
    for name, piece, shape in found[1]:
        plans.add(name, piece, shape)
        plans.item_at[name, piece.start] = visit.id
        result.append(
            Assignment(
                name,
                visit.id,
                "visit",
                problem.at(piece.start),
                problem.at(piece.end),
                piece.employer,
            )
        )
    return result
