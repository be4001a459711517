"""The objective of a whole plan and its hours and cost by employer and funder.

Travel for a worker's day is home to their first visit, between visits, and from their last
visit home; each leg is charged to the employer of the visit it leads to (the way home to
the last visit's). A worker's minutes for one employer are paid at the contract rate up to
its contracted hours and at the overtime rate beyond.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from optimizer.kernel import DAY, MINUTES_PER_HOUR
from optimizer.place.eligibility import weeks
from optimizer.place.problem import PlaceProblem
from optimizer.place.solution import Assignment
from optimizer.place.travel import home_of, place_of
from optimizer.place.visit_times import late_minutes


@dataclass
class Totals:
    """The terms of the objective and the figures reported with it."""

    terms: dict[str, float] = field(default_factory=dict)
    filled_units: int = 0
    total_units: int = 0
    hours_by_employer: dict[str, float] = field(default_factory=dict)
    cost_by_employer: dict[str, float] = field(default_factory=dict)
    cost_by_funder: dict[str, float] = field(default_factory=dict)

    @property
    def objective(self) -> float:
        """Return the weighted sum of all terms."""
        return sum(self.terms.values())

    @property
    def fill_rate(self) -> float:
        """Return the share of demand units (visits, people on shifts) filled."""
        return self.filled_units / self.total_units if self.total_units else 1.0


def _worker_days(problem: PlaceProblem, assignments: list[Assignment]):
    """Group assignments by (worker, calendar day of their start), each sorted by start."""
    days: dict[tuple[str, int], list[Assignment]] = defaultdict(list)
    for a in assignments:
        days[a.staff, problem.minute(a.start) // DAY].append(a)
    for items in days.values():
        items.sort(key=lambda a: a.start)
    return days


def _legs(problem, staff, items, visits) -> dict[int, int]:
    """Return, by position in one worker-day, the journey to each visit: from home to the
    first, from each visit to the next (shifts at a site do not move the carer's start)."""
    legs, where = {}, home_of(staff)
    for position, a in enumerate(items):
        if a.kind == "visit":
            there = place_of(visits[a.item])
            legs[position], where = problem.travel_minutes(where, there), there
    return legs


def _minutes_by_item(problem, staff, items, visits) -> list[tuple[Assignment, int, int]]:
    """Return (assignment, minutes, travel minutes leading to or from it) for one worker-day:
    the journey to each visit, and home again after the last."""
    legs, result = _legs(problem, staff, items, visits), []
    last = max(legs, default=None)
    for position, a in enumerate(items):
        travel = legs.get(position, 0)
        if position == last:
            travel += problem.travel_minutes(place_of(visits[a.item]), home_of(staff))
        result.append((a, int((a.end - a.start).total_seconds() // 60), travel))
    return result


def travel_before(problem: PlaceProblem, assignments: list[Assignment]) -> dict[tuple, int]:
    """Return the journey minutes before each visit of a plan, by (worker, visit): the legs
    the objective pays, so a visit list shows the travel the plan was judged on."""
    visits, staff = {v.id: v for v in problem.visits}, {s.id: s for s in problem.staff}
    found = {}
    for (who, _), items in _worker_days(problem, assignments).items():
        for position, leg in _legs(problem, staff[who], items, visits).items():
            found[who, items[position].item] = leg
    return found


def compute_totals(problem: PlaceProblem, assignments: list[Assignment]) -> Totals:
    """Return the objective terms, fill rate, hours and costs of a plan.

    Args:
        problem: the place problem.
        assignments: the plan.

    Returns:
        The totals.
    """
    weights, totals = problem.weights, Totals()
    visits = {v.id: v for v in problem.visits}
    staff_by_id = {s.id: s for s in problem.staff}
    minutes: dict[tuple[str, str], list[tuple[Assignment, int]]] = defaultdict(list)
    travel_total = unsocial_penalty = day_off = 0.0
    unsocial_days: dict[str, int] = defaultdict(int)
    for (staff_id, day), items in _worker_days(problem, assignments).items():
        staff = staff_by_id[staff_id]
        for a, item_minutes, travel in _minutes_by_item(problem, staff, items, visits):
            minutes[staff_id, a.employer].append((a, item_minutes + travel))
            travel_total += travel
        unsocial_days[staff_id] += _is_unsocial(problem, day, items, visits)
        day_off += problem.date_of_day(day) in staff.preferred_days_off
    unsocial_penalty = sum(n * n for n in unsocial_days.values())
    cost = _pay(problem, staff_by_id, minutes, totals)
    totals.terms = {
        "unmet": _unmet(problem, assignments, totals),
        "cost": weights.cost * cost,
        "travel": weights.travel * travel_total,
        "continuity": weights.continuity * _extra_carers(assignments, visits),
        "fairness": weights.fairness * unsocial_penalty,
        "preference": weights.preference_day_off * day_off
        + weights.preference_carer * _non_preferred(assignments, visits),
        "lateness": weights.lateness * _minutes_late(problem, assignments, visits),
    }
    return totals


def _minutes_late(problem: PlaceProblem, assignments, visits) -> int:
    """Return minutes visits start after their windows, once per visit (its carers together)."""
    starts = {a.item: problem.minute(a.start) for a in assignments if a.kind == "visit"}
    return sum(late_minutes(problem, visits[item], start) for item, start in starts.items())


def _is_unsocial(problem: PlaceProblem, day: int, items, visits) -> bool:
    """A day is unsocial if it is a weekend, has a night shift, or a visit opening after 20:00."""
    if problem.date_of_day(day).weekday() >= 5:
        return True
    cover = {c.id: c for c in problem.cover} if any(a.kind == "cover" for a in items) else {}
    for a in items:
        if a.kind == "cover" and cover[a.item].shift == "night":
            return True
        if (
            a.kind == "visit"
            and visits[a.item].earliest_start.hour >= problem.rules.unsocial_from_hour
        ):
            return True
    return False


def _pay(problem, staff_by_id, minutes, totals: Totals) -> float:
    """Return total pay; fill hours and cost by employer and cost by funder."""
    funders = {v.id: v.funder for v in problem.visits} | {c.id: c.funder for c in problem.cover}
    total = 0.0
    for (staff_id, employer), items in minutes.items():
        contract = next(c for c in staff_by_id[staff_id].contracts if c.employer == employer)
        worked = sum(m for _, m in items)
        base = min(worked, int(contract.hours_per_week * MINUTES_PER_HOUR * weeks(problem)))
        pay = (
            base * contract.cost_per_hour + (worked - base) * contract.overtime_cost_per_hour
        ) / 60
        total += pay
        totals.hours_by_employer[employer] = totals.hours_by_employer.get(employer, 0) + worked / 60
        totals.cost_by_employer[employer] = totals.cost_by_employer.get(employer, 0) + pay
        for a, m in items:
            share = pay * m / worked if worked else 0.0
            totals.cost_by_funder[funders[a.item]] = (
                totals.cost_by_funder.get(funders[a.item], 0) + share
            )
    return total


def _unmet(problem: PlaceProblem, assignments, totals: Totals) -> float:
    """Return weighted unmet demand and count filled and total units."""
    count: dict[str, int] = defaultdict(int)
    for a in assignments:
        count[a.item] += 1
    weights, unmet = problem.weights, 0.0
    for slot in problem.cover:
        short = max(0, slot.required - count[slot.id])
        unmet += short * weights.unmet_weight(slot.priority)
        totals.filled_units += slot.required - short
        totals.total_units += slot.required
    for visit in problem.visits:
        served = count[visit.id] >= visit.carers
        unmet += 0 if served else weights.unmet_weight(visit.priority)
        totals.filled_units += served
        totals.total_units += 1
    return unmet


def _extra_carers(assignments, visits) -> int:
    """Return, summed over people, distinct carers this horizon beyond the first."""
    carers: dict[str, set[str]] = defaultdict(set)
    for a in assignments:
        if a.kind == "visit":
            carers[visits[a.item].person].add(a.staff)
    return sum(len(c) - 1 for c in carers.values())


def _non_preferred(assignments, visits) -> int:
    """Return visit assignments to a carer outside the person's preferred carers, if any listed."""
    return sum(
        1
        for a in assignments
        if a.kind == "visit"
        and visits[a.item].preferred_carers
        and a.staff not in visits[a.item].preferred_carers
    )
