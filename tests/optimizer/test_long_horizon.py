"""Year-long rosters: the model stays valid and a first roster comes person by person."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest

from optimizer.roster.check.validator import validate
from optimizer.roster.curtois import load
from optimizer.roster.long_instances import stretched
from optimizer.roster.model.build import build_model
from optimizer.roster.model.cpsat import solve_model
from optimizer.roster.options import SolveOptions
from optimizer.roster.problem import WorkingTimeRules
from optimizer.roster.search.sequential import person_by_person

BENCHMARK = Path("/work/shared/benchmarks/curtois")
pytestmark = pytest.mark.skipif(not BENCHMARK.exists(), reason="needs the Curtois instances")


def test_is_a_year_long_150_person_model_valid():
    """Does CP-SAT accept a 364-day, 150-person model as built (no overflowing domains)?"""
    problem = stretched(load(BENCHMARK / "Instance11.txt"), days=364, copies=3)
    assert (problem.days, len(problem.staff)) == (364, 150)
    assert build_model(problem).model.validate() == ""


def test_is_a_year_long_model_with_the_regulations_valid():
    """With every working-time rule on (rolling averages, weekly rest by period)."""
    short = dataclasses.replace(load(BENCHMARK / "Instance2.txt"), working_time=WorkingTimeRules())
    assert build_model(stretched(short, days=364)).model.validate() == ""


def test_does_a_search_past_its_deadline_answer_without_model_invalid():
    """A solve whose time ran out while planning says UNKNOWN, not MODEL_INVALID."""
    roster = build_model(load(BENCHMARK / "Instance1.txt"))
    late = time.monotonic() - 100.0
    assert solve_model(roster, SolveOptions(time_limit=10.0), None, late).status == "UNKNOWN"


def test_does_person_by_person_give_a_valid_roster():
    """Each person alone, at the cover the others leave: a roster that keeps every rule."""
    problem = stretched(load(BENCHMARK / "Instance2.txt"), days=56)
    options = SolveOptions(workers=1)
    assignments = person_by_person(problem, options, time.monotonic() + 5.0)
    report = validate(problem, assignments)
    assert report.valid, report.broken[:3]
    assert report.objective_by_rule["cover_shortfall"] < 100 * len(problem.cover)
