"""Static eligibility: competences valid on the day, active delegations, contracts, availability.

These checks do not depend on the plan, so they are computed once per worker and day and
shared by the model, the greedy baseline, the upper bound and the explanations.
"""

from __future__ import annotations

import math
from datetime import date

from optimizer.kernel import DAY
from optimizer.kernel.validity import competence_valid as _valid
from optimizer.kernel.validity import delegation_usable
from optimizer.place.problem import CoverSlot, PlaceProblem, StaffMember, Visit


def weeks(problem: PlaceProblem) -> int:
    """Return the number of (started) weeks in the horizon; weekly limits scale by it."""
    return max(1, math.ceil(problem.days / 7))


def competence_valid(staff: StaffMember, code: str, day: date) -> bool:
    """Return whether `staff` holds competence `code` valid on `day`."""
    return any(
        c.code == code and _valid(c.valid_from, c.valid_until, day) for c in staff.competences
    )


def delegation_active(staff: StaffMember, person: str, activity: str, day: date) -> bool:
    """Return whether `staff` holds an active delegation for `activity` for `person` on `day`."""
    return any(
        d.person == person
        and d.activity == activity
        and delegation_usable(d.status, d.review_by, day)
        for d in staff.delegations
    )


def away_minutes(problem: PlaceProblem, staff: StaffMember) -> list[tuple[int, int]]:
    """Return the worker's leave and other unavailability as (start, end) horizon minutes."""
    return [(problem.minute(u.start), problem.minute(u.end)) for u in staff.unavailable]


def free_between(away: list[tuple[int, int]], start: int, end: int) -> bool:
    """Return whether no unavailability overlaps [start, end)."""
    return all(end <= a or b <= start for a, b in away)


def free_starts(away, earliest: int, latest: int, length: int) -> list[int]:
    """Return the starts in [earliest, latest] worth testing around unavailability: the
    window's ends and each moment just after, or just far enough before, a time away."""
    times = {earliest, latest} | {b for _, b in away} | {a - length for a, _ in away}
    return sorted(t for t in times if earliest <= t <= latest)


