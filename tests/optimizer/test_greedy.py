"""The greedy baseline: hardest cover first, least-used person, within the rules."""

from __future__ import annotations

from roster_factories import need, person, problem

from optimizer.roster.check.validator import validate
from optimizer.roster.problem import ForbiddenSuccession
from optimizer.roster.search.greedy import greedy_roster


def test_does_it_fill_cover_within_the_rules():
    staff = [person(p, max_consecutive_days=4, max_weekends=1) for p in "ABC"]
    cover = [need(day, "E") for day in range(7)] + [need(day, "L") for day in range(7)]
    p = problem(staff=staff, cover=cover, forbidden_successions=(ForbiddenSuccession("L", "E"),))
    report = validate(p, greedy_roster(p))
    assert report.valid, report.broken
    assert report.objective_by_rule["cover_shortfall"] == 0


def test_does_it_share_work_out_to_the_least_used():
    staff = [person(p) for p in "AB"]
    roster = greedy_roster(problem(staff=staff, cover=[need(day) for day in range(6)]))
    worked = {p: sum(1 for a in roster if a.staff == p) for p in "AB"}
    assert worked == {"A": 3, "B": 3}


def test_does_it_fill_the_hardest_cover_first():
    # Only A can do late shifts; the early shift must not use A up first.
    staff = [person("A", max_minutes=480), person("B", max_shifts=(("L", 0),))]
    p = problem(staff=staff, cover=[need(0, "E"), need(1, "L")])
    report = validate(p, greedy_roster(p))
    assert report.objective == 0
