"""Visit rules: lateness within a tolerance, gaps between two visits, carers' continuity.

Each rule three ways: a plan that keeps it solves, a breach is impossible (the solver leaves
the visit unmet and the validator flags a hand-made breach), and its exact penalty.
"""

from __future__ import annotations

from datetime import timedelta

from place_factories import at, broken_rules, hand, place, solved, visit, worker

from optimizer.place import Unavailability, Weights, problem_to_dict, solution_to_dict
from optimizer.place.check.validator_objective import recompute_objective
from optimizer.place.problem import VisitGap

LATE = Weights(lateness=2.0)


def _hour_then_half_hour(tolerance: int):
    """Return a 09:00-10:00 visit and a 30-minute one due 09:00-09:30, late up to `tolerance`."""
    return [
        visit("v1", hour=9, window=0, duration=60),
        visit("v2", person="p2", hour=9, window=30, late_tolerance_minutes=tolerance),
    ]


def _start(solution, item: str):
    """Return when an item starts in a plan."""
    return next(a.start for a in solution.assignments if a.item == item)


def test_a_visit_may_start_late_within_its_tolerance_at_a_cost_a_minute():
    """After the 09:00-10:00 visit and 10 minutes' travel, 09:30's visit starts 40 late."""
    problem = place([worker("w1")], _hour_then_half_hour(45), weights=LATE)
    solution = solved(problem)
    assert solution.summary.fill_rate == 1.0
    assert _start(solution, "v2") == at(0, 10, 10)
    assert solution.summary.objective_terms["lateness"] == 40 * 2.0


def test_a_visit_never_starts_later_than_its_tolerance():
    problem = place([worker("w1")], _hour_then_half_hour(30), weights=LATE)
    solution = solved(problem)
    assert solution.summary.fill_rate == 0.5
    plan = [hand("w1", "v1", at(0, 9), at(0, 10)), hand("w1", "v2", at(0, 10, 10), at(0, 10, 40))]
    assert any("tolerance" in b for b in broken_rules(problem, solution, plan))


def test_a_visit_on_time_costs_nothing_and_the_validator_counts_late_minutes():
    problem = place([worker("w1"), worker("w2")], _hour_then_half_hour(45), weights=LATE)
    solution = solved(problem)
    assert solution.summary.objective_terms["lateness"] == 0
    document = solution_to_dict(solution)
    document["assignments"] = [
        hand("w1", "v1", at(0, 9), at(0, 10)), hand("w2", "v2", at(0, 9, 45), at(0, 10, 15))
    ]
    assert recompute_objective(problem_to_dict(problem), document)["lateness"] == 15 * 2.0


def _breakfast_and_prompt(opens: int, closes: int, priority: int = 2):
    """Return breakfast at 08:00 and a medication prompt due between `opens` and `closes`."""
    prompt = visit("v2", hour=opens, window=(closes - opens) * 60, duration=15, priority=priority)
    return [visit("v1", hour=8, window=0), prompt], (VisitGap("v1", "v2", 120, 240),)


def test_a_prompt_comes_two_to_four_hours_after_breakfast():
    visits, gaps = _breakfast_and_prompt(9, 14)
    problem = place([worker("w1")], visits, visit_gaps=gaps)
    solution = solved(problem)
    assert solution.summary.fill_rate == 1.0
    assert at(0, 10) <= _start(solution, "v2") <= at(0, 12)


def test_a_prompt_outside_its_gap_is_not_given_and_the_validator_flags_it():
    """Due 13:00-14:00 but at most 4 hours after an 08:00 breakfast: one of them cannot be."""
    visits, gaps = _breakfast_and_prompt(13, 14, priority=3)
    problem = place([worker("w1")], visits, visit_gaps=gaps)
    solution = solved(problem)
    assert [a.item for a in solution.assignments] == ["v1"]
    assert solution.summary.objective_terms["unmet"] == Weights().unmet_weight(3)
    assert solution.unfilled[0].reason == "visit_gap"
    plan = [hand("w1", "v1", at(0, 8), at(0, 8, 30)), hand("w1", "v2", at(0, 13), at(0, 13, 15))]
    assert any("visit gap: v2 starts 300 minutes after v1" in b
               for b in broken_rules(problem, solution, plan))


def test_a_gap_holds_across_days():
    """An evening visit at 21:00 and a morning one 10 to 12 hours later (07:00 to 09:00)."""
    evening = visit("v1", hour=21, window=0)
    morning = visit("v2", day=1, hour=6, window=240, duration=15)
    problem = place([worker("w1")], [evening, morning], days=2,
                    visit_gaps=(VisitGap("v1", "v2", 600, 720),))
    solution = solved(problem)
    assert solution.summary.fill_rate == 1.0
    assert at(1, 7) <= _start(solution, "v2") <= at(1, 9)


def test_a_carer_the_person_did_not_prefer_costs_the_preference_weight():
    """The preferred carer is on leave: the other goes, at exactly the preference weight."""
    away = (Unavailability(at(0, 0), at(0, 23, 59)),)
    staff = [worker("w1"), worker("w2", unavailable=away)]
    problem = place(staff, [visit("v1", preferred_carers=("w2",))],
                    weights=Weights(preference_carer=7.0))
    solution = solved(problem)
    assert [a.staff for a in solution.assignments] == ["w1"]
    assert solution.summary.objective_terms["preference"] == 7.0


def test_continuity_is_a_weighted_term_of_new_carers():
    """Two visits to p1 at once need two carers: one new carer beyond the first, weight 9."""
    visits = [visit("v1", window=0), visit("v2", window=0)]
    problem = place([worker("w1"), worker("w2")], visits, weights=Weights(continuity=9.0))
    assert solved(problem).summary.objective_terms["continuity"] == 9.0


def test_lateness_and_gaps_survive_the_json_round_trip():
    from optimizer.place import check_problem, problem_from_dict

    visits, gaps = _breakfast_and_prompt(9, 14)
    visits[1] = visit("v2", hour=9, late_tolerance_minutes=20)
    problem = place([worker("w1")], visits, visit_gaps=gaps, weights=LATE)
    document = problem_to_dict(problem)
    assert check_problem(document) == []
    assert problem_from_dict(document) == problem
    document["visit_gaps"].append({"first": "v1", "second": "v1", "min_minutes": 9,
                                   "max_minutes": 5})
    document["visit_gaps"].append({"first": "v9", "second": "v2", "min_minutes": 0,
                                   "max_minutes": 5})
    paths = {p.path for p in check_problem(document)}
    assert {"$.visit_gaps[1].second", "$.visit_gaps[1].max_minutes",
            "$.visit_gaps[2].first"} <= paths
    assert timedelta(minutes=20) == problem.visits[1].last_start - problem.visits[1].latest_start
