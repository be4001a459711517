"""One test per soft rule: the solver charges exactly the penalty the rule describes."""

from __future__ import annotations

from roster_factories import need, person, problem, solved

from optimizer.roster.problem import Assignment, ShiftRequest


def test_does_an_ungranted_on_request_cost_its_weight():
    wish = ShiftRequest(day=0, shift="E", weight=3)
    staff = [person(shift_on_requests=(wish,), unavailable_days=frozenset({0}))]
    solution = solved(problem(staff=staff))
    assert solution.objective_by_rule["shift_on_requests"] == 3
    assert solution.objective == 3


def test_is_a_granted_on_request_free():
    staff = [person(shift_on_requests=(ShiftRequest(day=0, shift="E", weight=3),))]
    solution = solved(problem(staff=staff))
    assert solution.objective == 0
    assert Assignment("A", 0, "E") in solution.assignments


def test_does_working_against_an_off_request_cost_its_weight():
    staff = [person(shift_off_requests=(ShiftRequest(day=0, shift="E", weight=5),))]
    solution = solved(problem(staff=staff), pinned=(Assignment("A", 0, "E"),))
    assert solution.objective_by_rule["shift_off_requests"] == 5
    assert solution.objective == 5


def test_does_each_missing_person_cost_the_under_weight():
    solution = solved(problem(cover=[need(0, required=3, under_weight=100)]))
    assert solution.objective_by_rule["cover_shortfall"] == 200
    assert solution.objective_by_rule["cover_excess"] == 0


def test_does_each_extra_person_cost_the_over_weight():
    only_monday = frozenset(range(1, 7))
    staff = [person(p, min_minutes=480, unavailable_days=only_monday) for p in "ABC"]
    cover = [need(0, "E", required=1, over_weight=7), need(0, "L", required=0, over_weight=2)]
    solution = solved(problem(staff=staff, cover=cover))
    assert solution.objective_by_rule["cover_excess"] == 2 * 2
    assert solution.objective == 4


def test_does_cover_count_only_holders_of_the_competence():
    from optimizer.roster.problem import Competence

    nurse = Competence("registered-nurse")
    staff = [person("A", competences=(nurse,)), person("B")]
    cover = [need(0, required=1, competence="registered-nurse")]
    solution = solved(problem(staff=staff, cover=cover), pinned=(Assignment("B", 0, "E"),))
    assert Assignment("A", 0, "E") in solution.assignments
    assert solution.objective == 0


def test_does_an_expired_competence_not_count():
    import datetime as dt

    from optimizer.roster.problem import Competence

    lapsed = Competence("registered-nurse", valid_until=dt.date(2025, 1, 5))
    p = problem(
        staff=[person(competences=(lapsed,))], cover=[need(0, competence="registered-nurse")]
    )
    assert solved(p).objective_by_rule["cover_shortfall"] == 100
