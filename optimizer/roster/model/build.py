"""The whole CP-SAT model: variables, every hard and soft rule, pins, changes and hints."""

from __future__ import annotations

from collections.abc import Iterable

from optimizer.roster.model.rules import HARD_RULES, SOFT_RULES
from optimizer.roster.model.variables import RosterModel, create_variables
from optimizer.roster.options import DEFAULT_OPTIONS, SolveOptions
from optimizer.roster.problem import Assignment, Problem


def build_model(problem: Problem, options: SolveOptions = DEFAULT_OPTIONS) -> RosterModel:
    """Create the variables, add every hard and soft rule, and set the objective.

    Args:
        problem: the rostering problem.
        options: pinned assignments and the change penalty are added to the model.

    Returns:
        The model with its variables and the penalty terms of each soft rule.
    """
    roster = create_variables(problem)
    for rule in HARD_RULES:
        rule(roster)
    for rule in SOFT_RULES:
        rule(roster)
    add_pinned_assignments(roster, options.pinned)
    penalise_changes(roster, options.previous, options.change_weight)
    roster.model.minimize(roster.objective())
    return roster


def add_pinned_assignments(roster: RosterModel, pinned: Iterable[Assignment]) -> None:
    """A pinned assignment stays in the roster."""
    for assignment in pinned:
        var = roster.assign.get(_key(assignment))
        # A pin on a shift the person may never work has no variable: infeasible.
        roster.model.add(var == 1 if var is not None else False)


def penalise_changes(roster: RosterModel, previous: Iterable[Assignment], weight: int) -> None:
    """Each person-day that differs from the previous roster costs ``weight``."""
    if not weight:
        return
    roster.declare("changes")
    before = {(a.staff, a.day): a for a in previous}
    for (staff_id, day), worked in roster.works.items():
        was = before.get((staff_id, day))
        if was is None:
            roster.penalise("changes", worked, weight)
        else:
            roster.penalise("changes", 1 - roster.assign.get(_key(was), 0), weight)


def _key(assignment: Assignment):
    return assignment.staff, assignment.day, assignment.shift, assignment.site


def add_hints(roster: RosterModel, hint: Iterable[Assignment]) -> None:
    """Suggest a roster to start from: its assignments on, everything else off."""
    chosen = {_key(a) for a in hint}
    if not chosen:
        return
    roster.model.clear_hints()
    worked_days = {(key[0], key[1]) for key in chosen}
    for key, var in roster.assign.items():
        roster.model.add_hint(var, key in chosen)
    for key, var in roster.works.items():
        roster.model.add_hint(var, key in worked_days)
