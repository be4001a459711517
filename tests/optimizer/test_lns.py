"""The neighbourhood search's moving parts: what a step frees and that a step improves."""

from __future__ import annotations

import random
import time

from roster_factories import need, person, problem

from optimizer.roster.check.validator import validate
from optimizer.roster.model.build import build_model
from optimizer.roster.problem import Solution
from optimizer.roster.search import lns


def _ward():
    staff = [person(name, max_consecutive_days=5, min_consecutive_days_off=2) for name in "ABCDE"]
    cover = [need(day, shift, required=2) for day in range(14) for shift in ("E", "L")]
    return problem(days=14, staff=staff, cover=cover)


def _search_from_empty_roster(p):
    roster = build_model(p)
    report = validate(p, ())
    empty = Solution((), report.objective, report.objective_by_rule, "FEASIBLE", 0.0, 0.0)
    started = time.monotonic()
    search = lns._Search(roster, started, started + 60, None, empty, {})
    search.values = lns._incumbent_values(roster, empty)
    return roster, search


def test_does_a_window_free_everyone_over_consecutive_days():
    _, search = _search_from_empty_roster(_ward())
    search.sizes["window"] = 4
    free = lns._neighbourhood(search, "window", random.Random(1))
    days = sorted({day for _, day in free})
    assert {staff for staff, _ in free} == set("ABCDE")
    assert days == list(range(days[0], days[0] + 4))


def test_does_a_staff_neighbourhood_free_a_few_people_all_horizon():
    _, search = _search_from_empty_roster(_ward())
    search.sizes["team"] = 2
    free = lns._neighbourhood(search, "team", random.Random(1))
    assert len({staff for staff, _ in free}) == 2
    assert {day for _, day in free} == set(range(14))


def test_does_a_step_improve_the_incumbent_and_keep_it_valid():
    p = _ward()
    roster, search = _search_from_empty_roster(p)
    before = search.best.objective
    model = roster.model.clone()
    index_of = {key: var.index for key, var in roster.assign.items()}
    search.sizes["window"] = 7
    free = lns._neighbourhood(search, "window", random.Random(3))
    lns._step(search, model, index_of, free, "window", random.Random(3))
    report = validate(p, search.best.assignments)
    assert search.best.objective < before
    assert report.valid and report.objective == search.best.objective
    assert all((a.staff, a.day) in free for a in search.best.assignments)
