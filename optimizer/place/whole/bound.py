"""An upper bound on what any plan can fill, and the matching lower bound on the objective.

Two bounds, both true for every plan the validator accepts:
  - the flow bound: a visit or cover position can only be filled if enough workers pass the
    static rules for it (competence valid on the day, active delegation, a contract with an
    employer who may staff it, no leave over it); beyond that, the work minutes of fillable
    items can be no more than a max-flow of minutes from items (grouped by day and by who may
    do them) through each worker's day (at most the day's span) to the worker (at most the
    48-hour average and their contracts, less the fixed work they already have). It ignores
    the times of day and rest between days;
  - the LP bound (`bound_lp`): a linear relaxation per worker with the times of day, the day
    span as a window, daily rest and fixed work, solved one connected component of (item,
    worker) eligibility at a time.
The LP runs on each component small enough for the pair cap while the deadline lasts; the
others keep the flow bound. `Bound.kind` says which bound the figure is.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass

from ortools.graph.python import max_flow

from optimizer.place.eligibility import Eligibility
from optimizer.place.problem import PlaceProblem
from optimizer.place.whole.bound_items import (
    Item,
    fixed_days,
    items,
    shortest_leads,
    worker_minutes,
)
from optimizer.place.whole.bound_lp import lp_bound
from optimizer.place.worktime import working_time

MAX_PAIRS = 50_000  # (item, worker) pairs an LP may hold; larger components keep the flow


@dataclass(frozen=True)
class Bound:
    """The bounds and how they were found."""

    fill_rate: float  # no plan fills more
    objective: float  # no plan's objective is lower (the unmet demand no plan can avoid)
    kind: str  # "LP" | "flow" | "LP and flow" (which components got which) | "static"
    seconds: float


def place_bound(
    problem: PlaceProblem,
    eligibility: Eligibility | None = None,
    seconds: float = 5.0,
    max_pairs: int = MAX_PAIRS,
) -> Bound:
    """Return the tightest bound found within `seconds` (the flow bound where the LP is not).

    Args:
        problem: the place problem.
        eligibility: cached static facts, built if not given.
        seconds: the LP's budget; components left when it runs out keep the flow bound.
        max_pairs: the most (item, worker) pairs one component's LP may hold.
    """
    began = time.monotonic()
    eligibility = eligibility or Eligibility(problem)
    wt = working_time(problem.rules)
    every = items(problem, eligibility)
    total = sum(i.units for i in every)
    if not total:
        return Bound(1.0, 0.0, "static", 0.0)
    flow_units, flow_unmet = flow_bound(problem, every, wt)
    filled, weighted, flowed, kinds = 0, 0.0, [], set()
    leads = shortest_leads(problem)
    workers: dict = {}
    for component in _components(every):
        pairs = sum(len(i.names) for i in component)
        if not pairs:  # nobody may do any of them: static eligibility is exact
            continue
        left = seconds - (time.monotonic() - began)
        answer = None
        if pairs <= max_pairs and left > 0:
            for name in {n for i in component for n in i.names} - workers.keys():
                staff = eligibility.staff[name]
                workers[name] = (
                    worker_minutes(problem, staff, wt),
                    fixed_days(problem, staff, wt, leads),
                )
            answer = lp_bound(component, workers, wt, left)
        if answer is None:
            flowed += component
            continue
        kinds.add("LP")
        filled, weighted = filled + answer[0], weighted + answer[1]
    if flowed:
        kinds.add("flow")  # (alone: the flow over every item is the flow over these)
        filled += flow_bound(problem, flowed, wt)[0] if kinds != {"flow"} else flow_units
        weighted += sum(i.weight * _static(i) for i in flowed)
    demand = sum(i.weight * i.units for i in every)
    unmet = demand - weighted - 1e-7 * demand  # less the LP's tolerance
    fill = min(filled, flow_units) / total
    kind = "LP and flow" if len(kinds) > 1 else (kinds.pop() if kinds else "static")
    return Bound(fill, max(flow_unmet, unmet), kind, time.monotonic() - began)


def fill_bound(
    problem: PlaceProblem, eligibility: Eligibility | None = None, seconds: float = 5.0
) -> tuple[float, float]:
    """Return (upper bound on the fill rate, lower bound on the objective); see `place_bound`.

    The fill-rate bound counts units as the fill rate does (a person on a shift, a whole
    visit); the objective bound is the unmet-demand weight no plan can avoid.
    """
    found = place_bound(problem, eligibility, seconds)
    return found.fill_rate, found.objective


def _static(item: Item) -> int:
    """Return the units static eligibility leaves fillable."""
    if item.kind == "cover":
        return min(item.units, len(item.names))
    return int(len(item.names) >= item.carers)


def _components(every: list[Item]) -> list[list[Item]]:
    """Return the items grouped by connected component of their eligible workers."""
    parent: dict[str, str] = {}

    def find(a: str) -> str:
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for names in {i.names for i in every}:
        root = find(names[0]) if names else None
        for name in names[1:]:
            other = find(name)
            if other != root:
                parent[other] = root
    groups: dict[str | None, list[Item]] = defaultdict(list)
    for i in every:
        groups[find(i.names[0]) if i.names else None].append(i)
    return list(groups.values())


def flow_bound(problem: PlaceProblem, chosen: list[Item], wt) -> tuple[int, float]:
    """Return (fill units bound, unavoidable unmet weight) of the flow bound over some items."""
    fillable = 0
    unavoidable = 0.0
    groups: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    unit_minutes: list[int] = []
    for item in chosen:
        can = _static(item)
        fillable += can
        unavoidable += (item.units - can) * item.weight
        unit_minutes += [item.minutes * item.carers] * can
        if can:
            group = groups[item.day, item.names]  # day None: either day, only the week caps
            group[0] += can * item.minutes * item.carers
            group[1] += item.minutes
    capacity = _minutes_capacity(problem, groups, wt)
    if sum(unit_minutes) > capacity:
        fillable, used = 0, 0
        for minutes in sorted(unit_minutes):  # shortest first fills the most units
            used += minutes
            if used > capacity:
                break
            fillable += 1
    return fillable, unavoidable


def _minutes_capacity(problem: PlaceProblem, groups, wt) -> int:
    """Return the max-flow of work minutes from item groups through workers' days to workers."""
    flow = max_flow.SimpleMaxFlow()
    index = {s.id: 1 + i for i, s in enumerate(problem.staff)}
    sink = len(index) + 1
    days: dict[tuple[str, int], int] = {}
    nodes = iter(range(sink + 1, sink + 1 + len(groups) + len(index) * (problem.days + 2)))
    for (day, names), (demand, per_worker) in groups.items():
        node = next(nodes)
        flow.add_arc_with_capacity(0, node, demand)
        for name in names:
            if day is None:
                flow.add_arc_with_capacity(node, index[name], per_worker)
                continue
            if (name, day) not in days:
                days[name, day] = next(nodes)
                flow.add_arc_with_capacity(days[name, day], index[name], wt.max_day_span)
            flow.add_arc_with_capacity(node, days[name, day], per_worker)
    for staff in problem.staff:
        flow.add_arc_with_capacity(index[staff.id], sink, worker_minutes(problem, staff, wt))
    if flow.solve(0, sink) != flow.OPTIMAL:
        return 10**12
    return flow.optimal_flow()
