"""Best responses: one person at a time takes their best roster given everyone else's."""

from __future__ import annotations

import time

from roster_factories import need, person, problem

from optimizer.roster.check.validator import validate
from optimizer.roster.columns.generation import roster_cost
from optimizer.roster.columns.pool import cover_index
from optimizer.roster.columns.pricer import Pricer
from optimizer.roster.columns.respond import respond
from optimizer.roster.options import SolveOptions


def _pricers(p):
    rows = cover_index(p)
    return {x.id: Pricer(p, x, rows[x.id], SolveOptions()) for x in p.staff}


def _roster(pricers, prices_by_person):
    """Each person's best roster at their own prices (a deliberately poor start)."""
    return [pricers[staff].price(prices, 5.0, None, 0)[0][-1] for staff, prices in prices_by_person]


def test_does_the_second_person_move_off_the_shifts_the_first_already_covers():
    staff = [person("A", max_minutes=480 * 3), person("B", max_minutes=480 * 3)]
    cover = [need(day, "E") for day in range(6)]
    p = problem(days=6, staff=staff, cover=cover)
    pricers = _pricers(p)
    # Both start on the first three days' earlies: three days are short, three doubled.
    first_half = [100.0 if n < 3 else 0.0 for n in range(6)]
    start = _roster(pricers, [("A", first_half), ("B", first_half)])
    assert roster_cost(p, start) == 3 * 100 + 3 * 1

    result = respond(p, pricers, start, time.monotonic() + 20, workers=1)

    assert roster_cost(p, result) == 0
    report = validate(p, [a for column in result for a in column.assignments()])
    assert report.broken == () and sum(report.objective_by_rule.values()) == 0


def test_is_the_result_never_worse_and_a_local_optimum():
    staff = [person(name, max_consecutive_days=3, max_minutes=480 * 5) for name in "ABC"]
    cover = [need(day, shift, required=1) for day in range(7) for shift in ("E", "L")]
    p = problem(days=7, staff=staff, cover=cover)
    pricers = _pricers(p)
    everything = [100.0] * len(p.cover)
    start = _roster(pricers, [(x.id, everything) for x in p.staff])

    result = respond(p, pricers, start, time.monotonic() + 20, workers=2)

    assert roster_cost(p, result) < roster_cost(p, start)
    again = respond(p, pricers, result, time.monotonic() + 20, workers=1)
    assert [c.keys for c in again] == [c.keys for c in result]
    assert validate(p, [a for column in result for a in column.assignments()]).broken == ()


def test_does_it_return_the_start_when_time_has_run_out():
    staff = [person("A"), person("B")]
    p = problem(days=3, staff=staff, cover=[need(day) for day in range(3)])
    pricers = _pricers(p)
    start = _roster(pricers, [("A", [100.0] * 3), ("B", [100.0] * 3)])

    assert respond(p, pricers, start, time.monotonic() - 1) == start
