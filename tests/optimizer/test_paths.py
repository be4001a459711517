"""Pricing by dynamic programming: the same best roster as CP-SAT, far faster."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from roster_factories import EARLY, LATE, NIGHT, need, person, problem

from optimizer.roster.check.validator import validate
from optimizer.roster.columns.pool import cover_index
from optimizer.roster.columns.pricer import Pricer
from optimizer.roster.options import SolveOptions
from optimizer.roster.problem import Assignment, ForbiddenSuccession, ShiftRequest, WorkingTimeRules


def _earned(column, duals) -> float:
    """The column's own cost less the prices of the cover it gives."""
    return column.cost - sum(duals[row] * given for row, given in column.cover)


def _by_cp_sat(p, staff_id: str, duals) -> float:
    rows = cover_index(p)
    pricer = Pricer(p, p.staff[0], rows[staff_id], SolveOptions())
    pricer.paths = None
    found, proven, _lower = pricer.price(duals, 20.0, None, 0)
    assert proven
    return _earned(found[-1], duals)


@st.composite
def _people(draw):
    """One person with random day-by-day rules, random requests and random cover prices."""
    days = draw(st.sampled_from([7, 10, 14]))
    most_days = draw(st.sampled_from([None, 2, 3, 5]))
    lowest = draw(st.integers(1, 3 if most_days is None else min(3, most_days)))
    minutes = draw(st.integers(0, days // 2)) * 480
    somebody = person(
        "A",
        max_consecutive_days=most_days,
        min_consecutive_days=lowest,
        min_consecutive_days_off=draw(st.integers(1, 3)),
        max_weekends=draw(st.sampled_from([None, 0, 1, 2])),
        min_minutes=minutes,
        max_minutes=draw(st.sampled_from([None, minutes + 600, minutes + 1440 * 3])),
        unavailable_days=frozenset(draw(st.sets(st.integers(0, days - 1), max_size=2))),
        shift_on_requests=(ShiftRequest(draw(st.integers(0, days - 1)), "L", 3),),
        shift_off_requests=(ShiftRequest(draw(st.integers(0, days - 1)), "E", 2),),
    )
    banned = draw(st.sampled_from([(), (("L", "E"),), (("N", "E"), ("N", "L"))]))
    p = problem(
        days=days,
        staff=[somebody],
        shifts=(EARLY, LATE, NIGHT),
        cover=[need(day, shift) for day in range(days) for shift in "ELN"],
        start=draw(st.sampled_from([dt.date(2025, 1, 6), dt.date(2025, 1, 5)])),  # Mon, Sun
        forbidden_successions=tuple(ForbiddenSuccession(a, b) for a, b in banned),
        min_stretch_at_edges=draw(st.booleans()),
    )
    prices = st.sampled_from([-1.0, 0.0, 7.5, 30.0, 100.0])
    return p, draw(st.lists(prices, min_size=len(p.cover), max_size=len(p.cover)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_people())
def test_does_the_shortest_path_find_the_roster_cp_sat_proves_best(case):
    p, duals = case
    pricer = Pricer(p, p.staff[0], cover_index(p)["A"], SolveOptions())
    assert pricer.paths is not None
    columns, lower, proven = pricer._price_by_paths(duals, 0.0)
    if lower == float("inf"):  # no roster keeps the rules: CP-SAT agrees
        pricer.paths = None
        assert pricer.price(duals, 20.0, None, 0)[0] == []
        return
    best = _by_cp_sat(p, "A", duals)
    assert proven and lower <= best + 1e-6
    assert abs(_earned(columns[0], duals) - best) < 1e-6
    alone = dataclasses.replace(p, cover=())
    for column in columns:  # every roster returned keeps every rule
        report = validate(alone, column.assignments())
        assert report.broken == ()
        assert report.objective == column.cost


def test_does_a_binding_shift_type_maximum_still_give_the_best_roster():
    # Nights are the best paid, but only two are allowed: the unconstrained path
    # takes more, so CP-SAT prices the person from the best path that keeps it.
    somebody = person("A", max_shifts=(("N", 2),), max_consecutive_days=3)
    p = problem(
        days=10,
        staff=[somebody],
        shifts=(EARLY, NIGHT),
        cover=[need(day, shift) for day in range(10) for shift in "EN"],
    )
    duals = [10.0 if n % 2 == 0 else 50.0 for n in range(len(p.cover))]  # E, N alternate
    pricer = Pricer(p, somebody, cover_index(p)["A"], SolveOptions())
    found, proven, lower = pricer.price(duals, 20.0, None, 0)
    nights = sum(1 for day, shift, _site in found[-1].keys if shift == "N")
    assert proven and nights == 2
    assert abs(_earned(found[-1], duals) - _by_cp_sat(p, "A", duals)) < 1e-6
    assert lower <= _earned(found[-1], duals) + 1e-6


def test_do_the_regulations_pins_and_change_penalties_go_to_cp_sat():
    rows = cover_index(problem())
    with_rules = problem(working_time=WorkingTimeRules())
    pinned = SolveOptions(pinned=(Assignment("A", 0, "E"),))
    changes = SolveOptions(previous=(Assignment("A", 0, "E"),), change_weight=1)
    assert Pricer(problem(), person(), rows["A"], SolveOptions()).paths is not None
    assert Pricer(with_rules, person(), cover_index(with_rules)["A"], SolveOptions()).paths is None
    assert Pricer(problem(), person(), rows["A"], pinned).paths is None
    assert Pricer(problem(), person(), rows["A"], changes).paths is None


def test_does_pricing_take_paths_only_while_they_are_twice_as_quick():
    from optimizer.roster.columns.pricer import PROBE_EVERY, _Route

    route = _Route()
    assert [route.probe() for _ in range(2 * PROBE_EVERY)].count(True) == 2
    route.took("cp_sat", 0.030)
    route.took("paths", 0.010)  # three times as quick: worth it with two threads
    assert route.paths
    route.took("paths", 0.030)  # now 0.020 on average: not twice as quick
    assert not route.paths
