"""Re-solving: pinned assignments stay, and a penalty per change repairs with few changes."""

from __future__ import annotations

import dataclasses

from roster_factories import need, person, problem, solved

from optimizer.roster.problem import Assignment


def _ward(sick=None):
    """Three people, early and late cover each day; ``sick`` (person, day) is off."""
    staff = [
        person(name, unavailable_days=frozenset({sick[1]} if sick and sick[0] == name else ()))
        for name in "ABC"
    ]
    cover = [need(day, "E") for day in range(7)] + [need(day, "L") for day in range(7)]
    return problem(staff=staff, cover=cover)


def test_do_pinned_assignments_stay():
    pinned = (Assignment("C", 3, "L"), Assignment("C", 4, "L"))
    solution = solved(_ward(), pinned=pinned)
    assert set(pinned) <= set(solution.assignments)


def test_does_a_change_penalty_keep_the_repair_small():
    before = solved(_ward())
    assert before.objective == 0
    sick = before.assignments[0]  # whoever works first falls ill that day
    after_problem = _ward(sick=(sick.staff, sick.day))
    options = dict(previous=before.assignments, hint=before.assignments, change_weight=1)
    after = solved(after_problem, **options)
    changed = set(before.assignments) ^ set(after.assignments)
    assert after.objective_by_rule["cover_shortfall"] == 0
    # The lost shift goes to whoever is free that day: one person-day off, one on.
    assert after.objective_by_rule["changes"] == 2
    assert len(changed) == 2


def test_is_a_repair_without_change_penalty_free_to_move_anything():
    p = dataclasses.replace(_ward(), cover=())
    solution = solved(p, previous=(Assignment("A", 0, "E"),), change_weight=0)
    assert "changes" not in solution.objective_by_rule
