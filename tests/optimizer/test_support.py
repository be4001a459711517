"""The LP's support: the whole model narrowed to the shifts of each person's LP rosters."""

from __future__ import annotations

import dataclasses
import time

from ortools.sat.python import cp_model
from roster_factories import fractional, generated, need, person, problem, ward

from optimizer.roster.check.validator import validate
from optimizer.roster.columns.generation import roster_cost
from optimizer.roster.columns.pool import cover_index
from optimizer.roster.columns.pricer import Pricer
from optimizer.roster.columns.support import lp_support, solve_on_support
from optimizer.roster.model.build import build_model
from optimizer.roster.options import SolveOptions


def _priced_by_cp_sat(monkeypatch):
    # Priced by CP-SAT (every roster its search passes through is a column),
    # the LP keeps a fractional mix: a support wider than one roster each.
    import optimizer.roster.columns.pricer as pricer

    monkeypatch.setattr(pricer, "path_pricer", lambda *args: None)


def _solver(seconds: float = 10.0) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    return solver


def test_does_the_roster_found_work_only_shifts_of_each_persons_lp_rosters(monkeypatch):
    _priced_by_cp_sat(monkeypatch)
    p = ward()
    pool, _pricers = generated(p)
    assert fractional(p, pool), "a support of one roster each would test nothing"
    support, _heaviest = lp_support(p, pool)
    roster = build_model(p)

    found = solve_on_support(roster, pool, _solver(), stop_at=0)

    assert found is not None
    assert all((a.day, a.shift, a.site) in support[a.staff] for a in found.assignments)
    report = validate(p, found.assignments)
    assert report.broken == () and report.objective == found.objective
    assert found.objective >= pool.bound


def test_is_the_support_wider_than_the_heaviest_rosters(monkeypatch):
    _priced_by_cp_sat(monkeypatch)
    p = ward()
    pool, _pricers = generated(p)
    assert fractional(p, pool)
    support, heaviest = lp_support(p, pool)
    assert sorted(column.staff for column in heaviest) == ["A", "B", "C", "D"]
    assert all(column.keys <= support[column.staff] for column in heaviest)
    assert any(column.keys < support[column.staff] for column in heaviest)


def test_is_the_whole_model_left_unnarrowed():
    p = ward()
    pool, _pricers = generated(p)
    roster = build_model(p)

    solve_on_support(roster, pool, _solver(), stop_at=0)

    domains = [list(roster.model.proto.variables[v.index].domain) for v in roster.assign.values()]
    assert all(domain == [0, 1] for domain in domains)
    assert len(roster.model.proto.solution_hint.vars) == 0


def test_does_a_given_roster_get_the_column_its_person_would_price():
    p = ward()
    pool, _pricers = generated(p)
    rows = cover_index(p)
    for person_ in p.staff:
        pricer = Pricer(p, person_, rows[person_.id], SolveOptions())
        for column in pool.by_staff[person_.id][:3]:
            assert pricer.roster_column(column.keys) == column


def test_does_a_roster_that_breaks_its_persons_rules_get_no_column():
    # A may work at most two days running: three in a row is no roster of theirs.
    p = problem(days=3, staff=[person("A", max_consecutive_days=2)], cover=[need(0)])
    pricer = Pricer(p, p.staff[0], cover_index(p)["A"], SolveOptions())
    assert pricer.roster_column(frozenset((day, "E", None) for day in range(3))) is None
    assert pricer.roster_column(frozenset((day, "E", None) for day in range(2))) is not None


def test_does_a_plan_take_the_supports_roster_and_no_dive_when_it_meets_the_bound(monkeypatch):
    import optimizer.roster.columns.plan as plan

    dives = []
    monkeypatch.setattr(plan, "_best_dive", lambda *args: dives.append(args))
    p = ward()
    roster = build_model(p)
    options = SolveOptions(time_limit=30, workers=1)

    found, bound = plan.plan_by_columns(roster, options, None, time.monotonic())

    assert not dives
    assert found is not None and found.objective >= bound
    report = validate(p, found.assignments)
    assert report.broken == () and report.objective == found.objective


def test_do_dives_follow_a_support_roster_above_the_bound_and_the_cheaper_stay(monkeypatch):
    import optimizer.roster.columns.plan as plan

    p = ward()
    pool, pricers = generated(p)
    _support, heaviest = lp_support(p, pool)
    dearer = [dataclasses.replace(c, cost=c.cost + 1) for c in heaviest]
    cheaper = [dataclasses.replace(c, cost=c.cost - 1) for c in heaviest]
    roster, options = build_model(p), SolveOptions(time_limit=30, workers=1)
    cost = roster_cost(p, heaviest)
    monkeypatch.setattr(plan, "_on_support", lambda *args: heaviest)
    for dived, bound, dives_run, kept in (
        (dearer, cost - 1, 1, heaviest),
        (cheaper, cost - 1, 1, cheaper),
        (cheaper, cost, 0, heaviest),  # the support's roster meets the bound: no dive
    ):
        dives = []
        monkeypatch.setattr(plan, "_best_dive", lambda *args, d=dives, r=dived: d.append(1) or r)
        deadline = time.monotonic() + 20

        chosen = plan._first_roster(roster, pool, pricers, options, deadline, ((3, 2), ()), bound)

        assert len(dives) == dives_run
        assert chosen == kept
