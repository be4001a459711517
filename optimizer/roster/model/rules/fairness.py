"""Soft rule: unsocial shifts (nights, weekends, bank holidays) shared out fairly.

Per category of ``Problem.fairness``, everyone who could work a shift of it
owes a part of all the shifts of it the team holds (this roster's and those
carried in from before day 0) in proportion to their ``fair_share``. Each
shift a person holds above their part, rounded up, costs the fairness weight.

The part moves with what the whole team holds, so the rule ties everyone
together: a person priced alone (column generation's pricing, the
person-by-person start) owes exactly what they hold and pays nothing, so
column costs leave fairness out and the column bound stays a lower bound. The
whole model, the neighbourhood search's fixed-window steps and the validator
charge it (the search's team steps, which re-price a few people alone, are
switched off while fairness is on).

A part that moves with the total can be thinned by rostering extra people on
a category's shifts; the cover's over weight prices that, and one extra shift
moves a person's part by only their share of everyone's, so the caller keeps
the fairness weight at or below the cost of an extra person on a shift.

``sharers``, ``held_before`` and ``excess`` are the rule's one definition: the
model builds its constraints from the first two, the validator uses all three.
"""

from __future__ import annotations

from optimizer.roster.model.variables import RosterModel
from optimizer.roster.problem import Problem, StaffMember

RULE = "fairness"


def can_work(person: StaffMember, counted: frozenset[tuple[int, str]]) -> bool:
    """Whether a person could work any shift of a category (only they owe a part of it)."""
    return person.fair_share > 0 and any(
        day not in person.unavailable_days and person.max_of(shift) != 0 for day, shift in counted
    )


def sharers(problem: Problem, counted: frozenset[tuple[int, str]]) -> list[StaffMember]:
    """Who shares a category's shifts out among them (nobody when fewer than two could)."""
    people = [person for person in problem.staff if can_work(person, counted)]
    return people if len(people) > 1 else []


def held_before(person: StaffMember, category: str) -> int:
    """Shifts of a category the person worked before day 0."""
    return dict(person.fairness_carried_in).get(category, 0)


def excess(held: int, share: int, total: int, shares: int) -> int:
    """Shifts held above a fair part (``share / shares`` of ``total``), rounded up."""
    return max(0, -(-(shares * held - share * total) // shares))


def penalise_unfairness(roster: RosterModel) -> None:
    """Each unsocial shift a person holds beyond their fair share costs the fairness weight."""
    fairness = roster.problem.fairness
    if not fairness.weight or not fairness.categories:
        return
    roster.declare(RULE)
    for name, counted in fairness.categories:
        for over in _excess_variables(roster, name, counted):
            roster.penalise(RULE, over, fairness.weight)


def _excess_variables(roster: RosterModel, name: str, counted) -> list:
    """One integer per sharer: whole shifts of the category held above their part."""
    people = sharers(roster.problem, counted)
    model, shares = roster.model, sum(person.fair_share for person in people)
    held = {person.id: _held(roster, person, name, counted) for person in people}
    most = sum(held_before(person, name) for person in people) + len(people) * roster.problem.days
    total = model.new_int_var(0, most, f"fair_total(category={name})")
    model.add(total == sum(held.values()))
    found = []
    for person in people:
        label = f"category={name}, staff={person.id}"
        # shares × held − share × total is the excess over the fair part, in
        # 1/shares of a shift; ``over`` is it in whole shifts, rounded up.
        above = model.new_int_var(0, shares * most, f"unfair_above({label})")
        model.add_max_equality(above, [shares * held[person.id] - person.fair_share * total, 0])
        over = model.new_int_var(0, most, f"unfair_share({label})")
        model.add(shares * over >= above)
        model.add(shares * over <= above + shares - 1)
        found.append(over)
    return found


def _held(roster: RosterModel, person: StaffMember, name: str, counted):
    """Shifts of the category the person holds: carried in plus worked in the roster."""
    worked = [var for day, shift in counted for var in roster.of_shift(person, day, shift)]
    return held_before(person, name) + sum(worked)
