"""An upper bound on what any plan can fill, and the matching lower bound on the objective.

A visit or cover position can only be filled if enough workers pass the static rules for it
(competence valid on the day, active delegation, a contract with an employer who may staff
it, no leave over it). Beyond that, the work minutes of fillable items can be no more than a
max-flow of minutes from items (grouped by day and by who may do them) through each worker's
day (at most the day's span) to the worker (at most the 48-hour limit and their contracts,
less the fixed work they already have). A visit's minutes include the shortest journey that
can lead to it, since travel between pieces of work is working time. The bound still ignores
rest between days and the times of day, so it is an upper bound, not a promise.
"""

from __future__ import annotations

from collections import defaultdict

from ortools.graph.python import max_flow

from optimizer.kernel import DAY, MINUTES_PER_HOUR
from optimizer.place.eligibility import Eligibility, weeks
from optimizer.place.problem import PlaceProblem
from optimizer.place.worktime import fixed_pieces, working_time


def _shortest_leg(problem: PlaceProblem) -> dict[str, int]:
    """Return, per locality, the shortest journey into it from anywhere (home or work)."""
    places = [loc.id for loc in problem.localities]
    return {b: min(problem.travel_minutes(a, b) for a in places) for b in places}


def _items(problem: PlaceProblem, eligibility: Eligibility):
    """Yield (units, weight per unit, minutes per unit and carer, day, eligible ids, kind)."""
    legs = _shortest_leg(problem)
    for slot in problem.cover:
        start = problem.minute(slot.start)
        names = eligibility.eligible_for_cover(slot)
        weight = problem.weights.unmet_weight(slot.priority)
        yield slot.required, weight, problem.minute(slot.end) - start, start // DAY, names, "cover"
    for visit in problem.visits:
        minutes = visit.duration_minutes + legs.get(visit.locality, 0)
        day = problem.minute(visit.earliest_start) // DAY
        names = eligibility.eligible_for_visit(visit)
        weight = problem.weights.unmet_weight(visit.priority)
        yield 1, weight, minutes * visit.carers, day, (names, visit.carers), "visit"


def fill_bound(
    problem: PlaceProblem, eligibility: Eligibility | None = None
) -> tuple[float, float]:
    """Return (upper bound on the fill rate, lower bound on the objective).

    Args:
        problem: the place problem.
        eligibility: cached static facts, built if not given.

    Returns:
        The fill-rate bound (units as the fill rate counts them: a person on a shift, a whole
        visit) and the unmet-demand weight no plan can avoid.
    """
    eligibility = eligibility or Eligibility(problem)
    total = fillable = 0
    unavoidable = 0.0
    groups: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    unit_minutes: list[int] = []
    for units, weight, minutes, day, names, kind in _items(problem, eligibility):
        names, carers = names if kind == "visit" else (names, 1)
        total += units
        can = min(units, len(names)) if kind == "cover" else int(len(names) >= carers)
        fillable += can
        unavoidable += (units - can) * weight
        unit_minutes += [minutes] * can
        if can:
            group = groups[day, tuple(names)]
            group[0] += can * minutes
            group[1] += minutes // carers
    capacity = _minutes_capacity(problem, groups)
    if sum(unit_minutes) > capacity:
        fillable, used = 0, 0
        for minutes in sorted(unit_minutes):  # shortest first fills the most units
            used += minutes
            if used > capacity:
                break
            fillable += 1
    return (min(fillable, total) / total if total else 1.0), unavoidable


def _worker_minutes(problem: PlaceProblem, staff, wt) -> int:
    """Return the most minutes a worker can add: hours limits less the fixed work they have."""
    fixed = fixed_pieces(wt, problem.origin, staff)
    hours = sum(c.hours_per_week_max for c in staff.contracts)
    own = sum(p.end - p.start for p in fixed if p.employer in {c.employer for c in staff.contracts})
    cap = int(hours * MINUTES_PER_HOUR * weeks(problem)) - own
    if not staff.wtr_opt_out:
        limit = int(problem.rules.weekly_max_hours * MINUTES_PER_HOUR * weeks(problem))
        cap = min(cap, limit - sum(p.end - p.start for p in fixed))
    return max(0, cap)


def _minutes_capacity(problem: PlaceProblem, groups) -> int:
    """Return the max-flow of work minutes from item groups through workers' days to workers."""
    wt = working_time(problem.rules)
    flow = max_flow.SimpleMaxFlow()
    index = {s.id: 1 + i for i, s in enumerate(problem.staff)}
    sink = len(index) + 1
    days: dict[tuple[str, int], int] = {}
    nodes = iter(range(sink + 1, sink + 1 + len(groups) + len(index) * (problem.days + 2)))
    for (day, names), (demand, per_worker) in groups.items():
        node = next(nodes)
        flow.add_arc_with_capacity(0, node, demand)
        for name in names:
            if (name, day) not in days:
                days[name, day] = next(nodes)
                flow.add_arc_with_capacity(days[name, day], index[name], wt.max_day_span)
            flow.add_arc_with_capacity(node, days[name, day], per_worker)
    for staff in problem.staff:
        flow.add_arc_with_capacity(index[staff.id], sink, _worker_minutes(problem, staff, wt))
    if flow.solve(0, sink) != flow.OPTIMAL:
        return 10**12
    return flow.optimal_flow()
