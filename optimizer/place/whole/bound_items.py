"""What the bounds need to know about each item and each worker, in minutes from the origin.

An item's *core* is the time it occupies whatever start it takes in its window, with the
shortest journey that can lead to it: from its latest start less that journey to its
earliest end. Two items whose cores overlap cannot both be worked by one person on one day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from optimizer.kernel import DAY, MINUTES_PER_HOUR, breaches, day_shape
from optimizer.place.eligibility import Eligibility, weeks
from optimizer.place.problem import PlaceProblem
from optimizer.place.travel import home_of, place_of
from optimizer.place.worktime import fixed_pieces, worker_rules


@dataclass(frozen=True)
class Item:
    """A visit or cover slot as the bounds see it."""

    id: str
    kind: str  # cover | visit
    units: int  # units of the fill rate: people on a shift, 1 for a visit
    carers: int  # people per unit (2 for a double-handed visit)
    weight: float  # unmet-demand weight of one unit
    names: tuple[str, ...]  # statically eligible workers
    day: int | None  # horizon day it starts on, None when its window crosses midnight
    latest: int  # latest start
    earliest_end: int
    duration: int
    lead: int  # shortest journey into its locality from anywhere (0 when unknown)
    mobile: bool  # a visit: the first journey of the day, from home, is work too

    @property
    def minutes(self) -> int:
        """Return the fewest working minutes one carer spends on it (a visit's journey too)."""
        return self.duration + (self.lead if self.mobile else 0)

    @property
    def first_by(self) -> int:
        """Return the latest moment the worker's day can begin if they take it."""
        return self.latest - (self.lead if self.mobile else 0)


def shortest_leads(problem: PlaceProblem) -> dict[str, int]:
    """Return, per locality, the shortest journey into it from anywhere (home or work).

    A location is not listed: a journey into it may take no time (the same address).
    """
    places = [loc.id for loc in problem.localities]
    anywhere = places + [spot.id for spot in problem.locations]
    return {b: min(problem.travel_minutes(a, b) for a in anywhere) for b in places}


def items(problem: PlaceProblem, eligibility: Eligibility) -> list[Item]:
    """Return every cover slot and visit as an `Item`."""
    leads, sites = shortest_leads(problem), {s.id: place_of(s) for s in problem.sites}
    found = []
    for slot in problem.cover:
        start, end = problem.minute(slot.start), problem.minute(slot.end)
        where = sites.get(slot.site)
        found.append(
            Item(
                slot.id, "cover", slot.required, 1, problem.weights.unmet_weight(slot.priority),
                tuple(eligibility.eligible_for_cover(slot)), start // DAY, start, end,
                end - start, leads.get(where, 0), False,
            )
        )  # fmt: skip
    for visit in problem.visits:
        first, last = problem.minute(visit.earliest_start), problem.minute(visit.last_start)
        found.append(
            Item(
                visit.id, "visit", 1, visit.carers, problem.weights.unmet_weight(visit.priority),
                tuple(sorted(eligibility.may_visit_around_leave(visit))),
                first // DAY if first // DAY == last // DAY else None, last,
                first + visit.duration_minutes, visit.duration_minutes,
                leads.get(place_of(visit), 0), True,
            )
        )  # fmt: skip
    return found


def reference_weeks_touched(problem: PlaceProblem, wt) -> int:
    """Return the Monday-anchored reference weeks the horizon touches (as the kernel counts)."""
    shift = ((problem.start.weekday() - wt.rest_anchor) % 7) * DAY
    return max(1, -(-(shift + problem.days * DAY) // (7 * DAY)))


def limit_minutes(problem: PlaceProblem, staff, wt) -> int:
    """Return the most minutes a worker's horizon can hold under the 48-hour average.

    The reference period ending in the horizon's last week holds every horizon week (when the
    horizon is no longer than the period) plus the weeks before it at the hours carried in
    (at the limit when unknown); longer horizons are split into whole periods.
    """
    touched, period = reference_weeks_touched(problem, wt), wt.reference_weeks
    if touched > period:
        return wt.weekly_limit * period * -(-touched // period)
    per_week = wt.weekly_limit if staff.carried_in_minutes is None else (
        staff.carried_in_minutes / max(1, period - 1)
    )  # fmt: skip
    return int(wt.weekly_limit * period - per_week * (period - touched))


def worker_minutes(problem: PlaceProblem, staff, wt) -> int:
    """Return the most minutes a worker can add: hours limits less the fixed work they have."""
    fixed = fixed_pieces(wt, problem.origin, staff)
    hours = sum(c.hours_per_week_max for c in staff.contracts)
    own = sum(p.end - p.start for p in fixed if p.employer in {c.employer for c in staff.contracts})
    cap = int(hours * MINUTES_PER_HOUR * weeks(problem)) - own
    if not staff.wtr_opt_out:
        cap = min(cap, limit_minutes(problem, staff, wt) - sum(p.end - p.start for p in fixed))
    return max(0, cap)


@dataclass(frozen=True)
class FixedDays:
    """A worker's fixed work by horizon day: (earliest start, latest end, minutes, cores)."""

    by_day: dict[int, tuple[int, int, int, list[tuple[int, int]]]]
    clean: bool  # the fixed work alone keeps every rule (else only clashes can be relied on)


def fixed_days(problem: PlaceProblem, staff, wt, leads: dict[str, int]) -> FixedDays:
    """Return a worker's fixed work grouped by the day it starts on."""
    pieces = fixed_pieces(wt, problem.origin, staff)
    grouped: dict[int, list] = defaultdict(list)
    for p in pieces:
        grouped[p.start // DAY].append(p)
    by_day, shapes, clean = {}, [], True
    for day, group in sorted(grouped.items()):
        cores = [(p.start - leads.get(p.locality, 0), p.end) for p in group]
        by_day[day] = (
            min(p.start for p in group), max(p.end for p in group),
            sum(p.end - p.start for p in group), cores,
        )  # fmt: skip
        shape = day_shape(group, home_of(staff), problem.travel_minutes, wt.break_length)
        clean = clean and shape is not None
        shapes += [shape] if shape is not None else []
    if pieces and clean:
        clean = not breaches(shapes, worker_rules(wt, problem.days, problem.start, staff))
    return FixedDays(by_day, clean)
