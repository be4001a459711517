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
from dataclasses import dataclass

from optimizer.place.eligibility import Eligibility, weeks
from optimizer.place.problem import PlaceProblem
from optimizer.place.solution import Assignment


@dataclass(frozen=True)
class Work:
    """One piece of a worker's plan, in minutes."""

    start: int
    end: int
    locality: str | None  # None for a shift
    employer: str


def _profile(problem: PlaceProblem, home: str, items: list[Work]):
    """Return (first, last, minutes by employer) of a day, or None if travel or overlap fails."""
    items = sorted(items, key=lambda w: w.start)
    here, busy_until, last_kind, first = home, None, None, None
    minutes: Counter = Counter()
    for w in items:
        leg = problem.travel_minutes(here, w.locality) if w.locality else 0
        here = w.locality or here
        gap = leg if last_kind == "visit" and w.locality else 0
        if busy_until is not None and w.start < busy_until + gap:
            return None
        first = w.start - leg if first is None else first
        minutes[w.employer] += w.end - w.start + leg
        busy_until = w.end if busy_until is None else max(busy_until, w.end)
        last_kind = "visit" if w.locality else "cover"
    last = busy_until
    calls = [w for w in items if w.locality]
    if calls:
        back = problem.travel_minutes(here, home)
        minutes[calls[-1].employer] += back
        last = max(last, calls[-1].end + back)
    return first, last, minutes


class Plans:
    """Every worker's plan by day, with each day's profile cached, to test one more item."""

    def __init__(self, problem: PlaceProblem, staff_by_id, assignments: list[Assignment]):
        self.problem, self.staff = problem, staff_by_id
        self.totals: dict[str, Counter] = {}
        self.caps = {
            name: {c.employer: c.hours_per_week_max for c in s.contracts}
            for name, s in staff_by_id.items()
        }
        self.days: dict[str, dict[int, list[Work]]] = defaultdict(dict)
        self.profiles: dict[str, dict[int, tuple]] = defaultdict(dict)
        locality = {v.id: v.locality for v in problem.visits}
        for a in assignments:
            start, end = problem.minute(a.start), problem.minute(a.end)
            self.days[a.staff].setdefault(start // 1440, []).append(
                Work(start, end, locality.get(a.item), a.employer)
            )
        for name, days in self.days.items():
            home = staff_by_id[name].home_locality
            for day, items in days.items():
                self.profiles[name][day] = _profile(problem, home, items)

    def check(self, staff, work: Work) -> tuple[str, tuple | None]:
        """Return ("ok", the day's new profile) if `work` fits the worker's plan, else (rule, None).

        Rules in order: busy (overlap, or travel between visits), day_span, daily_rest,
        weekly_rest, weekly_limit (48 hours across employers), contract_hours.
        """
        problem, rules, day = self.problem, self.problem.rules, work.start // 1440
        profile = _profile(problem, staff.home_locality, self.days[staff.id].get(day, []) + [work])
        if profile is None:
            return "busy", None
        if profile[1] - profile[0] > rules.max_day_span_hours * 60:
            return "day_span", None
        profiles = dict(self.profiles[staff.id])
        profiles[day] = profile
        ordered = [profiles[d] for d in sorted(profiles)]
        if any(
            b[0] - a[1] < rules.daily_rest_hours * 60
            for a, b in zip(ordered, ordered[1:], strict=False)
        ):
            return "daily_rest", None
        if problem.days >= 7 and not _weekly_rest(problem, ordered):
            return "weekly_rest", None
        rule = self._hours_rule(staff, ordered)
        return (rule, None) if rule else ("ok", profile)

    def try_add(self, staff, work: Work):
        """Return the worker's new profile of the day if `work` breaks no rule, else None."""
        if self._clearly_not(staff, work):
            return None
        return self.check(staff, work)[1]

    def _clearly_not(self, staff, work: Work) -> bool:
        """Return True when `work` surely breaks a rule (overlap, span, hours), before travel."""
        today = self.days[staff.id].get(work.start // 1440, ())
        if any(w.start < work.end and work.start < w.end for w in today):
            return True
        first = min([work.start] + [w.start for w in today])
        last = max([work.end] + [w.end for w in today])
        if last - first > self.problem.rules.max_day_span_hours * 60:
            return True
        used, scale = self.minutes_by_employer(staff.id), 60 * weeks(self.problem)
        length = work.end - work.start
        if used[work.employer] + length > self.caps[staff.id][work.employer] * scale:
            return True
        limit = self.problem.rules.weekly_max_hours * scale
        return not staff.wtr_opt_out and sum(used.values()) + length > limit

    def _hours_rule(self, staff, profiles) -> str | None:
        """Return the hours rule broken (48-hour limit, then contract hours), or None."""
        total: Counter = Counter()
        for _, _, minutes in profiles:
            total.update(minutes)
        scale = 60 * weeks(self.problem)
        if (
            not staff.wtr_opt_out
            and sum(total.values()) > self.problem.rules.weekly_max_hours * scale
        ):
            return "weekly_limit"
        if any(total[c.employer] > c.hours_per_week_max * scale for c in staff.contracts):
            return "contract_hours"
        return None

    def minutes_by_employer(self, staff_id: str) -> Counter:
        """Return the worker's minutes so far, travel included, by employer (cached)."""
        if staff_id not in self.totals:
            total: Counter = Counter()
            for _, _, minutes in self.profiles[staff_id].values():
                total.update(minutes)
            self.totals[staff_id] = total
        return self.totals[staff_id]

    def add(self, staff_id: str, work: Work, profile) -> None:
        """Add a piece of work, and the day's new profile, to a worker's plan."""
        day = work.start // 1440
        self.days[staff_id].setdefault(day, []).append(work)
        self.profiles[staff_id][day] = profile
        self.totals.pop(staff_id, None)

    def works_near(self, staff_id: str, day: int, locality: str) -> bool:
        """Return whether the worker already visits this locality that day."""
        return any(w.locality == locality for w in self.days[staff_id].get(day, ()))


def _weekly_rest(problem: PlaceProblem, profiles) -> bool:
    """Return whether some 24 hours of rest remain in the week."""
    edges = [0] + [m for p in profiles for m in (p[0], p[1])] + [problem.days * 1440]
    gaps = [edges[i + 1] - edges[i] for i in range(0, len(edges), 2)]
    return max(gaps) >= problem.rules.weekly_rest_hours * 60


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
            work = Work(start, end, None, staff.contracts[k].employer)
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
    day = earliest // 1440
    names = _by_cost(eligibility, eligibility.eligible_for_visit(visit), visit.employers)
    names.sort(key=lambda n: not plans.works_near(n, day, visit.locality))
    for start in sorted({earliest, latest, (earliest + latest) // 2}):
        chosen = []
        for name in names[:tries]:
            staff = eligibility.staff[name]
            for k in eligibility.contracts_for(name, visit.employers):
                work = Work(
                    start,
                    start + visit.duration_minutes,
                    visit.locality,
                    staff.contracts[k].employer,
                )
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
