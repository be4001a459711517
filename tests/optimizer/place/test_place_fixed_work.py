"""Fixed work (another employer's shift, a pinned visit) is busy time for every rule.

Each test: the engine refuses the item that would break the rule with the fixed work, and
the validator flags a hand-made plan that breaks it.
"""

from __future__ import annotations

from place_factories import at, broken_rules, contract, hand, place, slot, solved, visit, worker

from optimizer.place import FixedWork, problem_from_dict, problem_to_dict


def _busy(*spans, locality="loc-a", employer="elsewhere"):
    """Return fixed work from (start, end) datetime pairs."""
    return tuple(FixedWork(a, b, locality, employer) for a, b in spans)


def _items(solution) -> list[str]:
    return sorted(a.item for a in solution.assignments)


def test_fixed_work_round_trips_through_json():
    """Does fixed work survive the JSON problem document?"""
    carer = worker("w1", fixed_work=_busy((at(0, 9), at(0, 12))), carried_in_minutes=600)
    problem = place([carer], [visit("v1")])
    again = problem_from_dict(problem_to_dict(problem))
    assert again.staff[0].fixed_work == carer.fixed_work
    assert again.staff[0].carried_in_minutes == 600


def test_no_visit_overlaps_fixed_work():
    """Is a visit during another employer's shift refused, and a hand-made one flagged?"""
    problem = place(
        [worker("w1", fixed_work=_busy((at(0, 9), at(0, 12))))], [visit("v1", hour=10, window=0)]
    )
    solution = solved(problem)
    assert _items(solution) == []
    assert solution.unfilled[0].reason == "busy"
    made = [hand("w1", "v1", at(0, 10), at(0, 10, 30))]
    assert any(b.startswith("travel/overlap") for b in broken_rules(problem, solution, made))


def test_travel_from_fixed_work_to_a_visit():
    """After fixed work ending 09:00 in loc-b, is a 09:10 visit in loc-a (30 min away) refused?"""
    busy = _busy((at(0, 6), at(0, 9)), locality="loc-b")
    problem = place([worker("w1", fixed_work=busy)], [visit("v1", hour=9, minute=10, window=0)])
    solution = solved(problem)
    assert _items(solution) == []
    made = [hand("w1", "v1", at(0, 9, 10), at(0, 9, 40))]
    assert any(b.startswith("travel/overlap") for b in broken_rules(problem, solution, made))


def test_visit_waits_for_the_drive_from_fixed_work():
    """With a window to 10:00, does the visit start once the 30-minute drive is done?"""
    busy = _busy((at(0, 6), at(0, 9)), locality="loc-b")
    problem = place([worker("w1", fixed_work=busy)], [visit("v1", hour=9, minute=10, window=50)])
    (a,) = solved(problem).assignments
    assert a.start >= at(0, 9, 30)


def test_daily_rest_after_fixed_night_shift():
    """After another employer's night ending 07:00, is a 12:00 visit (5 hours' rest) refused?"""
    busy = _busy((at(0, 21), at(1, 7)))
    problem = place([worker("w1", fixed_work=busy)], [visit("v1", day=1, hour=12)], days=2)
    solution = solved(problem)
    assert _items(solution) == []
    assert solution.unfilled[0].reason == "daily_rest"
    made = [hand("w1", "v1", at(1, 12), at(1, 12, 30))]
    assert any(b.startswith("daily rest") for b in broken_rules(problem, solution, made))


def test_day_span_counts_fixed_work():
    """With fixed work from 06:00, is a visit at 19:30 (a day over 13 hours) refused?"""
    busy = _busy((at(0, 6), at(0, 10)))
    problem = place([worker("w1", fixed_work=busy)], [visit("v1", hour=19, minute=30, window=0)])
    solution = solved(problem)
    assert _items(solution) == []
    assert solution.unfilled[0].reason == "day_span"
    made = [hand("w1", "v1", at(0, 19, 30), at(0, 20))]
    assert any("span" in b for b in broken_rules(problem, solution, made))


