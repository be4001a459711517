"""An upper bound on what any plan can fill, and the matching lower bound on the objective.

A visit or cover position can only be filled if enough workers pass the static rules for it
(competence valid on the day, active delegation, a contract with an employer who may staff
it, no leave over it). Beyond that, the work minutes of fillable items can be no more than
a max-flow of minutes from items (grouped by who may do them) to workers, each capped by the
48-hour limit and their contracts. The bound ignores rest, travel and day spans, so it is loose.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.graph.python import max_flow

from optimizer.kernel import MINUTES_PER_HOUR
from optimizer.place.eligibility import Eligibility, weeks
from optimizer.place.problem import PlaceProblem


def _items(problem: PlaceProblem, eligibility: Eligibility):
    """Yield (kind, units, priority, minutes, eligible staff ids) for each item."""
    for slot in problem.cover:
        minutes = problem.minute(slot.end) - problem.minute(slot.start)
        yield "cover", slot.required, slot.priority, minutes, eligibility.eligible_for_cover(slot)
    for visit in problem.visits:
        yield (
            "visit",
            visit.carers,
            visit.priority,
            visit.duration_minutes,
            eligibility.eligible_for_visit(visit),
        )


def fill_bound(
    problem: PlaceProblem, eligibility: Eligibility | None = None
) -> tuple[float, float]:
    """Return (upper bound on the fill rate, lower bound on the objective).

    Args:
        problem: the place problem.
        eligibility: cached static facts, built if not given.

    Returns:
        The fill-rate bound and the unmet-demand weight no plan can avoid.
    """
    eligibility = eligibility or Eligibility(problem)
    total = fillable = 0
    unavoidable = 0.0
    groups: dict[tuple[str, ...], list[int]] = defaultdict(lambda: [0, 0])
    unit_minutes: list[int] = []
    for kind, units, priority, minutes, names in _items(problem, eligibility):
        total += units
        can = units if len(names) >= units else (len(names) if kind == "cover" else 0)
        fillable += can
        unavoidable += (
            units - can if kind == "cover" else int(can == 0)
        ) * problem.weights.unmet_weight(priority)
        unit_minutes += [minutes] * can
        if can:
            group = groups[tuple(names)]
            group[0] += can * minutes
            group[1] += minutes
    capacity = _minutes_capacity(problem, groups)
    if sum(unit_minutes) > capacity:
        fillable, used = 0, 0
        for minutes in sorted(unit_minutes):  # shortest first fills the most units
            used += minutes
            if used > capacity:
                break
            fillable += 1
    return (min(fillable, total) / total if total else 1.0), unavoidable


def _minutes_capacity(problem: PlaceProblem, groups) -> int:
    """Return the max-flow of work minutes from item groups to the workers eligible for them."""
    flow = max_flow.SimpleMaxFlow()
    index = {s.id: 1 + i for i, s in enumerate(problem.staff)}
    sink = len(index) + 1
    for node, (names, (demand, per_worker)) in enumerate(groups.items(), start=sink + 1):
        flow.add_arc_with_capacity(0, node, demand)
        for name in names:
            flow.add_arc_with_capacity(node, index[name], per_worker)
    for staff in problem.staff:
        hours = sum(c.hours_per_week_max for c in staff.contracts)
        if not staff.wtr_opt_out:
            hours = min(hours, problem.rules.weekly_max_hours)
        cap = int(hours * MINUTES_PER_HOUR * weeks(problem))
        flow.add_arc_with_capacity(index[staff.id], sink, cap)
    if flow.solve(0, sink) != flow.OPTIMAL:
        return 10**12
    return flow.optimal_flow()
