"""Fixed work that alone breaks a rule closes its day or period to new work, and only that.

A breach the fixed work makes by itself is excused, but no planned piece may fall within its
scope: the engine leaves the item unfilled with the true reason, the validator flags a
hand-made plan that adds it, and work outside the scope goes ahead.
"""

from __future__ import annotations

import pytest
from place_factories import at, broken_rules, contract, hand, place, solved, visit, worker

from optimizer.place import FixedWork

METHODS = ("greedy", "cpsat")


def _busy(*spans, employer="elsewhere"):
    """Return fixed work in loc-a from (start, end) datetime pairs."""
    return tuple(FixedWork(a, b, "loc-a", employer) for a, b in spans)


def _long_monday(end_hour=20):
    """Return a carer whose other employer has them 06:00-09:00 and 17:00 to `end_hour` Monday."""
    return worker("w1", fixed_work=_busy((at(0, 6), at(0, 9)), (at(0, 17), at(0, end_hour))))


def _items(solution) -> list[str]:
    return sorted(a.item for a in solution.assignments)


@pytest.mark.parametrize("method", METHODS)
def test_no_visit_inside_a_day_fixed_work_already_makes_too_long(method):
    """A 14-hour day of fixed work: is a visit inside it (the span unchanged) refused, and why?"""
    problem = place([_long_monday()], [visit("v1", hour=12)], days=3)
    solution = solved(problem, method)
    assert _items(solution) == []
    (gap,) = solution.unfilled
    assert gap.reason == "day_span"
    assert "w1's fixed work already breaks the 13-hour day on 2 Nov" in gap.explanation
    assert gap.candidates[0].detail == "fixed work already breaks the 13-hour day on 2 Nov"
    assert "fixed work" in gap.fixes[0]


def test_validator_flags_a_visit_added_inside_the_over_long_day():
    """Does the validator refuse a hand-made plan putting the visit in that 14-hour day?"""
    problem = place([_long_monday()], [visit("v1", hour=12)], days=3)
    made = [hand("w1", "v1", at(0, 12), at(0, 12, 30))]
    broken = broken_rules(problem, solved(problem, "greedy"), made)
    assert any("14-hour day" in b and "fixed work alone already breaks it" in b for b in broken)


def test_same_visit_in_a_day_fixed_work_keeps_within_the_span_is_filled():
    """Fixed work 06:00 to 19:00 keeps the 13-hour span: is the same visit inside it taken?

    (Insertion does it: the day-by-day planner leaves days holding fixed work out.)
    """
    problem = place([_long_monday(end_hour=19)], [visit("v1", hour=12)], days=3)
    assert _items(solved(problem)) == ["v1"]


@pytest.mark.parametrize("method", METHODS)
def test_a_breach_on_another_day_does_not_stop_work_on_a_clean_day(method):
    """With Monday's fixed work 14 hours long, is Wednesday's visit taken?"""
    problem = place([_long_monday()], [visit("v2", day=2, hour=12)], days=3)
    assert _items(solved(problem, method)) == ["v2"]


def _every_day_of_the_first_week():
    """Return a carer with fixed work 08:00-16:00 all seven days of the first week."""
    busy = _busy(*[(at(d, 8), at(d, 16)) for d in range(7)])
    return worker("w1", contracts=[contract(most=60.0)], fixed_work=busy, wtr_opt_out=True)


def test_no_work_in_a_week_fixed_work_already_leaves_without_weekly_rest():
    """No 24 hours off in week one: is an evening visit that week refused, and flagged by hand?"""
    problem = place([_every_day_of_the_first_week()], [visit("v1", day=2, hour=18)], days=14)
    solution = solved(problem, "greedy")
    assert _items(solution) == []
    (gap,) = solution.unfilled
    assert gap.reason == "weekly_rest"
    assert "weekly rest in the 7-day period from 2 Nov" in gap.explanation
    made = [hand("w1", "v1", at(2, 18), at(2, 18, 30))]
    broken = broken_rules(problem, solution, made)
    assert any(b.startswith("weekly rest") and "fixed work alone" in b for b in broken)


@pytest.mark.parametrize("method", METHODS)
def test_the_next_week_stays_open_after_a_week_without_weekly_rest(method):
    """Is the same evening visit in week two taken?"""
    problem = place([_every_day_of_the_first_week()], [visit("v1", day=9, hour=18)], days=14)
    assert _items(solved(problem, method)) == ["v1"]
