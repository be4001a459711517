"""The LP bound: a linear relaxation (GLOP) of who works which item, one component at a time.

x[item, worker] in [0, 1] for each statically eligible pair that no fixed work rules out;
each item takes at most its units (a double-handed visit its carers together). Workers alike
for the LP are summed into one kind (`_classes`), every constraint times their number. Per
worker:
  - items whose cores overlap on one day (the time each holds whatever its start, with the
    shortest journey into it) take at most one of them: a clique at each core's start;
  - the day span: taking an item that ends late shuts out the items that start too early,
    through a chain of "the day began by t" variables, and the day's working minutes fit
    in the span;
  - daily rest: an item on the next day that starts too soon after an item's earliest end
    shuts it out, through a chain of "the day ended after t" variables;
  - the hours limits (48-hour average with hours carried in, contracts, less fixed work).
When a worker's fixed work already breaks a rule, only the clashes and hours are kept for that
worker: a looser bound than it could be (the validator also shuts the breach's day or period to
new work, `optimizer.kernel.excuse`), but still a bound. Every constraint holds for every plan the
validator accepts, so the LP optimum is an upper bound on fill and its weighted twin a
lower bound on unmet demand.
"""

from __future__ import annotations

import math
import time
from bisect import bisect_left, bisect_right
from collections import defaultdict

from ortools.linear_solver import pywraplp

from optimizer.place.whole.bound_items import FixedDays, Item

EPS = 1e-6  # slack on the solver's optimum before rounding down to whole units


def _drop(item: Item, fixed: FixedDays, wt) -> bool:
    """Return whether the worker's fixed work rules the item out for them."""
    day = fixed.by_day.get(item.day) if item.day is not None else None
    core = (item.latest - item.lead, item.earliest_end)
    if day is not None and any(core[0] < b and a < core[1] for a, b in day[3]):
        return True  # a clash, always reported
    if not fixed.clean or item.day is None:
        return False
    if day is not None and (
        item.earliest_end - day[0] > wt.max_day_span or day[1] - item.first_by > wt.max_day_span
    ):
        return True
    before, after = fixed.by_day.get(item.day - 1), fixed.by_day.get(item.day + 1)
    return bool(
        (before and item.first_by - before[1] < wt.daily_rest)
        or (after and after[0] - item.earliest_end < wt.daily_rest)
    )


INF = math.inf


def _add(solver, terms, low: float, high: float) -> None:
    """Add low <= sum(coefficient * variable) <= high, each variable once in `terms`."""
    row = solver.Constraint(low, high)
    for coefficient, variable in terms:
        row.SetCoefficient(variable, coefficient)


def _cliques(solver, pairs, size: int):
    """Add the maximal cliques of overlapping cores: at most one item of each."""
    events = []
    for i, x in pairs:
        if i.latest - i.lead < i.earliest_end:
            events += [(i.latest - i.lead, 1, x), (i.earliest_end, 0, x)]
    events.sort(key=lambda e: (e[0], e[1]))  # an end before a start at the same minute
    held: dict = {}
    grew = False
    for _, starts, x in events:
        if starts:
            held[id(x)] = x
            grew = True
            continue
        if grew and len(held) > 1:  # the set just before its first end is a maximal clique
            _add(solver, [(1, v) for v in held.values()], -INF, size)
        grew = False
        held.pop(id(x), None)


def _chain(solver, values: list[int], size: int, name: str) -> list:
    """Return monotone relaxed variables in [0, size], one per sorted threshold."""
    return [solver.NumVar(0, size, f"{name}{k}") for k in range(len(values))]


def _span(solver, pairs, wt, fixed_minutes: int, size: int, tag: str):
    """Add the day-span chain and the day's minutes for one worker-day (times `size` alike)."""
    room = max(0, wt.max_day_span - fixed_minutes) * size
    _add(solver, [(i.minutes, x) for i, x in pairs], -INF, room)
    starts = sorted({i.first_by for i, _ in pairs})
    began = _chain(solver, starts, size, f"b{tag}_")  # began[k]: the day began by starts[k]
    for k in range(len(starts) - 1):
        _add(solver, [(1, began[k]), (-1, began[k + 1])], -INF, 0)
    for i, x in pairs:
        _add(solver, [(1, x), (-1, began[bisect_left(starts, i.first_by)])], -INF, 0)
    for i, x in pairs:  # too early: first_by < earliest_end - span
        k = bisect_left(starts, i.earliest_end - wt.max_day_span) - 1
        if k >= 0:
            _add(solver, [(1, x), (1, began[k])], -INF, size)


