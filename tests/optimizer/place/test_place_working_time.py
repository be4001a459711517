"""The working-time findings of issue 19, end to end: the engine keeps each rule, the
validator flags a plan that breaks it."""

from __future__ import annotations

from datetime import timedelta

from place_factories import at, broken_rules, contract, hand, place, slot, solved, visit, worker

from optimizer.place import Rules, Site, Travel

TWENTY = timedelta(minutes=20)


def test_weekly_rest_in_each_week_of_a_14_day_rota():
    """Offered an early shift every day for 14 days, does the worker rest in each week?"""
    trust = [contract("trust", 37.5, 84.0)]
    problem = place(
        [worker("w1", contracts=trust, wtr_opt_out=True)],
        cover=[slot(f"s{d}", day=d) for d in range(14)],
        days=14,
    )
    solution = solved(problem)
    days = sorted(a.start.day - at(0, 0).day for a in solution.assignments)
    assert 0 < len([d for d in days if d < 7]) <= 6 and 0 < len([d for d in days if d >= 7]) <= 6
    thirteen = [
        hand("w1", f"s{d}", at(d, 7), at(d, 15), "trust", "cover") for d in range(14) if d != 2
    ]
    assert any(b.startswith("weekly rest") for b in broken_rules(problem, solution, thirteen))


def test_no_64_hours_inside_one_week_of_a_10_day_rota():
    """Five 12.8-hour days in week one of ten days: the average (nothing carried in) says no."""
    trust = [contract("trust", 37.5, 70.0)]
    shifts = [slot(f"s{d}", day=d, start=(7, 0), hours=12, shift="long_day") for d in range(5)]
    problem = place([worker("w1", contracts=trust)], cover=shifts, days=10)
    solution = solved(problem)
    assert len(solution.assignments) == 4  # 48 hours
    five = [hand("w1", f"s{d}", at(d, 7), at(d, 19), "trust", "cover") for d in range(5)]
    assert any(b.startswith("48-hour limit") for b in broken_rules(problem, solution, five))


def test_hours_carried_in_let_a_long_week_through():
    """After 16 light weeks, the same five long days keep the 17-week average."""
    trust = [contract("trust", 37.5, 70.0)]
    shifts = [slot(f"s{d}", day=d, start=(7, 0), hours=12, shift="long_day") for d in range(5)]
    light = worker("w1", contracts=trust, carried_in_minutes=16 * 30 * 60)
    assert len(solved(place([light], cover=shifts, days=10)).assignments) == 5


def test_travel_from_a_visit_to_a_night_shift_counts():
    """A visit ending 21:15 in East, a night at 21:30 in Central 18 minutes away: not both."""
    roads = [Travel("east", "central", 18)]
    site = Site("ward-1", "Ward", "central", "trust")
    joint = worker("w1", home="east", contracts=[contract("trust", 30, 40), contract("council")])
    evening = visit("v1", hour=20, minute=45, window=0, locality="east")
    night = slot("n1", start=(21, 30), hours=10, shift="night")
    problem = place([joint], [evening], [night], travel=roads, sites=(site,))
    solution = solved(problem)
    assert len(solution.assignments) == 1
    both = [
        hand("w1", "v1", at(0, 20, 45), at(0, 21, 15)),
        hand("w1", "n1", at(0, 21, 30), at(1, 7, 30), "trust", "cover"),
    ]
    assert any(b.startswith("travel/overlap") for b in broken_rules(problem, solution, both))


def test_a_20_minute_break_after_6_hours_of_visits():
    """Visits back to back from 08:00 to 15:00 cannot all go to one carer without a break."""
    visits = [
        visit(f"v{i}", hour=8 + i // 2, minute=30 * (i % 2), window=0, duration=20, person=f"p{i}")
        for i in range(14)
    ]
    problem = place([worker("w1", contracts=[contract("council", 37.5, 45)])], visits)
    solution = solved(problem)
    assert 0 < len(solution.assignments) < 14
    every = [hand("w1", v.id, v.earliest_start, v.earliest_start + TWENTY) for v in visits]
    assert any(b.startswith("break") for b in broken_rules(problem, solution, every))


def test_weekly_rest_rules_are_parameters():
    """Reg 11(2): 48 hours off in a fortnight is enough when the rules say 14 days."""
    rules = Rules(weekly_rest_period_days=14)
    trust = [contract("trust", 37.5, 84.0)]
    problem = place(
        [worker("w1", contracts=trust, wtr_opt_out=True)],
        cover=[slot(f"s{d}", day=d) for d in range(14)],
        days=14,
        rules=rules,
    )
    solution = solved(problem)
    twelve = [hand("w1", f"s{d}", at(d, 7), at(d, 15), "trust", "cover") for d in range(12)]
    assert not any(b.startswith("weekly rest") for b in broken_rules(problem, solution, twelve))
