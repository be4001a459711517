"""One test per hard rule: pinning a breach is infeasible, a compliant roster solves,
and the validator flags the breach on its own."""

from __future__ import annotations

import dataclasses

import pytest
from roster_factories import EARLY, LATE, NIGHT, person, problem, solved, with_wtr

from optimizer.roster.check.validator import validate
from optimizer.roster.problem import Assignment, ForbiddenSuccession, Site


def shifts(*days: int, shift: str = "E", staff: str = "A", site=None) -> tuple[Assignment, ...]:
    """Assignments of one person to one shift type on the given days."""
    return tuple(Assignment(staff, day, shift, site) for day in days)


def assert_rule(problem_, breach, compliant) -> None:
    """The breach is infeasible and flagged by the validator; the compliant roster solves."""
    assert solved(problem_, pinned=breach).status == "INFEASIBLE"
    assert validate(problem_, breach).broken
    assert solved(problem_, pinned=compliant).status == "OPTIMAL"


def test_does_anyone_work_two_shifts_a_day():
    assert_rule(problem(), shifts(0) + shifts(0, shift="L"), shifts(0) + shifts(1, shift="L"))


def test_does_anyone_work_on_an_unavailable_day():
    assert_rule(problem(staff=[person(unavailable_days=frozenset({2}))]), shifts(2), shifts(3))


def test_are_shift_type_limits_kept():
    staff = [person(max_shifts=(("E", 2), ("L", 0)))]
    assert_rule(problem(staff=staff), shifts(0, 1, 2), shifts(0, 1))
    assert_rule(problem(staff=staff), shifts(4, shift="L"), shifts(4))


def test_does_anyone_work_at_a_site_they_are_not_attached_to():
    sites = (Site("ward-7"), Site("ward-8"))
    p = problem(staff=[person(sites=("ward-7",))], sites=sites)
    assert_rule(p, shifts(0, site="ward-8"), shifts(0, site="ward-7"))


def test_are_forbidden_successions_kept():
    p = problem(forbidden_successions=(ForbiddenSuccession("L", "E"),))
    assert_rule(p, shifts(0, shift="L") + shifts(1), shifts(0) + shifts(1, shift="L"))


def test_are_total_minutes_within_the_contract():
    p = problem(staff=[person(min_minutes=960, max_minutes=1440)])
    assert_rule(p, shifts(0, 1, 2, 3), shifts(0, 1, 2))
    assert len(solved(p).assignments) == 2


def test_is_the_minimum_of_minutes_infeasible_when_too_few_days_are_free():
    unavailable = frozenset(range(1, 7))
    p = problem(staff=[person(min_minutes=960, unavailable_days=unavailable)])
    assert solved(p).status == "INFEASIBLE"
    assert validate(p, shifts(0)).broken


def test_are_worked_weekends_limited():
    p = problem(days=14, staff=[person(max_weekends=1)])
    assert_rule(p, shifts(5, 13), shifts(5, 6))


def test_are_runs_of_working_days_limited():
    p = problem(staff=[person(max_consecutive_days=3)])
    assert_rule(p, shifts(0, 1, 2, 3), shifts(0, 1, 2, 4))


def test_is_a_short_run_of_work_inside_the_horizon_refused():
    staff = [person(min_consecutive_days=2, unavailable_days=frozenset({1, 2, 4}))]
    assert_rule(problem(staff=staff), shifts(3), shifts(0))


def test_is_a_short_run_at_the_start_refused_when_edges_count():
    staff = [person(min_consecutive_days=2, unavailable_days=frozenset({1}))]
    p = problem(staff=staff, min_stretch_at_edges=True)
    assert_rule(p, shifts(0), shifts(2, 3))


def test_is_a_short_run_of_days_off_refused():
    p = problem(staff=[person(min_consecutive_days_off=2, unavailable_days=frozenset({3}))])
    assert_rule(p, shifts(2, 4), shifts(2, 5))


def test_are_eleven_hours_of_rest_kept_between_shifts():
    p = with_wtr(problem(), daily_rest_minutes=11 * 60)
    assert_rule(p, shifts(0, shift="L") + shifts(1), shifts(0) + shifts(1, shift="L"))


def test_does_a_night_followed_by_an_early_break_the_daily_rest():
    p = with_wtr(problem(shifts=(EARLY, LATE, NIGHT)), daily_rest_minutes=11 * 60)
    assert_rule(p, shifts(0, shift="N") + shifts(1), shifts(0, 1, shift="N"))


def test_is_there_a_day_of_weekly_rest():
    p = with_wtr(problem(), weekly_rest="weekly")
    assert_rule(p, shifts(*range(7)), shifts(*range(6)))


def test_does_a_night_before_a_day_off_leave_less_than_24_hours():
    p = with_wtr(problem(shifts=(EARLY, LATE, NIGHT)), weekly_rest="weekly")
    night_then_early = shifts(0, 1, 2, 3, 4) + shifts(5, shift="N")
    breach = shifts(0, 1, 2, 3, 4, shift="N") + shifts(6)
    assert_rule(p, breach, night_then_early)


def test_is_fortnightly_rest_two_days():
    p = with_wtr(problem(days=14), weekly_rest="fortnightly")
    assert_rule(p, shifts(*range(13)), shifts(*range(12)))


def test_is_the_weekly_average_kept_unless_opted_out():
    """After 16 weeks of 48 hours the week has 48 left: five nights of 10 hours break it."""
    p = with_wtr(problem(shifts=(NIGHT,)), weekly_limit_minutes=48 * 60)
    p = dataclasses.replace(p, staff=(person(carried_in_minutes=16 * 48 * 60),))
    assert_rule(p, shifts(0, 1, 2, 3, 4, shift="N"), shifts(0, 1, 2, 3, shift="N"))
    opted_out = person(carried_in_minutes=16 * 48 * 60, opted_out_of_weekly_limit=True)
    opted_out_problem = dataclasses.replace(p, staff=(opted_out,))
    assert solved(opted_out_problem, pinned=shifts(0, 1, 2, 3, 4, shift="N")).status == "OPTIMAL"


@pytest.mark.parametrize("night_worker", [True, False])
def test_do_night_workers_average_eight_hours(night_worker):
    p = with_wtr(problem(shifts=(NIGHT,), days=7), night_limit_minutes=8 * 60)
    carried = 16 * 6 * 8 * 60  # 16 weeks of six 8-hour days
    staff = person(night_worker=night_worker, carried_in_minutes=carried)
    p = dataclasses.replace(p, staff=(staff,))
    breach = shifts(0, 1, 2, 3, 4, shift="N")  # 3,000 minutes > 8 h x 6 days
    expected = "INFEASIBLE" if night_worker else "OPTIMAL"
    assert solved(p, pinned=breach).status == expected
    assert bool(validate(p, breach).broken) == night_worker
