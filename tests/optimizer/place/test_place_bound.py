"""The place bound: never below what a plan can fill, and tighter where times of day bind.

The exhaustive search tries every worker on every item (a visit at its window's ends and
middle), and asks the independent validator's worker checks about each whole plan.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import timedelta

from place_factories import START, at, contract, place, slot, visit, worker

from optimizer.place import FixedWork, Site, Unavailability, problem_to_dict
from optimizer.place.check import validator as checks
from optimizer.place.eligibility import Eligibility
from optimizer.place.whole.bound import fill_bound, flow_bound, place_bound
from optimizer.place.whole.bound_items import items
from optimizer.place.worktime import working_time

WARDS = (Site("ward-1", "Ward 1", "loc-a", "trust"), Site("ward-2", "Ward 2", "loc-b", "trust"))


def _flow_rate(problem) -> float:
    """Return the flow bound's fill rate alone (today's bound)."""
    every = items(problem, Eligibility(problem))
    units, _ = flow_bound(problem, every, working_time(problem.rules))
    return units / sum(i.units for i in every)


def _options(problem, item):
    """Return each way to staff an item: (units, assignments as (worker, start, end, employer))."""
    if hasattr(item, "required"):
        moments, length, need, most = [item.start], item.end - item.start, 1, item.required
    else:
        middle = item.earliest_start + (item.latest_start - item.earliest_start) / 2
        moments = sorted({item.earliest_start, middle.replace(second=0), item.latest_start})
        length, need, most = timedelta(minutes=item.duration_minutes), item.carers, 1
    ways = [(0, ())]
    people = [(s.id, c.employer) for s in problem.staff for c in s.contracts]
    people = [(s, e) for s, e in people if e in item.employers]

    def groups(size, start=0):
        if size == 0:
            yield ()
            return
        for k in range(start, len(people)):
            for rest in groups(size - 1, k + 1):
                if people[k][0] not in {s for s, _ in rest}:
                    yield (people[k], *rest)

    for units in range(1, most + 1):
        for group in groups(units * need):
            for moment in moments:
                ways.append((units, tuple((s, moment, moment + length, e) for s, e in group)))
    return ways


def _legal(document, item_kinds, plan) -> bool:
    """Return whether the validator's assignment and worker checks accept a plan."""
    p = checks._Problem(document)
    rows = [
        {
            "staff": s,
            "item": item_id,
            "kind": item_kinds[item_id],
            "start": start.isoformat(timespec="minutes"),
            "end": end.isoformat(timespec="minutes"),
            "employer": employer,
        }
        for item_id, s, start, end, employer in plan
    ]
    if any(checks._check_assignment(p, a) for a in rows):
        return False
    by_staff = checks._by_staff(rows)
    return not any(checks._check_worker(p, p.staff[s], mine) for s, mine in by_staff.items())


def best_fill(problem) -> int:
    """Return the most units any plan the validator accepts fills (exhaustive, pruned)."""
    every = list(problem.cover) + list(problem.visits)
    kinds = {i.id: "cover" for i in problem.cover} | {i.id: "visit" for i in problem.visits}
    options = [sorted(_options(problem, i), key=lambda w: -w[0]) for i in every]
    most_left = [sum(max(u for u, _ in o) for o in options[k:]) for k in range(len(every))]
    document, best = problem_to_dict(problem), 0

    def search(k, filled, plan):
        nonlocal best
        if k == len(every):
            best = max(best, filled)
            return
        if filled + most_left[k] <= best:
            return
        for units, group in options[k]:
            trial = plan + [(every[k].id, *a) for a in group]
            if units and not _legal(document, kinds, trial):
                continue
            search(k + 1, filled + units, trial)

    search(0, 0, [])
    return best


def _random_place(seed: int):
    """Return a tiny random place: two or three workers, four or five items, one or two days."""
    rng = random.Random(seed)
    days = rng.choice([1, 2])
    staff = []
    for i in range(rng.randint(2, 3)):
        kinds = [contract("council", 10, rng.choice([3, 8, 20]))]
        if rng.random() < 0.5:
            kinds.append(contract("trust", 10, rng.choice([8, 20])))
        fixed = ()
        if rng.random() < 0.4:  # now and then 14 hours: the fixed work alone breaks the span
            d, h = rng.randrange(days), rng.randint(6, 18)
            hours = rng.choice([2, 3, 5, 14])
            fixed = (FixedWork(at(d, h), at(d, h + hours), "loc-b", "elsewhere"),)
        away = (Unavailability(at(0, 0), at(0, 12)),) if rng.random() < 0.15 else ()
        home = rng.choice(["loc-a", "loc-b"])
        staff.append(worker(f"w{i}", home, kinds, fixed_work=fixed, unavailable=away))
    count = rng.randint(4, 5)
    shifts = rng.randint(0, 2)
    visits = [
        visit(
            f"v{j}",
            day=rng.randrange(days),
            hour=rng.randint(6, 23),  # a late window may cross midnight
            window=rng.choice([0, 15, 45, 90]),
            duration=rng.choice([30, 60, 120]),
            person=f"p{j % 3}",
            locality=rng.choice(["loc-a", "loc-b"]),
            carers=2 if rng.random() < 0.2 else 1,
        )
        for j in range(count - shifts)
    ]
    cover = [
        slot(
            f"s{k}",
            day=rng.randrange(days),
            start=(rng.choice([7, 9, 14, 19, 21]), 0),
            hours=rng.choice([4, 8, 12]),
            site=rng.choice(["ward-1", "ward-2"]),
            employers=("trust",),
            required=rng.choice([1, 2]),
        )
        for k in range(shifts)
    ]
    return place(staff, visits, cover, days=days, sites=WARDS)