def test_weekly_rest_counts_fixed_work():
    """With fixed work every day Monday to Saturday, is Sunday's shift refused (no 24 hours off)?"""
    busy = _busy(*[(at(d, 8), at(d, 16)) for d in range(6)])
    carer = worker(
        "w1", contracts=[contract("trust", 37.5, 60.0)], fixed_work=busy, wtr_opt_out=True
    )
    problem = place([carer], cover=[slot("s7", day=6)], days=7)
    solution = solved(problem)
    assert _items(solution) == []
    assert solution.unfilled[0].reason == "weekly_rest"
    made = [hand("w1", "s7", at(6, 7), at(6, 15), "trust", "cover")]
    assert any(b.startswith("weekly rest") for b in broken_rules(problem, solution, made))


def test_48_hours_count_fixed_work_of_another_employer():
    """With 45 hours elsewhere, is a 4-hour shift refused (49 hours) but a 2-hour one taken?"""
    busy = _busy(*[(at(d, 7), at(d, 16)) for d in range(5)])
    carer = worker("w1", contracts=[contract("trust", 10.0, 10.0)], fixed_work=busy)
    four = slot("s4", day=5, start=(8, 0), hours=4)
    problem = place([carer], cover=[four], days=7)
    solution = solved(problem)
    assert _items(solution) == []
    assert solution.unfilled[0].reason == "weekly_limit"
    made = [hand("w1", "s4", at(5, 8), at(5, 12), "trust", "cover")]
    assert any(b.startswith("48-hour limit") for b in broken_rules(problem, solution, made))
    two = slot("s2", day=5, start=(8, 0), hours=2)
    assert _items(solved(place([carer], cover=[two], days=7))) == ["s2"]


def test_other_employers_fixed_work_is_not_this_contract_s_hours():
    """Does 20 hours for another employer leave a 10-hour council contract untouched?"""
    busy = _busy(*[(at(d, 7), at(d, 11)) for d in range(5)])
    carer = worker("w1", contracts=[contract("council", 8.0, 8.0)], fixed_work=busy)
    visits = [visit(f"v{d}", day=d, hour=15, person=f"p{d}") for d in range(5)]
    solution = solved(place([carer], visits, days=7))
    assert len(solution.assignments) == 5
    assert solution.summary.hours_by_employer == {"council": 4.17}


def test_break_after_6_hours_counts_fixed_work():
    """After 4 hours of fixed work to 12:00, a 150-minute visit straight after needs a break."""
    busy = _busy((at(0, 8), at(0, 12)))
    tight = visit("v1", hour=12, minute=10, window=0, duration=150)
    problem = place([worker("w1", fixed_work=busy)], [tight])
    solution = solved(problem)
    assert _items(solution) == []
    assert solution.unfilled[0].reason == "break"
    made = [hand("w1", "v1", at(0, 12, 10), at(0, 14, 40))]
    assert any(b.startswith("break") for b in broken_rules(problem, solution, made))
    roomy = visit("v1", hour=12, minute=10, window=30, duration=150)
    (a,) = solved(place([worker("w1", fixed_work=busy)], [roomy])).assignments
    assert a.start >= at(0, 12, 30)


def test_night_workers_average_counts_fixed_nights():
    """Five 8.5-hour nights elsewhere: a sixth breaks the night workers' 8-hour average."""
    busy = _busy(*[(at(d, 22), at(d + 1, 6, 30)) for d in range(1, 6)])
    trust = [contract("trust", 37.5, 60.0)]
    carer = worker("w1", contracts=trust, fixed_work=busy, wtr_opt_out=True)
    sixth = slot("n6", day=6, start=(22, 0), hours=8.5, shift="night")
    problem = place([carer], cover=[sixth], days=7)
    solution = solved(problem)
    assert _items(solution) == []
    assert solution.unfilled[0].reason == "night_limit"
    made = [hand("w1", "n6", at(6, 22), at(7, 6, 30), "trust", "cover")]
    assert any(b.startswith("night work") for b in broken_rules(problem, solution, made))
