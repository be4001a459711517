"""Fixed work that alone breaks a rule closes that rule's day or period to the roster.

A breach that fixed work (a published shift elsewhere, a pin) makes by itself is excused
only while no shift falls in its scope (``optimizer.kernel.excuse``): both days of a short
daily rest, the reference period of the 48-hour average, the horizon for a night worker.
Each case the ``assert_rule`` way: the model refuses the shift, the validator flags a
hand-made roster holding it, and a roster clear of the scope solves.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from roster_factories import need, person, problem, solved, with_wtr
from test_hard_rules import assert_rule, shifts

from optimizer.roster.check.validator import validate
from optimizer.roster.problem import ShiftType
from optimizer.roster.search.greedy import greedy_roster

DAY = 24 * 60
TWILIGHT = ShiftType("T", dt.time(19, 0), dt.time(23, 0), 240)
# 22:00-24:00 on day 0, then 06:00-08:00 on day 1: six hours' rest, a breach of its own.
SHORT_REST = ((22 * 60, DAY), (DAY + 6 * 60, DAY + 8 * 60))
# 00:00-07:00 every day of the week: 49 hours elsewhere, 63 at the week's end for a night worker.
SEVEN_HOURS_A_DAY = tuple((day * DAY, day * DAY + 7 * 60) for day in range(7))


def short_rest_problem(cover=()):
    """One person whose fixed work alone leaves six hours' rest between day 0 and day 1."""
    p = problem(shifts=(TWILIGHT,), staff=[person(fixed_work=SHORT_REST)], cover=cover)
    return with_wtr(p, daily_rest_minutes=11 * 60)


def test_does_fixed_work_short_of_daily_rest_close_both_its_days():
    """A 19:00 shift on day 1 rests 11 hours after the fixed work, but its day is closed."""
    p = short_rest_problem()
    assert_rule(p, shifts(1, shift="T"), shifts(2, shift="T"))
    message = validate(p, shifts(1, shift="T")).broken[0]
    assert message == "A rests 360 minutes from minute 1440"


def test_is_the_fixed_work_short_of_daily_rest_excused_with_no_shift_in_its_days():
    """The fixed work's own breach alone leaves a valid roster, empty or on a clean day."""
    p = short_rest_problem()
    assert validate(p, ()).valid
    assert validate(p, shifts(2, 4, shift="T")).valid


def test_is_a_clean_day_still_rostered_next_to_a_closed_one():
    """Cover asks for the shift on days 1 and 2: only day 2 can take it."""
    p = short_rest_problem(cover=[need(1, "T"), need(2, "T")])
    roster = solved(p).assignments
    assert [(a.day, a.shift) for a in roster] == [(2, "T")]


def test_does_the_greedy_keep_out_of_a_closed_day():
    """The greedy fills the same cover the same way, and its roster is valid."""
    p = short_rest_problem(cover=[need(1, "T"), need(2, "T")])
    roster = greedy_roster(p)
    assert [(a.day, a.shift) for a in roster] == [(2, "T")]
    assert validate(p, roster).valid


def rules_name(rules: dict) -> str:
    """The kernel's name of the one averaged limit switched on."""
    return "weekly_limit" if "weekly_limit_minutes" in rules else "night_limit"


@pytest.mark.parametrize(
    "rules, staff",
    [
        (dict(weekly_limit_minutes=48 * 60), dict(carried_in_minutes=16 * 48 * 60)),
        (dict(night_limit_minutes=8 * 60), dict(night_worker=True)),
    ],
    ids=["weekly_limit", "night_limit"],
)
def test_does_fixed_work_over_an_average_close_its_period(rules, staff):
    """Fixed work alone goes over the average: no shift may add to it, however short."""
    p = with_wtr(problem(shifts=(TWILIGHT,)), **rules)
    p = dataclasses.replace(p, staff=(person(fixed_work=SEVEN_HOURS_A_DAY, **staff),))
    assert_rule(p, shifts(2, shift="T"), ())
    broken = validate(p, shifts(2, shift="T")).broken
    assert len(broken) == 1 and rules_name(rules) in broken[0]


def test_does_fixed_work_without_weekly_rest_close_its_week_only():
    """Fixed work 08:00-20:00 every day of week 0 leaves no 24 hours: week 1 stays open."""
    busy = tuple((day * DAY + 8 * 60, day * DAY + 20 * 60) for day in range(7))
    p = problem(days=14, shifts=(TWILIGHT,), staff=[person(fixed_work=busy)])
    p = with_wtr(p, weekly_rest="weekly")
    assert_rule(p, shifts(3, shift="T"), shifts(8, shift="T"))
    assert validate(p, ()).valid
