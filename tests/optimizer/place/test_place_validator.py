"""The validator checks every summary figure, and reports (never crashes) on any input."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st
from place_factories import at, contract, hand, place, slot, solved, visit, worker

from optimizer.place import problem_to_dict, solution_to_dict, validate


def _solved_documents():
    joint = worker("w1", contracts=[contract("trust", 22.5, 30, kind="joint"), contract("council")])
    problem = place([joint, worker("w2")], [visit("v1", hour=16), visit("v2")], [slot("s1")])
    solution = solved(problem)
    return problem_to_dict(problem), solution_to_dict(solution)


def test_a_wrong_fill_rate_is_flagged():
    problem, solution = _solved_documents()
    solution["summary"]["fill_rate"] = 0.5
    assert any(b.startswith("summary: fill rate") for b in validate(problem, solution))


def test_wrong_hours_and_costs_by_employer_and_funder_are_flagged():
    problem, solution = _solved_documents()
    for key in ("hours_by_employer", "cost_by_employer", "cost_by_funder"):
        wrong = copy.deepcopy(solution)
        name = next(iter(wrong["summary"][key]))
        wrong["summary"][key][name] += 1.0
        assert any(b.startswith(f"summary: {key} {name}") for b in validate(problem, wrong)), key


def test_counts_by_reason_must_count_the_unfilled_list():
    problem, solution = _solved_documents()
    solution["summary"]["unfilled_by_reason"] = {"busy": 3}
    assert any("unfilled by reason" in b for b in validate(problem, solution))


def test_a_fill_rate_above_its_bound_is_flagged():
    problem, solution = _solved_documents()
    solution["summary"]["fill_rate_bound"] = 0.1
    assert any("above its bound" in b for b in validate(problem, solution))


def test_an_employer_without_a_contract_is_reported_not_crashed_on():
    """An assignment charged to an employer the worker has no contract with: a message."""
    problem, solution = _solved_documents()
    solution["assignments"] = [hand("w2", "s1", at(0, 7), at(0, 15), "trust", "cover")]
    broken = validate(problem, solution)
    assert any(b.startswith("contract: w2 on s1 charged to trust, not one") for b in broken)
    assert not any(b.startswith("validator:") for b in broken)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
PROBLEM, SOLUTION = _solved_documents()


@settings(max_examples=80, deadline=None)
@given(
    key=st.sampled_from(["assignments", "unfilled", "summary"]), value=JSON, index=st.integers(0, 5)
)
def test_the_validator_never_crashes_on_a_damaged_solution(key, value, index):
    solution = copy.deepcopy(SOLUTION)
    if key == "assignments" and solution["assignments"]:
        field = sorted(solution["assignments"][0])[index % 6]
        solution["assignments"][0][field] = value
    else:
        solution[key] = value
    broken = validate(PROBLEM, solution)
    assert isinstance(broken, list) and all(isinstance(b, str) for b in broken)
    assert not any(b.startswith("validator:") for b in broken), broken


@settings(max_examples=40, deadline=None)
@given(problem=JSON, solution=JSON)
def test_the_validator_never_crashes_on_any_documents(problem, solution):
    broken = validate(problem, solution)
    assert isinstance(broken, list) and broken
