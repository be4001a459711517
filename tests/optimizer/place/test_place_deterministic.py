"""Deterministic solves: the same problem and seed give the same solution, whatever the clock
says; the safety net owns up when it cuts; an earlier solution given as a hint is reused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from place_factories import contract, place, visit, worker

from optimizer.place import (
    Assignment,
    Budget,
    problem_to_dict,
    solution_to_dict,
    solve,
    validate,
)
from optimizer.place.daily import lns

ROOT = Path(__file__).resolve().parents[3]


def short_staffed(days=1, carers=12, per_day=55):
    """Return a day of visits tight enough for its carers that the search has work to do."""
    staff = [
        worker(f"w{i:02d}", home="loc-a" if i % 4 else "loc-b",
               contracts=[contract(hours=30, most=40, rate=14 + i % 3)])
        for i in range(carers)
    ]
    visits = [
        visit(f"v{d}-{k:02d}", day=d, hour=7 + (k * 5) % 15, minute=(k * 13) % 60, window=45,
              duration=30 + (k % 4) * 15, person=f"p{k % 30:02d}", carers=1 + (k % 11 == 0))
        for d in range(days)
        for k in range(per_day)
    ]
    return place(staff, visits=visits, days=days)


@pytest.fixture
def searches(monkeypatch):
    """Record each CP-SAT neighbourhood solve (carers in it, work units, seed), then run it."""
    seen, real = [], lns.solve_visits

    def spy(sub, *args, **kwargs):
        seen.append((len(sub.carers), kwargs.get("work"), kwargs.get("seed")))
        return real(sub, *args, **kwargs)

    monkeypatch.setattr(lns, "solve_visits", spy)
    return seen


def checked(problem, **options):
    """Solve deterministically on one CP-SAT worker and check the validator passes it."""
    solution = solve(problem, time_limit=options.pop("time_limit", 120.0), workers=1, **options)
    assert validate(problem_to_dict(problem), solution_to_dict(solution)) == []
    return solution


def without_seconds(solution) -> dict:
    document = solution_to_dict(solution)
    del document["summary"]["seconds"]
    return document


def test_the_same_seed_gives_the_same_solution(searches):
    """Do two deterministic solves with one seed agree on every assignment and figure, with
    CP-SAT neighbourhoods actually searched?"""
    problem, budget = short_staffed(), Budget(seed=5, plan_work=1.0)
    first = checked(problem, budget=budget)
    runs = len(searches)
    second = checked(problem, budget=budget)
    assert runs >= 5 and len(searches) == 2 * runs
    assert any(carers < 12 for carers, _, _ in searches), "neighbourhoods, not the whole day"
    assert all(work == budget.step_work for _, work, _ in searches)
    assert first.assignments
    assert without_seconds(first) == without_seconds(second)
    assert first.summary.repeatable.startswith("yes: deterministic: seed 5")


def test_another_seed_searches_differently(searches):
    """Does the seed reach the search (another seed, other CP-SAT seeds and neighbourhoods)?"""
    problem = short_staffed()
    checked(problem, budget=Budget(seed=1, plan_work=1.0))
    one = list(searches)
    searches.clear()
    checked(problem, budget=Budget(seed=2, plan_work=1.0))
    assert {s for _, _, s in one}.isdisjoint({s for _, _, s in searches})


def test_another_interpreter_gives_the_same_solution(tmp_path):
    """Does the solution repeat in a fresh interpreter with another string-hash seed (as a
    scenario run in another worker process would be)?"""
    problem, budget = short_staffed(), Budget(seed=3, plan_work=1.0)
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(problem_to_dict(problem), default=str))
    script = (
        "import json, sys\n"
        "from optimizer.place import Budget, load_problem, solution_to_dict, solve\n"
        "s = solve(load_problem(sys.argv[1]), 120.0, workers=1, budget=Budget(seed=3, "
        "plan_work=1.0))\n"
        "d = solution_to_dict(s); del d['summary']['seconds']\n"
        "print(json.dumps(d, default=str))\n"
    )
    env = os.environ | {"PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", script, str(path)], env=env, check=True,
                         capture_output=True, text=True).stdout
    here = json.loads(json.dumps(without_seconds(checked(problem, budget=budget)), default=str))
    assert json.loads(out) == here


def test_the_safety_net_says_when_it_cut_the_work():
    """When the time limit stops counted work, does the summary say the result may differ?"""
    solution = checked(short_staffed(), budget=Budget(seed=1), time_limit=0.01)
    assert solution.summary.repeatable == (
        "no: the 0.01 s time limit cut the counted work short"
    )


def test_a_wall_clock_solve_says_it_may_not_repeat():
    """Does a solve without a budget say it is bounded by the wall clock?"""
    solution = checked(short_staffed(), time_limit=2.0)
    assert solution.summary.repeatable == "no: bounded by the wall clock"


def test_an_earlier_solution_as_hint_is_at_least_as_good():
    """Under a tiny budget, does a hint of a better earlier solution give a result at least
    as good as that solution, where the unhinted run is worse; do hints naming unknown
    workers or visits change nothing?"""
    problem = short_staffed()
    earlier = checked(problem, budget=Budget(seed=1, plan_work=1.0))
    tiny = Budget(seed=1, plan_work=0.0)
    unhinted = checked(problem, budget=tiny)
    hinted = checked(problem, budget=tiny, hint=earlier.assignments)
    assert unhinted.summary.objective > earlier.summary.objective
    assert hinted.summary.objective <= earlier.summary.objective
    some = earlier.assignments[0]
    strangers = (replace(some, staff="nobody"), replace(some, item="no-such-visit"),
                 Assignment("nobody", "v9-99", "visit", some.start, some.end, "council"))
    noisy = checked(problem, budget=tiny, hint=strangers + earlier.assignments)
    assert without_seconds(noisy) == without_seconds(hinted)


def test_the_command_solves_deterministically_with_a_seed(tmp_path, capsys):
    """Does `python -m optimizer.place --seed` give the same solution file twice, and say so?"""
    from optimizer.place.__main__ import main

    path = tmp_path / "problem.json"
    path.write_text(json.dumps(problem_to_dict(short_staffed()), default=str))
    documents = []
    for n in (1, 2):
        out = tmp_path / f"solution-{n}.json"
        assert main([str(path), "--seed", "4", "--work", "0.4", "--workers", "1",
                     "--out", str(out)]) == 0
        document = json.loads(out.read_text())
        del document["summary"]["seconds"]
        documents.append(document)
    assert documents[0] == documents[1]
    assert "repeatable: yes: deterministic: seed 4" in capsys.readouterr().out
