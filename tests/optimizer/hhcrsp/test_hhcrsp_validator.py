"""The independent validator: one test per rule (kept, broken, exact penalty), on the hand
instance whose figures are worked out in hhcrsp_factories."""

from __future__ import annotations

import pytest
from hhcrsp_factories import HAND_DISTANCE, hand_instance, hand_solution, moved

from optimizer.hhcrsp.validator import validate


def verdict(solution):
    return validate(hand_instance(), solution)


def test_is_the_hand_solution_valid_with_the_hand_computed_objective():
    result = verdict(hand_solution())
    assert result.valid, result.problems
    assert result.distance == pytest.approx(HAND_DISTANCE, abs=1e-9)
    assert (result.total_tardiness, result.max_tardiness) == (0.0, 0.0)
    assert result.objective == pytest.approx(169 / 3, abs=1e-9)


def test_does_distance_count_the_legs_from_and_back_to_the_depot():
    solution = hand_solution()
    solution["routes"][2]["locations"] = [solution["routes"][0]["locations"].pop(0)]
    result = verdict(solution)  # c3 now goes depot -> p1 -> depot (10 + 10); c1 starts at p3
    assert result.valid, result.problems
    assert result.distance == pytest.approx(20 + (30 + 11 + 40) + 83, abs=1e-9)


def test_is_lateness_charged_exactly_start_minus_window_close():
    late = moved(hand_solution(), 1, 0, start=37)  # p2 closes at 30: 7 late
    result = verdict(late)
    assert result.valid, result.problems
    assert (result.total_tardiness, result.max_tardiness) == (7.0, 7.0)
    assert result.objective == pytest.approx((169 + 7 + 7) / 3, abs=1e-9)


def test_is_total_lateness_summed_per_service_and_the_maximum_taken_once():
    solution = moved(hand_solution(), 1, 0, start=37)  # p2: 7 late
    solution = moved(solution, 0, 1, start=205)  # p3 s1: 5 late (closes 200)
    solution = moved(solution, 1, 1, start=205)  # p3 s2: 5 late
    solution = moved(solution, 0, 2, start=226)  # p4 s1 after p3 (215 + 11)
    solution = moved(solution, 1, 2, start=231)  # p4 s2: 5 after
    result = verdict(solution)
    assert result.valid, result.problems
    assert (result.total_tardiness, result.max_tardiness) == (17.0, 7.0)
    assert result.objective == pytest.approx((169 + 17 + 7) / 3, abs=1e-9)


def test_is_a_service_by_a_caregiver_without_the_ability_refused():
    solution = hand_solution()
    solution["routes"][2]["locations"] = [solution["routes"][1]["locations"].pop(0)]
    result = verdict(solution)  # c3 can do s1 only; p2 needs s2
    assert not result.valid
    assert result.problems == ("$.routes[2].locations[0]: caregiver c3 cannot perform s2",)


def test_is_a_service_missed_or_performed_twice_refused():
    missing = hand_solution()
    missing["routes"][0]["locations"].pop(0)
    assert verdict(missing).problems == ("p1 s1: not performed",)
    twice = hand_solution()
    twice["routes"][2]["locations"] = [dict(twice["routes"][0]["locations"][0])]
    assert verdict(twice).problems == ("p1 s1: performed twice",)


def test_is_a_start_before_the_travel_allows_refused():
    assert verdict(moved(hand_solution(), 0, 0, start=10)).valid  # depot -> p1 is 10
    result = verdict(moved(hand_solution(), 0, 0, start=9.5))
    assert result.problems == (
        "caregiver c1, stop 1 (p1): starts at 9.5, cannot arrive before 10.000",
    )


def test_is_a_start_before_the_previous_service_ends_plus_travel_refused():
    # c1 leaves p3 at 70 and needs 11 to p4: 81 is the earliest start there
    result = verdict(moved(moved(hand_solution(), 0, 2, start=80.9), 1, 2, start=86))
    assert result.problems == (
        "caregiver c1, stop 3 (p4): starts at 80.9, cannot arrive before 81.000",
    )


def test_is_a_start_before_the_window_opens_refused():
    early = moved(moved(hand_solution(), 0, 1, start=59), 1, 1, start=59)
    assert verdict(early).problems == (
        "p3 s1: starts 59.0 before 60.0",
        "p3 s2: starts 59.0 before 60.0",
    )


def test_is_a_departure_that_is_not_start_plus_duration_refused():
    result = verdict(moved(hand_solution(), 0, 0, departure_time=25))
    assert result.problems == (
        "$.routes[0].locations[0]: departure 25 is not arrival 10 + duration 10.0",
    )


def test_must_simultaneous_services_start_together():
    apart = moved(hand_solution(), 1, 1, start=61)  # c2 still reaches p4 by 82 <= 86
    assert verdict(apart).problems == ("p3: simultaneous services start 1.000 apart",)


def test_must_sequential_services_keep_their_minimum_and_maximum_gap():
    assert verdict(moved(hand_solution(), 1, 2, start=96)).valid  # gap 15, the maximum
    too_late = verdict(moved(hand_solution(), 1, 2, start=96.5))
    assert too_late.problems == ("p4: second service starts 15.500 after the first, allowed 5..15",)
    too_soon = verdict(moved(hand_solution(), 1, 2, start=85))
    assert too_soon.problems == ("p4: second service starts 4.000 after the first, allowed 5..15",)


def test_are_unknown_ids_and_a_second_route_for_one_caregiver_refused():
    solution = hand_solution()
    solution["routes"].append({"caregiver_id": "c1", "locations": []})
    solution["routes"].append({"caregiver_id": "c9", "locations": []})
    solution["routes"][2]["locations"] = [{"patient_id": "p7", "service_id": "s1"}]
    assert verdict(solution).problems == (
        "$.routes[2].locations[0].patient_id: not a patient of the instance",
        "$.routes[3]: second route for caregiver c1",
        "$.routes[4].caregiver_id: not a caregiver of the instance",
    )
    nothing = verdict({"paths": []}).problems
    assert nothing[0] == "$.routes: missing or not a list"
    assert nothing[1:] == tuple(
        f"{p} {s}: not performed" for p, s in
        [("p1", "s1"), ("p2", "s2"), ("p3", "s1"), ("p3", "s2"), ("p4", "s1"), ("p4", "s2")]
    )  # fmt: skip


def test_must_a_patient_with_two_services_have_two_caregivers():
    solution = hand_solution()
    solution["routes"][1]["locations"].insert(2, solution["routes"][0]["locations"].pop())
    solution = moved(solution, 1, 3, start=91)  # c2: p4 s1 at 81 to 91, then p4 s2 at 91
    result = verdict(solution)
    assert result.problems == ("p4: both services by one caregiver (c2)",)
    assert result.distance == pytest.approx(65 + 83)  # cheaper, but not allowed


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_is_a_time_that_is_not_a_finite_number_rejected(value):
    # NaN compares false with everything: unchecked, it passed every timing rule and its
    # lateness counted as 0 (on 25_6, a NaN start for p4 hid 117.663 of lateness)
    result = verdict(moved(hand_solution(), 1, 0, start=value))
    assert not result.valid
    assert any("finite" in problem for problem in result.problems), result.problems
