"""Solving a week one day at a time: that day's cover first, then each locality's visits.

Cross-day rules (daily and weekly rest, the 48-hour limit across employers, contract caps,
fairness, continuity) are carried in each worker's running state, so every subproblem only
sees what a worker may still do that day. Workers' working days are planned up front (at
most six in seven, avoiding leave and asked-off days). With the "cpsat" method a day's cover
is solved exactly as a min-cost flow and each locality's visits are filled greedily, then
improved by large-neighbourhood search with CP-SAT; the "greedy" baseline fills both greedily.
"""

from __future__ import annotations

import time
import zlib
from collections import defaultdict
from dataclasses import dataclass, field, replace

from optimizer.kernel import DAY, minutes
from optimizer.place.budget import Budget, Deadline
from optimizer.place.daily import cover_model, lns, routing
from optimizer.place.daily.allocate import allocate_localities
from optimizer.place.daily.greedy import greedy_cover, greedy_visits
from optimizer.place.daily.retime import door_to_door, retime
from optimizer.place.daily.state import StaffState, day_limits, initial_state, record_day
from optimizer.place.daily.subproblems import (
    NIGHT_SHIFTS,
    build_carer_day,
    build_cover_day,
    build_visit_day,
    is_weekend,
)
from optimizer.place.eligibility import Eligibility
from optimizer.place.problem import PlaceProblem
from optimizer.place.solution import Assignment
from optimizer.place.travel import places_of
from optimizer.seeds import derived_seed

LATE_START = minutes(11)  # minute of the day a late-team carer may start
EVENING = 18  # visits opening at or after this hour make up the evening's demand
ROUTING_SHARE = 0.25  # of a locality-day's time or counted work, for routing door to door
LATE_FACTOR = 1.5  # late carers per share of evening demand (1.5 filled most on a 500-staff week)


@dataclass
class Run:
    """A solve in progress."""

    problem: PlaceProblem
    eligibility: Eligibility
    states: dict[str, StaffState]
    method: str
    workers: int
    deadline: float
    remaining_size: int
    deterministic: Budget | None = None  # deterministic work limits (None: the wall clock decides)
    until: Deadline | None = None  # with a budget: the wall-clock safety net
    hinted: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # (staff, start)
    assignments: list[Assignment] = field(default_factory=list)
    seen: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    subproblems: int = 0
    work_left: float = 0.0  # CP-SAT work units left for the plan (deterministic)
    visits_left: int = 0
    work_spent: float = 0.0

    def budget(self, size: int) -> float:
        """Return seconds for a subproblem of `size` items: its share of the time left."""
        left = max(0.0, self.deadline - time.monotonic())
        share = left * size / max(1, self.remaining_size)
        self.remaining_size -= size
        return share

    def steps(self, visits: int, step_work: float) -> int:
        """Return neighbourhood steps for a locality-day of `visits`: its share of the CP-SAT
        work left, rounded so the shares add up (deterministic; cover is an exact flow)."""
        before = self.work_spent
        self.work_spent += self.work_left * visits / max(1, self.visits_left)
        self.work_left -= self.work_spent - before
        self.visits_left -= visits
        return int(self.work_spent / step_work + 1e-9) - int(before / step_work + 1e-9)


def plan(
    problem: PlaceProblem,
    seconds: float,
    method: str = "cpsat",
    workers: int = 2,
    progress=None,
    eligibility: Eligibility | None = None,
    budget: Budget | None = None,
    until: Deadline | None = None,
    hint=(),
):
    """Plan the whole horizon.

    Args:
        problem: the place problem.
        seconds: time to spend in the subproblems altogether.
        method: "cpsat" (min-cost flow cover, CP-SAT neighbourhood search on visits) or
            "greedy" (the baseline).
        workers: CP-SAT search workers.
        progress: optional callback taking a short message.
        eligibility: cached static facts, built if not given.
        budget: deterministic work limits instead of `seconds` (the same seed, the same plan).
        until: with a budget, the wall-clock safety net (marked cut if it stops counted work).
        hint: assignments of an earlier plan of a similar problem; each locality-day starts
            from those of its visits that still fit (see `greedy.greedy_visits`).

    Returns:
        The assignments, in the order they were made.
    """
    eligibility = eligibility or Eligibility(problem)
    run = Run(
        problem,
        eligibility,
        initial_state(problem, eligibility),
        method,
        workers,
        time.monotonic() + seconds,
        len(problem.cover) + len(problem.visits),
        budget,
        until,
        _hinted(problem, hint),
        work_left=budget.plan_work if budget else 0.0,
        visits_left=len(problem.visits),
    )
    for day in range(problem.days):
        _plan_day(run, day)
        if progress:
            progress(f"day {day + 1}/{problem.days}: {len(run.assignments)} assignments")
    return run.assignments


