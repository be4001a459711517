"""The fairness soft rule: nights, weekends and bank holidays shared out by contracted share."""

from __future__ import annotations

import pytest
from roster_factories import EARLY, NIGHT, need, person, problem, solved

from optimizer.roster.check.validator import validate
from optimizer.roster.model import build
from optimizer.roster.model.build import build_model
from optimizer.roster.model.cpsat import price_roster
from optimizer.roster.model.rules import SOFT_RULES, fairness
from optimizer.roster.problem import Assignment, Fairness, ShiftRequest

NIGHTS = frozenset((day, "N") for day in range(7))
SHIFTS = (EARLY, NIGHT)


def _fair(weight: int, **categories) -> Fairness:
    return Fairness(weight, tuple(categories.items()) or (("nights", NIGHTS),))


def _nights(solution, staff_id: str) -> int:
    return sum(1 for a in solution.assignments if a.staff == staff_id and a.shift == "N")


def test_does_a_hand_built_roster_cost_exactly_its_shifts_above_fair_share():
    """A owes 2/4 of the nights, B and C 1/4 each: A holds 1 carried in + 2, B 4, C none.
    Of 7 nights B's part is 1.75, so B holds 2.25 above it: 3 whole shifts at 5 each."""
    staff = [
        person("A", fair_share=2, fairness_carried_in=(("nights", 1),)),
        person("B"),
        person("C"),
    ]
    p = problem(staff=staff, shifts=SHIFTS, fairness=_fair(5))
    roster = [Assignment("A", d, "N") for d in (0, 1)] + [
        Assignment("B", d, "N") for d in (2, 3, 4, 5)
    ]
    assert validate(p, roster).objective_by_rule["fairness"] == 15
    priced = price_roster(build_model(p), roster)
    assert priced.objective_by_rule["fairness"] == 15


def test_does_a_fair_roster_cost_nothing_and_an_unfair_one_more():
    p = problem(staff=[person("A"), person("B")], shifts=SHIFTS, fairness=_fair(1))
    even = [Assignment("A", d, "N") for d in (0, 1)] + [Assignment("B", d, "N") for d in (2, 3)]
    lopsided = [Assignment("A", d, "N") for d in range(4)]
    assert validate(p, even).objective_by_rule["fairness"] == 0
    assert validate(p, lopsided).objective_by_rule["fairness"] == 2
    assert price_roster(build_model(p), lopsided).objective_by_rule["fairness"] == 2


def test_does_only_someone_who_could_work_the_category_owe_a_share():
    """C may never work a night, so A and B share the nights between them."""
    staff = [person("A"), person("B"), person("C", max_shifts=(("N", 0),))]
    p = problem(staff=staff, shifts=SHIFTS, fairness=_fair(1))
    roster = [Assignment("A", d, "N") for d in (0, 1)] + [Assignment("B", d, "N") for d in (2, 3)]
    assert validate(p, roster).objective_by_rule["fairness"] == 0


def test_is_the_rule_off_at_weight_zero():
    p = problem(staff=[person("A"), person("B")], shifts=SHIFTS, fairness=_fair(0))
    roster = [Assignment("A", d, "N") for d in range(7)]
    assert "fairness" not in validate(p, roster).objective_by_rule
    assert "fairness" not in build_model(p).penalties


def test_does_the_validator_catch_a_model_that_charges_the_wrong_figure(monkeypatch):
    """The validator recomputes fairness from the roster alone: a model that rounds the
    excess down instead of up reports a figure the validator does not agree with."""

    def rounding_down(roster):
        fair = roster.problem.fairness
        roster.declare("fairness")
        for name, counted in fair.categories:
            for over in fairness._excess_variables(roster, name, counted):
                roster.penalise("fairness", over - 1, fair.weight)

    broken = tuple(rounding_down if r is fairness.penalise_unfairness else r for r in SOFT_RULES)
    monkeypatch.setattr(build, "SOFT_RULES", broken)
    p = problem(staff=[person("A"), person("B")], shifts=SHIFTS, fairness=_fair(3))
    roster = [Assignment("A", d, "N") for d in range(3)]
    claimed = price_roster(build_model(p), roster).objective_by_rule["fairness"]
    assert claimed != validate(p, roster).objective_by_rule["fairness"]


def _wanting_nights(weight: int, **a_fields):
    """A asks for every night (1 each); a night and an early needed each day. An extra
    person on a shift costs more than fairness gains by thinning everyone's part."""
    wishes = tuple(ShiftRequest(day, "N", 1) for day in range(7))
    staff = [person("A", shift_on_requests=wishes, **a_fields), person("B"), person("C")]
    cover = [need(day, shift, over_weight=50) for day in range(7) for shift in ("E", "N")]
    return problem(staff=staff, shifts=SHIFTS, cover=cover, fairness=_fair(weight))


@pytest.mark.parametrize("search", [dict(columns=False, lns=False), dict(lns=True), {}])
def test_does_raising_the_weight_give_the_person_with_most_nights_fewer(search):
    """With no fairness A works all seven nights asked for; at weight 10 three (7/3 is the
    fair part): each search path reports the figure the validator recomputes."""
    options = dict(workers=1, deterministic_time=5, **search)
    unfair = solved(_wanting_nights(0), **options)
    fair = solved(_wanting_nights(10), **options)
    assert max(_nights(unfair, s) for s in "ABC") == _nights(unfair, "A") == 7
    assert max(_nights(fair, s) for s in "ABC") == _nights(fair, "A") == 3
    # 4 nights asked for and not given, one night above A's part.
    assert fair.objective_by_rule["fairness"] == 10 and fair.objective == 14


def test_do_nights_carried_in_and_a_smaller_share_mean_fewer_nights():
    """A worked 6 nights in the weeks before; D is part-time (a third of the others' share)."""
    staff = [
        person("A", fair_share=3, fairness_carried_in=(("nights", 6),)),
        person("B", fair_share=3),
        person("C", fair_share=3),
        person("D", fair_share=1),
    ]
    cover = [need(day, "N", over_weight=50) for day in range(7)]
    p = problem(staff=staff, shifts=SHIFTS, cover=cover, fairness=_fair(10))
    solution = solved(p, workers=1, deterministic_time=5)
    nights = {s: _nights(solution, s) for s in "ABCD"}
    assert nights["A"] == 0 and nights["D"] <= 1 and nights["B"] + nights["C"] >= 6
    assert solution.objective_by_rule["fairness"] == 30  # A's 6 against a part of 3.9


def test_is_fairness_a_soft_rule_of_the_model():
    assert fairness.penalise_unfairness in SOFT_RULES
    p = _wanting_nights(4)
    assert "fairness" in build_model(p).penalties
