"""The Working Time Regulations with work the roster does not choose: fixed work
elsewhere, hours carried in, rest periods from Monday, rolling averages, breaks.

Each rule is checked the ``assert_rule`` way: the breach is infeasible, the
validator flags it on its own, and a compliant roster solves.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from roster_factories import EARLY, MONDAY, NIGHT, need, person, problem, solved, with_wtr
from test_hard_rules import assert_rule, shifts

from optimizer.roster.check.validator import validate
from optimizer.roster.problem import ShiftType
from optimizer.roster.search.greedy import greedy_roster

DAY = 24 * 60
REFERENCE = 17 * 48 * 60  # the 48-hour average over 17 weeks, in minutes


def test_is_a_shift_over_fixed_work_refused():
    """Does a late shift clash with a published 18:00-21:00 shift elsewhere?"""
    p = problem(staff=[person(fixed_work=((18 * 60, 21 * 60),))])
    assert_rule(p, shifts(0, shift="L"), shifts(0) + shifts(1, shift="L"))


def test_is_daily_rest_kept_around_fixed_work():
    """Is the early after an evening elsewhere refused, before the horizon too?"""
    evening = (18 * 60, 21 * 60)
    p = with_wtr(problem(staff=[person(fixed_work=(evening,))]), daily_rest_minutes=11 * 60)
    assert_rule(p, shifts(1), shifts(1, shift="L"))
    before = (-5 * 60, -60)  # 19:00-23:00 the evening before day 0
    p = dataclasses.replace(p, staff=(person(fixed_work=(before,)),))
    assert_rule(p, shifts(0), shifts(0, shift="L"))


def test_does_fixed_work_count_towards_the_average_but_not_the_contract():
    """Three shifts fill the room the carried-in hours leave; fixed work then breaks it."""
    room_for_three = dict(carried_in_minutes=REFERENCE - 3 * 480, max_minutes=3 * 480)
    p = with_wtr(problem(staff=[person(**room_for_three)]), weekly_limit_minutes=48 * 60)
    assert solved(p, pinned=shifts(0, 2, 4)).status == "OPTIMAL"
    busy = dataclasses.replace(p, staff=(person(**room_for_three, fixed_work=((0, 60),)),))
    assert_rule(busy, shifts(0, 2, 4), shifts(0, 2))
    assert not validate(busy, shifts(0, 2)).broken  # the contract ignores work elsewhere


def test_is_the_48_hour_limit_an_average_with_hours_carried_in():
    """64 hours in one week of a 10-day rota: legal alone, not after 16 weeks of 48."""
    p = with_wtr(problem(days=10), weekly_limit_minutes=48 * 60)
    sixty_four_hours = shifts(0, 1, 2, 3, 4, 5, 6, 7)
    assert solved(p, pinned=sixty_four_hours).status == "OPTIMAL"
    tired = dataclasses.replace(p, staff=(person(carried_in_minutes=16 * 48 * 60),))
    assert_rule(tired, sixty_four_hours, shifts(0, 1, 2, 3, 4, 5))


def test_is_the_average_checked_in_every_rolling_window():
    """Every day from day 21 to 139 is 119 in a row: only a later window sees it."""
    p = with_wtr(problem(days=140, shifts=(EARLY,)), weekly_limit_minutes=48 * 60)
    six_a_week = shifts(*(day for day in range(140) if day % 7 != 6))
    assert_rule(p, shifts(*range(21, 140)), six_a_week)


def test_is_weekly_rest_in_each_period_not_once_in_the_horizon():
    """13 days on in a 14-day rota leave the first week without rest."""
    p = with_wtr(problem(days=14), weekly_rest="weekly")
    assert_rule(p, shifts(*range(13)), shifts(*range(6), *range(7, 13)))


def test_do_periods_start_on_monday_and_count_fixed_work_before_the_horizon():
    """From a Wednesday, seven days on follow a Monday and Tuesday: rest unless worked."""
    p = with_wtr(problem(start=MONDAY + dt.timedelta(days=2)), weekly_rest="weekly")
    assert solved(p, pinned=shifts(*range(7))).status == "OPTIMAL"
    elsewhere = tuple((day * DAY + 7 * 60, day * DAY + 15 * 60) for day in (-2, -1))
    p = dataclasses.replace(p, staff=(person(fixed_work=elsewhere),))
    assert_rule(p, shifts(*range(7)), shifts(*range(1, 7)))


def test_does_weekly_rest_exclude_the_daily_rest_under_11_7():
    """33 hours off hold 24 of weekly rest but not 24 plus 11 of daily rest."""
    rules = dict(weekly_rest="weekly", weekly_rest_apart_from_daily=True)
    p = with_wtr(problem(), daily_rest_minutes=11 * 60, **rules)
    assert_rule(p, shifts(*range(6)), shifts(0, 1, 2, 3, 4, 6))
    assert not validate(with_wtr(problem(), weekly_rest="weekly"), shifts(*range(6))).broken


def test_do_night_workers_average_eight_hours_even_when_opted_out():
    """After 16 weeks of 8-hour days a night worker has 6 x 8 hours left for the week."""
    carried = dict(carried_in_minutes=16 * 6 * 480, opted_out_of_weekly_limit=True)
    p = with_wtr(problem(shifts=(NIGHT,)), weekly_limit_minutes=48 * 60, night_limit_minutes=480)
    p = dataclasses.replace(p, staff=(person(night_worker=True, **carried),))
    assert_rule(p, shifts(0, 1, 2, 3, 4, shift="N"), shifts(0, 1, 2, 3, shift="N"))
    day_worker = dataclasses.replace(p, staff=(person(**carried),))
    assert solved(day_worker, pinned=shifts(0, 1, 2, 3, 4, shift="N")).status == "OPTIMAL"


def test_is_a_long_shift_without_a_break_refused():
    """Eight hours need a 20-minute break (given, or unpaid time); six hours do not."""
    no_break = ShiftType("X", dt.time(7, 0), dt.time(15, 0), 480)
    paid_break = ShiftType("P", dt.time(7, 0), dt.time(15, 0), 480, break_minutes=20)
    unpaid_break = ShiftType("U", dt.time(7, 0), dt.time(15, 30), 480)
    six_hours = ShiftType("S", dt.time(9, 0), dt.time(15, 0), 360)
    types = (no_break, paid_break, unpaid_break, six_hours)
    p = with_wtr(problem(shifts=types), break_minutes=20)
    compliant = shifts(0, shift="P") + shifts(1, shift="U") + shifts(2, shift="S")
    assert_rule(p, shifts(0, shift="X"), compliant)


def test_does_the_greedy_keep_clear_of_fixed_work():
    """The only free person for the late shift is busy elsewhere that evening."""
    staff = [person("A", fixed_work=((18 * 60, 21 * 60),)), person("B")]
    p = with_wtr(problem(staff=staff, cover=[need(0, "L")]), daily_rest_minutes=11 * 60)
    roster = greedy_roster(p)
    assert [a.staff for a in roster] == ["B"]
    assert validate(p, roster).valid
