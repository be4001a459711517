"""Column generation: person rosters as columns, a bound, a dive and a set-partitioning pick."""

from __future__ import annotations

import dataclasses
import math
import time

from roster_factories import fractional, generated, need, person, problem, solved, ward

from optimizer.roster.check.validator import validate
from optimizer.roster.columns.dive import dive
from optimizer.roster.columns.generation import roster_cost
from optimizer.roster.columns.master import Master
from optimizer.roster.columns.pool import Column, cover_index, reduced_cost
from optimizer.roster.columns.pricer import Pricer
from optimizer.roster.options import SolveOptions


def test_is_the_column_bound_at_most_the_optimum_and_close_to_it():
    p = ward()
    pool, _ = generated(p)
    optimum = solved(p, time_limit=60, columns=False, workers=1, deterministic_time=60)
    assert optimum.status == "OPTIMAL"
    assert 0 < pool.bound <= optimum.objective
    # Four people of nine shifts each cannot cover 14 days x 2 shifts x 2 people:
    # the shortfall alone costs 100 x 20 (less the pricing round-off allowance).
    assert math.ceil(pool.bound) >= 100 * (56 - 4 * 9)


def test_does_every_column_keep_its_persons_hard_rules():
    p = ward()
    pool, _ = generated(p)
    assert {column.staff for column in pool.columns()} == {"A", "B", "C", "D"}
    for column in pool.columns():
        alone = dataclasses.replace(
            p, staff=tuple(x for x in p.staff if x.id == column.staff), cover=()
        )
        report = validate(alone, column.assignments())
        assert report.broken == (), (column.staff, report.broken)
        assert report.objective == column.cost


def test_does_pricing_stopped_early_still_give_a_bound_below_the_best_roster():
    p = ward()
    prices = [100.0 if need.shift == "E" else 40.0 for need in p.cover]
    pricer = Pricer(p, p.staff[0], cover_index(p)["A"], SolveOptions())
    exact, proven, exact_lower = pricer.price(prices, 20.0, None, 0, gap=0.0)
    best = min(reduced_cost(column, prices, 0.0) for column in exact)
    assert proven and best - 1e-3 <= exact_lower <= best
    rough, _proven, rough_lower = pricer.price(prices, 20.0, None, 0, gap=50.0)
    found = min(reduced_cost(column, prices, 0.0) for column in rough)
    assert rough_lower <= best and found - rough_lower <= 50.0 + 1e-3


def test_does_a_column_count_only_the_cover_its_person_can_give():
    p = ward()
    p = dataclasses.replace(p, cover=p.cover + (need(0, "E", competence="RN"),))
    rows = cover_index(p)
    assert rows["A"][0, "E", None] == [0]  # not the RN row: A holds no competence


def test_is_a_reduced_cost_the_cost_less_what_the_cover_and_person_are_worth():
    column = Column("A", frozenset({(0, "E", None)}), 5, ((0, 1), (3, 2)))
    assert reduced_cost(column, [10.0, 0.0, 0.0, 1.5], 2.0) == 5 - 10 - 3 - 2


def test_does_the_dive_give_one_valid_roster_per_person():
    p = ward()
    pool, pricers = generated(p)
    chosen = dive(p, pool, pricers, time.monotonic() + 20, workers=1)
    assert sorted(column.staff for column in chosen) == ["A", "B", "C", "D"]
    report = validate(p, tuple(a for column in chosen for a in column.assignments()))
    assert report.broken == ()
    assert report.objective >= pool.bound
    assert report.objective == roster_cost(p, chosen)


def test_does_a_dive_past_its_deadline_still_round_the_lp_step_by_step(monkeypatch):
    import optimizer.roster.columns.dive as diving
    import optimizer.roster.columns.pricer as pricer

    # Priced by CP-SAT (every roster its search passes through is a column),
    # the LP keeps a fractional mix for the dive to round.
    monkeypatch.setattr(pricer, "path_pricer", lambda *args: None)
    p = ward()
    pool, pricers = generated(p)
    assert fractional(p, pool), "the dive needs an LP with a fractional mix to round"
    columns = len(pool.columns())
    steps = []

    def fix_heaviest(master, mix, share, everyone):
        steps.append((share, everyone))
        fix(master, mix, share, everyone)

    fix = diving._fix_heaviest
    monkeypatch.setattr(diving, "_fix_heaviest", fix_heaviest)
    chosen = dive(p, pool, pricers, time.monotonic() - 1, workers=1, share=8)
    # Within LATE_SECONDS of the deadline: a third per step, never everyone at once.
    assert steps and all(step == (3, False) for step in steps)
    # No pricing once the deadline has passed: only the pool's columns are used.
    assert len(pool.columns()) == columns
    assert sorted(column.staff for column in chosen) == ["A", "B", "C", "D"]
    assert all(any(c is column for c in pool.by_staff[column.staff]) for column in chosen)
    assert validate(p, tuple(a for c in chosen for a in c.assignments())).broken == ()


def test_does_converged_generation_leave_its_lp_within_a_unit_of_the_bound():
    # Converged either way: no roster beats the LP, or the bound cannot rise a whole unit.
    pool, _pricers = generated(ward())
    assert pool.converged
    assert pool.value - pool.bound < 1.0


def test_does_the_solver_start_from_columns_and_stay_valid():
    seen = []
    from optimizer.roster.search.solve import solve

    solution = solve(ward(), SolveOptions(time_limit=20, workers=1), on_progress=seen.append)
    report = validate(ward(), solution.assignments)
    assert report.broken == () and report.objective == solution.objective
    assert math.ceil(solution.bound) >= 100 * (56 - 4 * 9)
    assert seen and seen[-1].objective == solution.objective


def test_does_a_person_with_no_possible_roster_leave_the_verdict_to_the_whole_model():
    # B must work four shifts in two days: no roster keeps B's own rules.
    staff = [person("A"), person("B", min_minutes=480 * 4)]
    p = problem(days=2, staff=staff, cover=[need(0), need(1)])
    pool, _ = generated(p, seconds=5)
    assert not pool.complete()
    assert solved(p, time_limit=5).status == "INFEASIBLE"


def test_does_a_master_rebuilt_from_scratch_keep_its_columns_and_fixings():
    p = ward()
    pool, _ = generated(p)
    master = Master(p)
    for column in pool.columns():
        master.add(column)
    first = pool.by_staff["A"][0]
    master.fix(first)
    value, duals, _ = master.solve()
    master.rebuild()
    again, duals_again, _ = master.solve()
    assert abs(value - again) < 1e-6
    ((weight, column),) = master.mix()["A"]
    assert column == first and abs(weight - 1) < 1e-6


def test_does_generation_take_its_grace_only_when_nearly_converged():
    from optimizer.roster.columns.generation import NEARLY, _nearly
    from optimizer.roster.columns.pool import ColumnPool

    later = time.monotonic() + 60
    pool = ColumnPool(ward(), value=1000.0, bound=1000.0 * (1 - NEARLY) + 1)
    assert _nearly(pool, later)
    assert not _nearly(pool, None)
    assert not _nearly(pool, time.monotonic() - 1)
    pool.bound = 1000.0 * (1 - NEARLY) - 1
    assert not _nearly(pool, later)
    pool.bound = 0.0  # no full round yet: nothing to judge by
    assert not _nearly(pool, later)
