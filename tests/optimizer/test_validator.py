"""The validator on its own: it names broken rules and recomputes the objective by hand."""

from __future__ import annotations

from roster_factories import need, person, problem

from optimizer.roster.check.validator import validate
from optimizer.roster.problem import Assignment, ShiftRequest


def test_is_an_empty_roster_valid_when_nobody_has_a_minimum():
    report = validate(problem(), ())
    assert report.valid
    assert report.objective == 0


def test_does_it_recompute_every_soft_rule():
    staff = [
        person(
            shift_on_requests=(ShiftRequest(1, "E", 4),),
            shift_off_requests=(ShiftRequest(0, "E", 2),),
        )
    ]
    cover = [need(0, "E", required=2), need(0, "L", required=0, over_weight=3)]
    roster = (Assignment("A", 0, "E"),)
    report = validate(problem(staff=staff, cover=cover), roster)
    assert report.objective_by_rule == {
        "shift_on_requests": 4,
        "shift_off_requests": 2,
        "cover_shortfall": 100,
        "cover_excess": 0,
    }


def test_does_it_count_changes_against_a_previous_roster():
    before = (Assignment("A", 0, "E"), Assignment("A", 1, "E"))
    after = (Assignment("A", 0, "L"), Assignment("A", 1, "E"), Assignment("A", 2, "E"))
    report = validate(problem(), after, previous=before, change_weight=5)
    assert report.objective_by_rule["changes"] == 10


def test_does_it_name_an_unknown_person_or_a_day_outside_the_horizon():
    report = validate(problem(), (Assignment("Z", 0, "E"), Assignment("A", 9, "E")))
    assert len(report.broken) == 2
    assert "unknown" in report.broken[0]
    assert "outside" in report.broken[1]


def test_are_runs_touching_the_horizon_edges_exempt_from_minimums():
    p = problem(staff=[person(min_consecutive_days=3, min_consecutive_days_off=3)])
    roster = tuple(Assignment("A", day, "E") for day in (0, 4, 5, 6))
    assert validate(p, roster).valid
    inside = tuple(Assignment("A", day, "E") for day in (0, 2, 3, 4))
    # Day 0 (a run at the start) and days 5-6 (off to the end) are exempt; day 1 is not.
    assert validate(p, inside).broken == ("A has 1 days off from day 1, min 3",)