class Eligibility:
    """Cached static facts about each worker, by horizon day."""

    def __init__(self, problem: PlaceProblem):
        self.problem = problem
        self.staff = {s.id: s for s in problem.staff}
        self._competences: dict[tuple[str, int], frozenset[str]] = {}
        self._delegations: dict[tuple[str, int], frozenset[tuple[str, str]]] = {}
        self.unavailable = {s.id: away_minutes(problem, s) for s in problem.staff}

    def competences_on(self, staff_id: str, day: int) -> frozenset[str]:
        """Return codes of the competences `staff_id` holds valid on horizon day `day`."""
        key = (staff_id, day)
        if key not in self._competences:
            when = self.problem.date_of_day(day)
            staff = self.staff[staff_id]
            codes = {c.code for c in staff.competences if competence_valid(staff, c.code, when)}
            self._competences[key] = frozenset(codes)
        return self._competences[key]

    def delegations_on(self, staff_id: str, day: int) -> frozenset[tuple[str, str]]:
        """Return (person, activity) pairs `staff_id` may do on horizon day `day`."""
        key = (staff_id, day)
        if key not in self._delegations:
            when = self.problem.date_of_day(day)
            self._delegations[key] = frozenset(
                (d.person, d.activity)
                for d in self.staff[staff_id].delegations
                if delegation_usable(d.status, d.review_by, when)
            )
        return self._delegations[key]

    def free(self, staff_id: str, start: int, end: int) -> bool:
        """Return whether `staff_id` has no unavailability overlapping [start, end)."""
        return free_between(self.unavailable[staff_id], start, end)

    def free_for_visit(self, staff_id: str, visit: Visit) -> bool:
        """Return whether some start in the visit's window misses all the worker's time away."""
        away = self.unavailable[staff_id]
        if not away:
            return True
        earliest = self.problem.minute(visit.earliest_start)
        latest = self.problem.minute(visit.last_start)
        length = visit.duration_minutes
        return any(free_between(away, s, s + length)
                   for s in free_starts(away, earliest, latest, length))

    def contracts_for(self, staff_id: str, employers: tuple[str, ...]) -> list[int]:
        """Return indexes of the worker's contracts that may be charged for these employers."""
        contracts = self.staff[staff_id].contracts
        return [k for k, c in enumerate(contracts) if c.employer in employers]

    def qualified_for_visit(self, staff_id: str, visit: Visit, day: int) -> bool:
        """Return whether the worker has the competences and delegation the visit needs."""
        held = self.competences_on(staff_id, day)
        if any(code not in held for code in visit.competences):
            return False
        if visit.activity is None:
            return True
        return (visit.person, visit.activity) in self.delegations_on(staff_id, day)

    def qualified_for_cover(self, staff_id: str, slot: CoverSlot, day: int) -> bool:
        """Return whether the worker holds the slot's competence on the day."""
        return slot.competence in self.competences_on(staff_id, day)

    def visit_window(self, visit: Visit) -> tuple[int, int]:
        """Return the minutes the visit may occupy: earliest start to latest end."""
        problem = self.problem
        start = problem.minute(visit.earliest_start)
        return start, problem.minute(visit.last_start) + visit.duration_minutes

    def statically_eligible_visit(self, staff_id: str, visit: Visit) -> bool:
        """Return whether the worker could ever do the visit, ignoring the rest of the plan."""
        start, end = self.visit_window(visit)
        return (
            bool(self.contracts_for(staff_id, visit.employers))
            and self.qualified_for_visit(staff_id, visit, start // DAY)
            and self.free(staff_id, start, end)
        )

    def statically_eligible_cover(self, staff_id: str, slot: CoverSlot) -> bool:
        """Return whether the worker could ever work the slot, ignoring the rest of the plan."""
        start, end = self.problem.minute(slot.start), self.problem.minute(slot.end)
        return (
            bool(self.contracts_for(staff_id, slot.employers))
            and self.qualified_for_cover(staff_id, slot, start // DAY)
            and self.free(staff_id, start, end)
        )

    def day_index(self, day: int):
        """Return workers by competence code and by (person, activity) delegation on a day."""
        key = ("index", day)
        if key not in self._competences:
            by_code: dict[str, set[str]] = {}
            by_delegation: dict[tuple[str, str], set[str]] = {}
            for staff_id in self.staff:
                for code in self.competences_on(staff_id, day):
                    by_code.setdefault(code, set()).add(staff_id)
                for pair in self.delegations_on(staff_id, day):
                    by_delegation.setdefault(pair, set()).add(staff_id)
            self._competences[key] = (by_code, by_delegation)  # type: ignore[assignment]
        return self._competences[key]

    def _by_employer(self, employers: tuple[str, ...]) -> set[str]:
        """Return workers with a contract with any of these employers."""
        return {
            s.id for s in self.problem.staff if any(c.employer in employers for c in s.contracts)
        }

    def eligible_for_visit(self, visit: Visit) -> list[str]:
        """Return the workers statically eligible for a visit (fast, through indexes; cached)."""
        cache = self.__dict__.setdefault("_visit_cache", {})
        if visit.id not in cache:
            cache[visit.id] = self._eligible_for_visit(visit)
        return cache[visit.id]

    def _qualified(self, visit: Visit) -> list[str]:
        """Return the workers with a contract, competences and delegation for a visit (cached
        per day and kind of visit), leave not yet considered."""
        day = self.problem.minute(visit.earliest_start) // DAY
        pair = (visit.person, visit.activity) if visit.activity else None
        key = (day, visit.employers, visit.competences, pair)
        cache = self.__dict__.setdefault("_qualified_cache", {})
        if key not in cache:
            by_code, by_delegation = self.day_index(day)
            names = self.employer_set(visit.employers)
            for code in visit.competences:
                names = names & by_code.get(code, set())
            if pair is not None:
                names = names & by_delegation.get(pair, set())
            cache[key] = sorted(names)
        return cache[key]

    def _eligible_for_visit(self, visit: Visit) -> list[str]:
        """Return the workers statically eligible for a visit."""
        start, end = self.visit_window(visit)
        return [n for n in self._qualified(visit)
                if not self.unavailable[n] or self.free(n, start, end)]

    def may_visit_around_leave(self, visit: Visit) -> list[str]:
        """Return the workers statically eligible for a visit at some start in its window:
        also those away for part of it (the day-by-day planner, which may start a visit
        anywhere in its window, leaves those out; insertion tests each start)."""
        return [n for n in self._qualified(visit) if self.free_for_visit(n, visit)]

    def eligible_for_cover(self, slot: CoverSlot) -> list[str]:
        """Return the workers statically eligible for a cover slot (fast, through indexes)."""
        start, end = self.problem.minute(slot.start), self.problem.minute(slot.end)
        by_code, _ = self.day_index(start // DAY)
        names = self.employer_set(slot.employers) & by_code.get(slot.competence, set())
        return sorted(n for n in names if self.free(n, start, end))

    def employer_set(self, employers: tuple[str, ...]) -> set[str]:
        """Return (cached) workers with a contract with any of these employers."""
        cache = self.__dict__.setdefault("_employer_cache", {})
        if employers not in cache:
            cache[employers] = self._by_employer(employers)
        return cache[employers]