def test_the_bound_holds_every_plan_and_is_never_looser_than_the_flow_bound():
    """On sixty tiny random places: best fill <= new bound <= flow bound; tighter on some."""
    tighter = 0
    for seed in range(60):
        problem = _random_place(seed)
        total = sum(c.required for c in problem.cover) + len(problem.visits)
        found = place_bound(problem, seconds=30.0)
        assert found.kind == "LP", seed
        best = best_fill(problem)
        assert best <= round(found.fill_rate * total), (seed, best, found)
        assert found.fill_rate <= _flow_rate(problem) + 1e-12, seed
        tighter += found.fill_rate < _flow_rate(problem) - 1e-9
    assert tighter >= 5  # the times of day do bind on these places


def _two_at_once():
    """One trust worker; two shifts that overlap, one that ends too late after an early one."""
    staff = [worker("w1", "loc-a", [contract("trust", 37.5, 48)])]
    cover = [
        slot("early", day=0, start=(7, 0), hours=4, site="ward-1"),
        slot("mid", day=0, start=(9, 0), hours=4, site="ward-1"),
        slot("late", day=0, start=(19, 0), hours=3, site="ward-1"),
        slot("next", day=1, start=(6, 0), hours=4, site="ward-1"),
    ]
    return place(staff, cover=cover, days=2, sites=WARDS)


def test_time_of_day_conflicts_make_the_bound_strictly_lower_than_the_flow_bound():
    """Shifts 07-11 and 09-13 overlap; 06-10 the next day leaves under 11 hours' rest after
    19-22. At most two of the four can be worked, where the flow bound counts minutes only
    (all four fit in the day's 13 hours and the week's 48)."""
    problem = _two_at_once()
    assert _flow_rate(problem) == 1.0
    found = place_bound(problem)
    assert (found.kind, found.fill_rate) == ("LP", 0.5)
    assert best_fill(problem) == 2
    unmet = problem.weights.unmet_weight(2)
    assert found.objective == 2 * unmet - 1e-7 * 4 * unmet  # two of four unfilled, less slack
    assert fill_bound(problem) == (found.fill_rate, found.objective)


def test_a_tiny_budget_or_pair_cap_falls_back_to_the_flow_bound_and_says_so():
    """With no pairs allowed in an LP the figure is today's flow bound, and the kind says so."""
    problem = _two_at_once()
    found = place_bound(problem, max_pairs=0)
    assert (found.kind, found.fill_rate) == ("flow", 1.0)
    assert place_bound(problem, seconds=0.0).kind == "flow"


def test_the_48_hour_cap_counts_every_reference_week_the_horizon_touches():
    """A week from Wednesday touches two Monday-anchored weeks: 48 hours Wednesday to Sunday
    and 96 hours to Tuesday may be worked, so seven 8-hour shifts all fit (the old cap of 48
    hours in seven days said six)."""
    staff = [worker("w1", "loc-a", [contract("trust", 37.5, 80)])]
    cover = [slot(f"s{d}", day=d + 2, start=(7, 0), hours=8, site="ward-1") for d in range(7)]
    problem = replace(place(staff, cover=cover, days=7, sites=WARDS), start=START + timedelta(2))
    assert best_fill(problem) == 7
    assert fill_bound(problem)[0] == 1.0
    assert _flow_rate(problem) == 1.0


def test_leave_over_part_of_a_window_still_counts_the_worker():
    """Leave 09:00-09:30 in a visit's 08:00-10:00 window: the visit can start at 08:00 or
    09:30, so the bound must count it (static eligibility leaves the worker out)."""
    away = (Unavailability(at(0, 9), at(0, 9, 30)),)
    problem = place([worker("w1", "loc-a", unavailable=away)], [visit("v1", hour=8, window=120)])
    assert best_fill(problem) == 1
    assert fill_bound(problem) == (1.0, 0.0)
    assert _flow_rate(problem) == 1.0