def _rest(solver, today, tomorrow, wt, size: int, tag: str):
    """Add the daily-rest chain between one worker's two consecutive days."""
    ends = sorted({i.earliest_end for i, _ in today})
    ended = _chain(solver, ends, size, f"e{tag}_")  # ended[k]: the day ended by ends[k] or later
    for k in range(len(ends) - 1):
        _add(solver, [(1, ended[k + 1]), (-1, ended[k])], -INF, 0)
    for i, x in today:
        _add(solver, [(1, x), (-1, ended[bisect_left(ends, i.earliest_end)])], -INF, 0)
    for j, x in tomorrow:  # too close: earliest_end > first_by - rest
        k = bisect_right(ends, j.first_by - wt.daily_rest)
        if k < len(ends):
            _add(solver, [(1, x), (1, ended[k])], -INF, size)


def _classes(component: list[Item], workers: dict) -> list[tuple[str, int, list[int]]]:
    """Return workers alike for the LP (same items, hours, fixed work) as (one, how many, items).

    Summing alike workers' constraints keeps a relaxation (any plan still satisfies the sums)
    and makes the LP as large as the kinds of worker, not the workers.
    """
    mine: dict[str, list[int]] = defaultdict(list)
    for n, item in enumerate(component):
        for name in item.names:
            mine[name].append(n)
    alike: dict[tuple, list[str]] = defaultdict(list)
    for name, held in mine.items():
        cap, fixed = workers[name]
        days = tuple(sorted((d, a, b, m, tuple(c)) for d, (a, b, m, c) in fixed.by_day.items()))
        alike[tuple(held), cap, fixed.clean, days].append(name)
    return [(names[0], len(names), list(key[0])) for key, names in alike.items()]


def lp_bound(component: list[Item], workers: dict, wt, seconds: float):
    """Return (fill units bound, weighted fill bound) of one component, or None if not solved.

    Args:
        component: the component's items.
        workers: per worker id, (minutes they can add, `FixedDays`).
        wt: the working-time parameters.
        seconds: the budget for building and solving both LPs (None when it runs out).
    """
    deadline = time.monotonic() + seconds
    solver = pywraplp.Solver.CreateSolver("GLOP")
    fill = [
        solver.NumVar(0, i.units if i.kind == "cover" else 1, f"y{n}")
        for n, i in enumerate(component)
    ]
    taken: list[list] = [[] for _ in component]
    for c, (name, size, held) in enumerate(_classes(component, workers)):
        if time.monotonic() > deadline:
            return None
        cap, fixed = workers[name]
        pairs = []
        for n in held:
            if not _drop(component[n], fixed, wt):
                pairs.append((component[n], solver.NumVar(0, size, f"x{n}_{c}")))
                taken[n].append(pairs[-1][1])
        _add(solver, [(i.minutes, x) for i, x in pairs], -INF, cap * size)
        days: dict[int, list] = defaultdict(list)
        for i, x in pairs:
            if i.day is not None:
                days[i.day].append((i, x))
        for day, today in days.items():
            _cliques(solver, today, size)
            if fixed.clean:
                held_day = fixed.by_day.get(day)
                minutes = held_day[2] if held_day else 0
                _span(solver, today, wt, minutes, size, f"{c}_{day}")
                if day + 1 in days:
                    _rest(solver, today, days[day + 1], wt, size, f"{c}_{day}")
    for n, item in enumerate(component):
        _add(solver, [(1, x) for x in taken[n]] + [(-item.carers, fill[n])], 0, 0)
    answers, objective = [], solver.Objective()
    objective.SetMaximization()
    for weights in ([1.0] * len(fill), [i.weight for i in component]):
        for take, weight in zip(fill, weights, strict=True):
            objective.SetCoefficient(take, weight)
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        solver.SetTimeLimit(max(1, int(left * 1000)))
        if solver.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        answers.append(objective.Value())
    return math.floor(answers[0] + EPS), answers[1]