def _hinted(problem: PlaceProblem, hint) -> dict[str, list[tuple[str, int]]]:
    """Return the hinted (staff, start minute) of each visit, by visit id (cover is solved
    optimally by its flow, so it needs no hint)."""
    hinted: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for a in hint:
        if a.kind == "visit":
            hinted[a.item].append((a.staff, problem.minute(a.start)))
    return dict(hinted)


def _items_on(problem: PlaceProblem, day: int):
    """Return the cover slots and the visits (by locality) starting on horizon day `day`."""
    slots = [s for s in problem.cover if problem.minute(s.start) // DAY == day]
    visits: dict[str, list] = defaultdict(list)
    for visit in problem.visits:
        if problem.minute(visit.earliest_start) // DAY == day:
            visits[visit.locality].append(visit)
    return slots, visits


def _plan_day(run: Run, day: int) -> None:
    """Plan one day: cover, then the localities' visits with whoever is left."""
    problem, eligibility = run.problem, run.eligibility
    slots, visits = _items_on(problem, day)
    limits = {}
    for staff in problem.staff:
        limit = day_limits(problem, staff, run.states[staff.id], day)
        if limit is not None:
            limits[staff.id] = limit
    scarce = _scarce_carers(eligibility, day, limits, visits)
    cover = build_cover_day(problem, eligibility, run.states, limits, day, slots, scarce)
    for option in _solve_cover(run, cover):
        _commit_cover(run, day, cover.slots[option.slot], option)
        limits.pop(option.staff, None)
    allocation = allocate_localities(problem, eligibility, day, limits, visits, run.seen)
    for locality in sorted(visits):
        _plan_locality(run, day, locality, visits[locality], allocation[locality], limits)


def _scarce_carers(eligibility: Eligibility, day: int, limits, visits) -> set[str]:
    """Return workers holding a delegation some visit today needs."""
    needed = {(v.person, v.activity) for vs in visits.values() for v in vs if v.activity}
    return {s for s in limits if needed & eligibility.delegations_on(s, day)}


def _solve_cover(run: Run, cover):
    """Return the day's cover: optimal by min-cost flow, or greedy for the baseline."""
    run.budget(len(cover.slots))
    run.subproblems += 1
    if run.method == "cpsat":
        return cover_model.solve_cover(cover)
    return greedy_cover(cover)


def _late_team(day: int, visits, allocated: dict[str, int]) -> set[str]:
    """Choose carers who start late (from 11:00) so someone is left for the bedtime round.

    A carer who does the 07:00 round cannot also do the 21:00 round within a 13-hour day, so
    a share of the carers, as large as the evening's share of the day's visit minutes, keep
    their day for lunch, tea and bed.
    """
    total = sum(v.duration_minutes * v.carers for v in visits)
    evening = sum(v.duration_minutes * v.carers for v in visits if v.earliest_start.hour >= EVENING)
    count = round(len(allocated) * LATE_FACTOR * evening / max(1, total))
    order = sorted(allocated, key=lambda name: (zlib.crc32(f"{name}/{day}".encode()), name))
    return set(order[:count])


def _plan_locality(run: Run, day: int, locality: str, visits, allocated: dict[str, int], limits):
    """Plan one locality's visits for the day with the carers sent there."""
    problem, eligibility = run.problem, run.eligibility
    carers, places = {}, places_of(visits)
    late = _late_team(day, visits, allocated)
    for staff_id, contract in allocated.items():
        limit = limits[staff_id]
        if staff_id in late:
            limit = replace(limit, earliest=max(limit.earliest, day * DAY + LATE_START))
        carer = build_carer_day(
            problem,
            eligibility,
            staff_id,
            run.states[staff_id],
            limit,
            places,
            contract,
            day,
        )
        if carer is not None:
            carers[staff_id] = carer
    sub = build_visit_day(problem, eligibility, day, locality, visits, carers, run.seen,
                          planned=_planned_partners(run, visits))
    triples = _solve_locality(run, sub, day, locality, len(visits))
    run.subproblems += 1
    _commit_visits(run, sub, triples)


def _solve_locality(run: Run, sub, day: int, locality: str, size: int):
    """Return the locality-day's plan: greedy, then searched, then (at addresses) re-timed and
    routed door to door, the routing engine taking a share of the time or counted work."""
    problem, fixed = run.problem, run.deterministic
    until = time.monotonic() + run.budget(size)
    triples = greedy_visits(sub, _hint_for(sub, run.hinted))
    searched = run.method == "cpsat" and bool(sub.visits)
    seed = day if fixed is None else derived_seed(fixed.seed, day, locality)
    effort = (fixed.step_work, run.steps(size, fixed.step_work)) if fixed else None
    routed = searched and bool(sub.places)
    share = ROUTING_SHARE if routed else 0.0
    routing_effort = (effort[0], int(effort[1] * share)) if effort else None
    if searched:
        search = (effort[0], effort[1] - routing_effort[1]) if effort else None
        seconds = (until - time.monotonic()) * (1 - share)
        triples = lns.improve(sub, triples, seconds, run.workers, seed, search, run.until)
    if not sub.places:
        return triples
    tied = {i for i, v in enumerate(sub.visits) if v.id in problem.gaps_by_visit}
    triples = retime(sub, problem.travel_minutes, triples, tied)
    if not routed:
        return triples
    left = until - time.monotonic() if fixed is None else _safety(run)
    return routing.route(sub, problem.travel_minutes, triples, tied, left, seed, routing_effort)


def _safety(run: Run) -> float:
    """Return the wall-clock safety net's seconds left, for counted work."""
    return run.until.left() if run.until is not None else 60.0


def _planned_partners(run: Run, visits) -> dict[str, int]:
    """Return the planned starts of visits tied by a gap to one of `visits`."""
    partners = {p for v in visits for p, _, _ in run.problem.gaps_by_visit.get(v.id, ())}
    if not partners:
        return {}
    minute = run.problem.minute
    return {a.item: minute(a.start) for a in run.assignments if a.item in partners}


def _hint_for(sub, hinted) -> list[tuple[int, str, int]]:
    """Return the hinted (visit index, staff id, start) triples of this locality-day."""
    return [
        (index, name, start)
        for index, visit in enumerate(sub.visits)
        for name, start in hinted.get(visit.id, ())
    ]


def _commit_cover(run: Run, day: int, slot, option) -> None:
    """Record a worker on a shift."""
    problem = run.problem
    employer = run.eligibility.staff[option.staff].contracts[option.contract].employer
    run.assignments.append(
        Assignment(option.staff, slot.id, "cover", slot.start, slot.end, employer)
    )
    start, end = problem.minute(slot.start), problem.minute(slot.end)
    unsocial = is_weekend(problem, day) or slot.shift in NIGHT_SHIFTS
    record_day(
        run.states[option.staff], day, [(start, end, end - start, option.contract)], unsocial
    )


def _day_figures(problem: PlaceProblem, sub, name: str, placed) -> tuple[int, int, int]:
    """Return a carer's first and last minute and minutes worked, travel included."""
    if sub.places:
        return door_to_door(sub, problem.travel_minutes, name, placed)
    carer = sub.carers[name]
    first = min(start for _, start in placed) - carer.out
    last = max(start + sub.visits[i].duration_minutes for i, start in placed) + carer.back
    minutes = sum(sub.visits[i].duration_minutes for i, _ in placed)
    return first, last, minutes + carer.out + carer.back + sub.within * (len(placed) - 1)


def _commit_visits(run: Run, sub, triples) -> None:
    """Record each carer's visits for the day and update continuity."""
    problem = run.problem
    by_carer: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for index, name, start in triples:
        visit = sub.visits[index]
        by_carer[name].append((index, start))
        carer = sub.carers[name]
        employer = run.eligibility.staff[name].contracts[carer.contract].employer
        end = start + visit.duration_minutes
        run.assignments.append(
            Assignment(name, visit.id, "visit", problem.at(start), problem.at(end), employer)
        )
        run.seen[visit.person].add(name)
    for name, placed in by_carer.items():
        carer = sub.carers[name]
        first, last, minutes = _day_figures(problem, sub, name, placed)
        unsocial = carer.weekend or any(sub.unsocial[i] for i, _ in placed)
        record_day(run.states[name], sub.day, [(first, last, minutes, carer.contract)], unsocial)
