"""Files in and out: the JSON documents, their schemas, the command line and the generator."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
from place_factories import contract, delegation, place, solved, visit, worker

from optimizer.place import dump_problem, load_problem, problem_to_dict, solution_to_dict
from optimizer.place.__main__ import main

ROOT = Path(__file__).resolve().parents[3]
SCHEMAS = ROOT / "optimizer" / "schemas"


def _check(schema: dict, value) -> list[str]:
    """Validate a document with jsonschema; return the error messages (empty when valid)."""
    validator = jsonschema.validators.validator_for(schema)(schema)
    validator.check_schema(schema)
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(value)
    ]


def _problem():
    """Return a small problem with a joint-role worker, a delegation and an unfillable visit."""
    joint = worker(
        "w1",
        contracts=[
            contract("trust", 22.5, 30, kind="joint"),
            contract("council", 15, 20, kind="joint"),
        ],
        delegations=(delegation(),),
    )
    return place(
        [joint, worker("w2")],
        [visit("v1", activity="insulin"), visit("v2", activity="catheter-care")],
    )


def test_problem_and_solution_documents_match_their_schemas():
    """Do the problem and solution documents validate against the JSON Schemas?"""
    problem = _problem()
    solution = solved(problem)
    problem_schema = json.loads((SCHEMAS / "place_problem.schema.json").read_text())
    solution_schema = json.loads((SCHEMAS / "place_solution.schema.json").read_text())
    assert _check(problem_schema, problem_to_dict(problem)) == []
    assert _check(solution_schema, json.loads(json.dumps(solution_to_dict(solution)))) == []
    assert _check(problem_schema, {"days": 1}) != []


def test_problem_round_trips_through_json(tmp_path):
    """Does a problem written to JSON read back equal?"""
    problem = _problem()
    dump_problem(problem, tmp_path / "p.json")
    assert load_problem(tmp_path / "p.json") == problem


def test_command_line_writes_a_solution(tmp_path, capsys):
    """Does `python -m optimizer.place` solve a file, print a summary and write the solution?"""
    dump_problem(_problem(), tmp_path / "p.json")
    code = main(
        [
            str(tmp_path / "p.json"),
            "--time-limit",
            "3",
            "--out",
            str(tmp_path / "s.json"),
            "--workers",
            "1",
        ]
    )
    written = json.loads((tmp_path / "s.json").read_text())
    assert code == 0
    assert {"assignments", "unfilled", "summary"} <= set(written)
    assert written["summary"]["validator"] == "valid"
    assert [u["item"] for u in written["unfilled"]] == ["v2"]
    assert "fill rate 0.5000" in capsys.readouterr().out


def _generator():
    """Import bench/place_instance.py."""
    spec = importlib.util.spec_from_file_location(
        "place_instance", ROOT / "bench" / "place_instance.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generator_same_seed_same_file(tmp_path):
    """Does the same seed give byte-identical files, and another seed a different one?"""
    generate = _generator().generate
    for name, seed in (("a", 4), ("b", 4), ("c", 5)):
        dump_problem(generate(seed, staff_count=40, days=2), tmp_path / f"{name}.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert (tmp_path / "a.json").read_bytes() != (tmp_path / "c.json").read_bytes()


def test_generated_place_solves_to_a_valid_plan():
    """Is a small generated place (joint roles, delegations, leave) solved to a validated plan?"""
    problem = _generator().generate(3, staff_count=60, days=2)
    assert sum(len(s.contracts) > 1 for s in problem.staff) > 0
    assert any(v.activity for v in problem.visits) and any(v.carers == 2 for v in problem.visits)
    solution = solved(problem, seconds=8)
    assert solution.summary.fill_rate <= solution.summary.fill_rate_bound + 1e-9
    assert all(u.reason and u.explanation for u in solution.unfilled)


def test_optimizer_place_does_not_import_the_web_stack():
    """Does importing optimizer.place in a fresh interpreter leave flask and sqlalchemy out?"""
    code = (
        "import sys, optimizer.place; print('flask' in sys.modules or 'sqlalchemy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "False"
