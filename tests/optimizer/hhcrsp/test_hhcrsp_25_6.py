"""Our answer to InstanzCPLEX_HCSRP_25_6, below the listed best known, checked twice: by our
validator and by bench/hhcrsp_readme_check.py, written from the benchmark README alone and
reading the raw JSON without optimizer/ code. Each breach the README names must be caught by
both, so the agreement on the valid answer means something."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from bench.hhcrsp_readme_check import check, read_json
from optimizer.hhcrsp.instance import parse
from optimizer.hhcrsp.validator import validate

INSTANCE = Path("/work/shared/benchmarks/hhcrsp/mankowska/InstanzCPLEX_HCSRP_25_6.json.gz")
SOLUTION = Path(__file__).parent / "data" / "InstanzCPLEX_HCSRP_25_6.solution.json"
# (objective, distance, total lateness, maximum lateness)
LISTED_BEST = (464.622, 947.294, 328.909, 117.663)  # the benchmark README's table
OURS = (440.929, 903.086, 302.037, 117.663)  # 30 s, 2 workers, seed 0, 5 December 2026

needs_benchmark = pytest.mark.skipif(not INSTANCE.exists(), reason="benchmark not present")


def both(data: dict, solution: dict):
    """The README checker's result and our validator's verdict on one solution."""
    return check(data, solution), validate(parse(data, name="25_6"), solution)


def split(result) -> tuple[float, float, float, float]:
    return (result.objective, result.distance, result.total_tardiness, result.max_tardiness)


@needs_benchmark
def test_is_our_25_6_answer_valid_for_both_checkers_and_below_the_listed_best_on_every_term():
    readme, verdict = both(read_json(INSTANCE), json.loads(SOLUTION.read_text()))
    assert readme.problems == [] and verdict.valid, (readme.problems, verdict.problems)
    assert split(readme) == pytest.approx(split(verdict), abs=1e-6)
    assert split(readme) == pytest.approx(OURS, abs=1e-3)
    assert all(ours < listed for ours, listed in zip(OURS[:3], LISTED_BEST[:3], strict=True))


def _patient(data: dict, patient_id: str) -> dict:
    return next(p for p in data["patients"] if p["id"] == patient_id)


# Each breaks one README rule on the answer above (p22 s5 starts 1 after p22 s1, p24 s6 21
# after p24 s3, p9 at its window's opening, c1 leaves the depot straight for p5).
BREACHES = {
    "performed 0 times": lambda d, s: s["routes"][0]["locations"].pop(),
    "repeated carer": lambda d, s: s["routes"][1].update(caregiver_id="c1"),
    "not a finite number": lambda d, s: s["routes"][0]["locations"][5].update(
        arrival_time=math.nan, departure_time=math.nan
    ),
    "lacks the ability": lambda d, s: d["caregivers"][3]["abilities"].remove("s4"),
    "lasts": lambda d, s: _patient(d, "p1")["required_caregivers"][0].update(duration=20.0),
    "travel": lambda d, s: d["distances"][0].__setitem__(5, d["distances"][0][5] + 1),
    "window opens": lambda d, s: _patient(d, "p9").update(time_window=[311.0, 430.0]),
    "sequential min": lambda d, s: _patient(d, "p22")["synchronization"].update(distance=[2, 3]),
    "sequential max": lambda d, s: _patient(d, "p24")["synchronization"].update(distance=[0, 20]),
    "simultaneous max": lambda d, s: _patient(d, "p22").update(
        synchronization={"type": "simultaneous"}
    ),
}


@needs_benchmark
@pytest.mark.parametrize("rule", sorted(BREACHES))
def test_do_both_checkers_reject_the_answer_once_one_rule_is_broken(rule):
    data, solution = read_json(INSTANCE), json.loads(SOLUTION.read_text())
    BREACHES[rule](data, solution)
    readme, verdict = both(data, solution)
    assert any(rule in problem for problem in readme.problems), readme.problems
    assert not verdict.valid
