"""A batch of scenarios on one place solves the baseline once; a kept baseline gives the same
result as a fresh one, and a damaged or cut one is never used."""

import optimizer.place as engine
from webapp.services.scenarios import baseline
from webapp.services.scenarios.changes import Changes
from webapp.services.scenarios.work import Settings, work

from .scenario_factories import make_scenario


def _without_timings(result: dict) -> dict:
    return {k: v for k, v in result.items() if k not in ("seconds", "cpu_seconds", "peak_mb")}


def _counting(monkeypatch) -> list:
    seen, solve = [], engine.solve
    monkeypatch.setattr(engine, "solve", lambda *a, **k: seen.append(k["budget"].seed)
                        or solve(*a, **k))
    return seen


def test_a_second_scenario_reuses_the_baseline_solution(db, monkeypatch, tmp_path):
    """Does a second scenario of the same place skip the baseline solve and still give what
    a run without kept baselines gives?"""
    seen = _counting(monkeypatch)
    base = baseline.load(db, make_scenario(db))
    kept = Settings(method="greedy", fixes=False, cache_dir=str(tmp_path))
    loss, growth = Changes(staff_loss_pct=10, staff_loss_role="hca"), Changes(demand_growth_pct=5)
    work(base, loss, [1], kept)
    assert seen == [0, 1] and len(list(tmp_path.glob("baseline-*.json"))) == 1
    seen.clear()
    second = work(base, growth, [1], kept)
    assert seen == [1]
    fresh = work(base, growth, [1], Settings(method="greedy", fixes=False))
    assert _without_timings(second) == _without_timings(fresh)


def test_a_damaged_kept_baseline_is_solved_again(db, monkeypatch, tmp_path):
    """Is a kept baseline that cannot be read solved again and replaced?"""
    base = baseline.load(db, make_scenario(db))
    kept = Settings(method="greedy", fixes=False, cache_dir=str(tmp_path))
    first = work(base, Changes(demand_growth_pct=5), [1], kept)
    (path,) = tmp_path.glob("baseline-*.json")
    path.write_text("{not json")
    seen = _counting(monkeypatch)
    again = work(base, Changes(demand_growth_pct=5), [1], kept)
    assert seen == [0, 1] and _without_timings(again) == _without_timings(first)
    assert path.read_text().startswith('{"measure"')


def test_a_baseline_cut_by_the_safety_net_is_not_kept(db, tmp_path):
    """Is a baseline the time limit cut short (so not repeatable) left out of the cache?"""
    base = baseline.load(db, make_scenario(db))
    cut = Settings(method="cpsat", fixes=False, time_limit=0.01, cache_dir=str(tmp_path))
    result = work(base, Changes(demand_growth_pct=5), [1], cut)
    assert result["baseline"]["repeatable"].startswith("no: the 0.01 s time limit")
    assert not list(tmp_path.glob("baseline-*.json"))
