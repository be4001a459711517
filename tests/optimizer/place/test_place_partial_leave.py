"""Leave over part of a visit's window: the visit may still start around it."""

from place_factories import at, place, solved, visit, worker

from optimizer.place import Unavailability


def test_a_visit_starts_after_leave_that_covers_part_of_its_window():
    """Is the only carer, away 08:00-09:00, given the 08:00-09:30 visit at 09:00 or later
    (it was left unfilled as 'on leave', though a start after the leave keeps every rule)?"""
    away = (Unavailability(at(0, 8), at(0, 9)),)
    problem = place([worker("w1", "loc-a", unavailable=away)], [visit("v1", hour=8, window=90)])
    solution = solved(problem)
    assert solution.unfilled == ()
    (assignment,) = solution.assignments
    assert assignment.staff == "w1" and assignment.start >= at(0, 9)


def test_leave_over_every_start_is_the_reason_given():
    """Away 08:00-10:00 over an 08:00-09:30 window (30 minutes long): is the visit unfilled
    because the carer is on leave, not for some other rule?"""
    away = (Unavailability(at(0, 8), at(0, 10)),)
    problem = place([worker("w1", "loc-a", unavailable=away)], [visit("v1", hour=8, window=90)])
    solution = solved(problem)
    (gap,) = solution.unfilled
    assert gap.reason == "unavailable" and "on leave" in gap.explanation
