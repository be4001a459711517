"""An independent checker: recomputes every hard rule and the objective from a roster.

It shares no code with the model (only the problem dataclasses), so a bug in
one is caught by the other. ``validate`` returns the broken rules (empty when
the roster is valid) and the objective by soft rule.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from optimizer.roster.check.checks import CHECKS, Rota
from optimizer.roster.model.rules import fairness


@dataclass(frozen=True)
class ValidationReport:
    """The validator's verdict on a roster."""

    broken: tuple[str, ...]
    objective_by_rule: dict[str, int]

    @property
    def valid(self) -> bool:
        """True when no hard rule is broken."""
        return not self.broken

    @property
    def objective(self) -> int:
        """The total penalty of the soft rules."""
        return sum(self.objective_by_rule.values())


def validate(problem, assignments: Iterable, previous: Iterable = (), change_weight: int = 0):
    """Check a roster against every hard rule and recompute its objective.

    Args:
        problem: the rostering problem.
        assignments: the roster (objects with staff, day, shift and site).
        previous: the roster before a re-solve, to count changes.
        change_weight: penalty per person-day that differs from ``previous``.

    Returns:
        A ValidationReport with the broken rules and the objective by rule.
    """
    rota = Rota(problem, list(assignments))
    broken = [message for check in CHECKS for message in check(rota)]
    shortfall, excess = _cover_penalties(rota)
    by_rule = {
        "shift_on_requests": _on_request_penalty(rota),
        "shift_off_requests": _off_request_penalty(rota),
        "cover_shortfall": shortfall,
        "cover_excess": excess,
    }
    if rota.problem.fairness.weight and rota.problem.fairness.categories:
        by_rule[fairness.RULE] = _unfairness_penalty(rota)
    if change_weight:
        by_rule["changes"] = change_weight * _changed_person_days(rota, list(previous))
    return ValidationReport(tuple(broken), by_rule)


def _on_request_penalty(rota: Rota) -> int:
    return sum(
        request.weight
        for person in rota.problem.staff
        for request in person.shift_on_requests
        if not any(a.shift == request.shift for a in rota.by_day[person.id].get(request.day, []))
    )


def _off_request_penalty(rota: Rota) -> int:
    return sum(
        request.weight
        for person in rota.problem.staff
        for request in person.shift_off_requests
        if any(a.shift == request.shift for a in rota.by_day[person.id].get(request.day, []))
    )


def _holds(person, competence, date) -> bool:
    return any(
        c.id == competence
        and (c.valid_from is None or c.valid_from <= date)
        and (c.valid_until is None or date <= c.valid_until)
        for c in person.competences
    )


def _cover_penalties(rota: Rota) -> tuple[int, int]:
    short = excess = 0
    by_cell = defaultdict(list)  # (day, shift) -> assignments: one pass, not one per need
    for a in rota.assignments:
        by_cell[a.day, a.shift].append(a)
    for need in rota.problem.cover:
        date = rota.problem.date_of(need.day)
        present = sum(
            1
            for a in by_cell[need.day, need.shift]
            if a.day == need.day
            and a.shift == need.shift
            and (need.site is None or a.site == need.site)
            and (need.competence is None or _holds(rota.people[a.staff], need.competence, date))
        )
        short += need.under_weight * max(0, need.required - present)
        excess += need.over_weight * max(0, present - need.required)
    return short, excess


def _changed_person_days(rota: Rota, previous: list) -> int:
    before = {(a.staff, a.day): (a.shift, a.site) for a in previous}
    after = {(a.staff, a.day): (a.shift, a.site) for a in rota.assignments}
    return sum(1 for key in before.keys() | after.keys() if before.get(key) != after.get(key))


def _unfairness_penalty(rota: Rota) -> int:
    """The fairness weight per shift each person holds above their part, per category."""
    held_now = Counter((a.staff, a.day, a.shift) for a in rota.assignments)
    above = 0
    for name, counted in rota.problem.fairness.categories:
        people = fairness.sharers(rota.problem, counted)
        held = {
            person.id: fairness.held_before(person, name)
            + sum(held_now[person.id, day, shift] for day, shift in counted)
            for person in people
        }
        shares, total = sum(person.fair_share for person in people), sum(held.values())
        above += sum(
            fairness.excess(held[person.id], person.fair_share, total, shares) for person in people
        )
    return rota.problem.fairness.weight * above
