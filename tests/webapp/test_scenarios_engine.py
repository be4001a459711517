"""Scenarios on the real place engine: the same seed gives the same result, delegation off
moves delegated visits to registered professionals, the briefing and the CLI."""

import dataclasses
import io
import json

import pypdf
from sqlmodel import select

import optimizer.place as engine
from webapp.models import StaffMember
from webapp.services.scenarios import baseline, levers, report
from webapp.services.scenarios.changes import Changes
from webapp.services.scenarios.work import Settings, work

from .conftest import csrf_token
from .scenario_factories import LEAD, make_scenario

LOSS = Changes(staff_loss_pct=10, staff_loss_role="hca", demand_growth_pct=5,
               absence_headroom_pct=5)


def _without_timings(result: dict) -> dict:
    return {k: v for k, v in result.items() if k not in ("seconds", "cpu_seconds", "peak_mb")}


def test_the_same_seed_gives_the_same_problem_and_another_seed_another(db):
    """Do the sampled levers repeat exactly for a seed and differ between seeds?"""
    base = baseline.load(db, make_scenario(db))
    first, again = levers.apply(base, LOSS, 7), levers.apply(base, LOSS, 7)
    assert first == again
    other = levers.apply(base, LOSS, 8)
    assert {s.id for s in first.staff} != {s.id for s in other.staff}
    lost = len(base.problem.staff) - len(first.staff)
    hcas = [s for s in base.staff.values() if levers.matches(s, "hca", "any")]
    assert lost == round(len(hcas) * 0.10)
    assert len(first.visits) == len(base.problem.visits) + round(len(base.problem.visits) * .05)


def test_two_runs_with_the_same_seed_give_identical_results(db, monkeypatch):
    """Do two whole runs (baseline, samples, fixes) on the real CP-SAT method with the same
    seeds agree exactly, with the search actually run and nothing cut by the safety net?"""
    from optimizer.place.daily import lns

    searched, real = [], lns.solve_visits
    monkeypatch.setattr(lns, "solve_visits",
                        lambda *a, **k: searched.append(k.get("work")) or real(*a, **k))
    seen, solve = [], engine.solve
    monkeypatch.setattr(engine, "solve", lambda *a, **k: seen.append(k) or solve(*a, **k))
    base = baseline.load(db, make_scenario(db))
    settings = Settings(method="cpsat", plan_work=0.6)
    first = work(base, LOSS, [3, 4], settings)
    second = work(base, LOSS, [3, 4], settings)
    assert _without_timings(first) == _without_timings(second)
    assert first["runs"][0] != first["runs"][1]  # two seeds, two samples
    assert searched and all(w == engine.Budget.step_work for w in searched)
    assert [k["budget"].seed for k in seen[:3]] == [0, 3, 4]  # baseline, then each seed
    assert seen[1]["hint"], "the samples start from the baseline's plan"
    assert first["baseline"]["repeatable"].startswith("yes")


def test_delegation_off_moves_delegated_visits_to_registered_professionals(db):
    """With delegation off, is every delegated visit done by registrants or left unfilled
    because nobody holds the registration it now needs?"""
    base = baseline.load(db, make_scenario(db))
    delegated = {v.id for v in base.problem.visits if v.activity}
    assert delegated, "the demo place has delegated visits"
    registrants = {sid for sid, info in base.staff.items() if info.registrant}
    problem = levers.apply(base, Changes(delegation=False), 1)
    solution = engine.solve(problem, 5, "greedy", 1)
    done = [a for a in solution.assignments if a.item in delegated]
    assert done and all(a.staff in registrants for a in done)
    before = engine.solve(levers.apply(base, Changes(), 1), 5, "greedy", 1)
    assert any(a.staff not in registrants for a in before.assignments if a.item in delegated)
    nobody = dataclasses.replace(problem, staff=tuple(
        s for s in problem.staff if s.id not in registrants))
    unfilled = {u.item: u for u in engine.solve(nobody, 5, "greedy", 1).unfilled}
    assert delegated <= set(unfilled)
    assert {unfilled[v].reason for v in delegated} == {"no_competence"}


def test_briefing_pdf_shows_the_comparison_and_the_same_charts(client, auth, db, app):
    """Does the PDF carry the headline figures and fixes, and the page and PDF the same SVG?"""
    scenario = make_scenario(db, with_result=True)
    auth.login(LEAD)
    page = client.get(f"/scenarios/{scenario.id}").get_data(as_text=True)
    response = client.get(f"/scenarios/{scenario.id}/pdf")
    assert response.mimetype == "application/pdf"
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.data)).pages)
    for words in ("Scenario briefing", "Fill rate", "Ranked fixes", "Unmet hours by locality",
                  "Lose 10% of healthcare assistants"):
        assert words in text
    names = [m.full_name for m in db.exec(select(StaffMember)).all()]
    assert not [n for n in names if n in text]
    with app.test_request_context():
        compared = report.comparison(json.loads(scenario.result), scenario,
                                     baseline.names(db))
        from flask import render_template

        printed = render_template("scenarios/briefing.html", scenario=scenario,
                                  compared=compared)
    for chart in compared["charts"]:
        assert chart["src"] in page and chart["src"] in printed
        assert chart["svg"].startswith("<svg") and "<script" not in chart["svg"]
    assert csrf_token(client, f"/scenarios/{scenario.id}")


def test_scenario_run_prints_the_comparison(app, tmp_path):
    """Does the CLI run a scenario file and print baseline beside scenario, and refuse a bad
    file with a message rather than a traceback?"""
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps({"name": "CLI check", "seeds": [1], "changes": {
        "staff_loss_pct": 10, "staff_loss_role": "hca"}}))
    app.config["SCENARIO_METHOD"] = "greedy"
    result = app.test_cli_runner().invoke(args=["scenario-run", "--file", str(path),
                                                "--time-limit", "5"])
    assert result.exit_code == 0, result.output
    assert "Scenario: CLI check" in result.output and "Fill rate" in result.output
    path.write_text(json.dumps({"changes": {"staff_loss_pct": 150}}))
    bad = app.test_cli_runner().invoke(args=["scenario-run", "--file", str(path)])
    assert bad.exit_code != 0 and "percentage from 0 to 100" in bad.output
    assert "Traceback" not in bad.output
