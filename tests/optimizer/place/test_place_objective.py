"""Soft rules: each objective term is exact, and the validator recomputes the same total."""

from __future__ import annotations

from place_factories import at, contract, place, slot, solved, visit, worker

from optimizer.place import Weights, problem_to_dict, solution_to_dict
from optimizer.place.check.validator_objective import recompute_objective


def test_pay_and_travel_of_one_visit():
    """Does a 30-minute visit cost 30 minutes plus 20 minutes' travel at the contract rate?"""
    problem = place(
        [worker("w1", contracts=[contract("council", 37.5, 45, rate=15.0)])], [visit("v1")]
    )
    terms = solved(problem).summary.objective_terms
    assert terms["cost"] == 12.5  # 50 minutes at 15 pounds an hour
    assert terms["travel"] == 20  # home to the visit and back, 10 minutes each in loc-a
    assert terms["unmet"] == 0


def test_overtime_rate_above_contracted_hours():
    """Are minutes above the contracted hours paid at the overtime rate?"""
    zero_hours = contract("council", 0.0, 45, rate=12.0, overtime=24.0)
    terms = solved(
        place([worker("w1", contracts=[zero_hours])], [visit("v1")])
    ).summary.objective_terms
    assert terms["cost"] == 20.0  # 50 minutes at 24 pounds an hour


def test_unmet_visit_costs_its_priority_weight():
    """Does an unfillable priority-1 visit cost exactly its weight?"""
    weights = Weights(unmet=((1, 1000.0), (2, 300.0)))
    problem = place(
        [worker("w1", contracts=[contract("trust")])], [visit("v1", priority=1)], weights=weights
    )
    assert solved(problem).summary.objective_terms["unmet"] == 1000.0


def test_continuity_counts_distinct_carers_beyond_the_first():
    """Two visits to one person at the same time need two carers: is continuity 1 x weight?"""
    visits = [visit("v1", window=0), visit("v2", window=0, duration=15)]
    problem = place([worker("w1"), worker("w2")], visits, weights=Weights(continuity=7.0))
    solution = solved(problem)
    assert len(solution.assignments) == 2
    assert solution.summary.objective_terms["continuity"] == 7.0


def test_the_same_carer_is_kept_for_a_person_when_possible():
    """Given a choice, does one carer do both of a person's visits (no continuity cost)?"""
    visits = [visit("v1", hour=8), visit("v2", hour=12)]
    solution = solved(place([worker("w1"), worker("w2")], visits))
    assert len({a.staff for a in solution.assignments}) == 1
    assert solution.summary.objective_terms["continuity"] == 0


def test_fairness_squares_unsocial_days():
    """Do two weekend days for one worker cost 4 x weight?"""
    cover = [slot("sat", day=5), slot("sun", day=6)]
    one = place(
        [worker("w1", contracts=[contract("trust")])],
        cover=cover,
        days=7,
        weights=Weights(fairness=3.0),
    )
    assert solved(one).summary.objective_terms["fairness"] == 12.0


def test_fairness_spreads_night_shifts():
    """With two workers, are two night shifts shared out (2 x weight) rather than given to one?"""
    nights = [slot(f"n{d}", day=d, start=(21, 30), hours=10, shift="night") for d in range(2)]
    two = place(
        [worker(n, contracts=[contract("trust")]) for n in ("w1", "w2")],
        cover=nights,
        days=2,
        weights=Weights(fairness=3.0),
    )
    solution = solved(two)
    assert len({a.staff for a in solution.assignments}) == 2
    assert solution.summary.objective_terms["fairness"] == 6.0


def test_preferred_carer_is_chosen():
    """Is the person's preferred carer sent, so the preference term is zero?"""
    problem = place([worker("w1"), worker("w2")], [visit("v1", preferred_carers=("w2",))])
    solution = solved(problem)
    assert [a.staff for a in solution.assignments] == ["w2"]
    assert solution.summary.objective_terms["preference"] == 0


def test_validator_recomputes_every_term():
    """Does the validator's own recomputation match each reported term of a busier plan?"""
    visits = [visit(f"v{i}", hour=7 + i, person=f"p{i % 3}", carers=1 + (i == 4)) for i in range(8)]
    staff = [worker(f"w{i}", home="loc-b" if i else "loc-a") for i in range(3)]
    problem = place(
        staff, visits, cover=[slot("s1", employers=("council",), competence="care-certificate")]
    )
    solution = solved(problem)
    recomputed = recompute_objective(problem_to_dict(problem), solution_to_dict(solution))
    for term, value in solution.summary.objective_terms.items():
        assert abs(recomputed[term] - value) < 1e-6, term


def test_validator_rejects_a_wrong_objective():
    """Does the validator notice a reported objective that does not match the plan?"""
    from optimizer.place import validate

    problem = place([worker("w1")], [visit("v1")])
    document = solution_to_dict(solved(problem))
    document["summary"]["objective"] += 5
    assert any(b.startswith("objective") for b in validate(problem_to_dict(problem), document))


def test_greedy_baseline_is_valid_and_no_better():
    """Is the greedy plan valid, and is the CP-SAT plan at least as good?"""
    visits = [
        visit(f"v{i}", hour=7 + i // 2, minute=15 * (i % 2), person=f"p{i}", window=30)
        for i in range(10)
    ]
    problem = place([worker("w1"), worker("w2", home="loc-b")], visits)
    greedy = solved(problem, method="greedy")
    best = solved(problem)
    assert best.summary.objective <= greedy.summary.objective + 1e-6
    assert at(0, 7) <= min(a.start for a in best.assignments)
