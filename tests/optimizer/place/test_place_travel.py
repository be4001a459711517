"""Visits at addresses: travel from a matrix, by distance, or by the locality table."""

from __future__ import annotations

from dataclasses import replace

import pytest
from place_factories import at, broken_rules, hand, place, solved, visit, worker

from optimizer.place import (
    Locality,
    Location,
    Speeds,
    Travel,
    check_problem,
    problem_from_dict,
    problem_to_dict,
)
from optimizer.place.objective import compute_totals
from optimizer.place.travel import travel_source

# 0.09 degrees of latitude is 10.007 km; by road (x1.3) 13.01 km: 39.03 minutes at 20 km/h
NORTH = 0.09
IN_TOWN = 40  # minutes, rounded up
IN_THE_COUNTRY = 20  # at 40 km/h


def _spots(*extra: Location) -> tuple[Location, ...]:
    """Return p1's and p2's homes in loc-a, 10 km apart, and any others."""
    return (
        Location("home-p1", 53.80, -1.55, "loc-a"),
        Location("home-p2", 53.80 + NORTH, -1.55, "loc-a"),
        *extra,
    )


def _rounds(window: int = 0):
    """Return a visit at p1's home at 09:00 and one at p2's home at 09:40 (+window)."""
    return [
        visit("v1", hour=9, window=0, location="home-p1"),
        visit("v2", person="p2", hour=9, minute=40, window=window, location="home-p2"),
    ]


def _located(staff=None, window: int = 0, **extra):
    """Return a one-day place whose visits are at addresses and whose carer lives at p1's."""
    staff = staff or [worker("w1", home_location="home-p1")]
    return place(staff, _rounds(window), locations=_spots(), **extra)


def test_localities_alone_travel_as_the_table_says():
    problem = place([worker()], travel=(Travel("loc-a", "loc-b", 30),), within=12)
    trip = problem.travel_minutes
    assert (trip("loc-a", "loc-a"), trip("loc-b", "loc-a"), trip("loc-a", "loc-c")) == (12, 30, 60)


def test_two_addresses_are_apart_by_road_distance_at_the_locality_speed():
    problem = _located()
    assert problem.travel_minutes("home-p1", "home-p2") == IN_TOWN
    assert problem.travel_minutes("home-p1", "home-p1") == 0
    rural = replace(problem, localities=(Locality("loc-a", "A", "rural"), Locality("loc-b", "B")))
    assert rural.travel_minutes("home-p2", "home-p1") == IN_THE_COUNTRY


def test_speeds_are_the_problems_own():
    slow = _located(travel_speeds=Speeds(road_factor=1.3, urban_kmh=10.0))
    assert slow.travel_minutes("home-p1", "home-p2") == 79  # 13.01 km at 10 km/h


def test_a_matrix_entry_wins_over_distance_either_way_round():
    problem = _located(travel_matrix=(Travel("home-p2", "home-p1", 7),))
    assert problem.travel_minutes("home-p1", "home-p2") == 7


def test_an_address_meets_a_locality_at_its_centroid_or_else_by_the_table():
    problem = _located()
    assert problem.travel_minutes("home-p1", "loc-b") == 30  # no centroid: loc-a to loc-b
    centred = replace(problem, localities=(Locality("loc-a", "A"),
                                           Locality("loc-b", "B", latitude=53.89, longitude=-1.55)))
    assert centred.travel_minutes("home-p1", "loc-b") == IN_TOWN


def test_the_validator_reads_the_same_travel_as_the_engine():
    problem = _located(travel_matrix=(Travel("home-p1", "home-p2", 25),))
    document = problem_to_dict(problem)
    for a, b in [("home-p1", "home-p2"), ("home-p2", "home-p1"), ("home-p1", "loc-b")]:
        assert travel_source(document).minutes(a, b) == problem.travel_minutes(a, b)


def test_a_carer_cannot_reach_the_next_address_in_ten_minutes():
    """Within a locality the table says 10 minutes; door to door it is 40."""
    problem = _located()
    solution = solved(problem)
    assert solution.summary.fill_rate == 0.5
    plan = [hand("w1", "v1", at(0, 9), at(0, 9, 30)), hand("w1", "v2", at(0, 9, 40), at(0, 10, 10))]
    assert any("travel/overlap" in b for b in broken_rules(problem, solution, plan))
    by_locality = replace(problem, locations=(), visits=tuple(replace(v, location=None)
                                                              for v in problem.visits))
    assert broken_rules(by_locality, solved(by_locality), plan) == []


def test_travel_door_to_door_is_paid_and_charged_as_the_validator_recomputes():
    problem = _located(window=60)
    solution = solved(problem)
    assert solution.summary.fill_rate == 1.0
    totals = compute_totals(problem, solution.assignments)
    assert totals.terms["travel"] == 0 + IN_TOWN + IN_TOWN  # home is p1's: there, on, back
    hours = 60 / 60 + 2 * IN_TOWN / 60
    assert totals.hours_by_employer["council"] == pytest.approx(hours)


def test_locations_survive_the_json_round_trip_and_pass_the_schema():
    problem = _located(travel_matrix=(Travel("home-p1", "home-p2", 25),),
                       travel_speeds=Speeds(1.4, 18.0, 45.0))
    document = problem_to_dict(problem)
    assert check_problem(document) == []
    assert problem_from_dict(document) == problem


def _paths(document: dict) -> set[str]:
    """Return the JSON paths of every input problem."""
    return {p.path for p in check_problem(document)}


def test_bad_coordinates_and_matrix_entries_are_reported_with_their_paths():
    document = problem_to_dict(_located(travel_matrix=(Travel("home-p1", "home-p2", 25),)))
    document["locations"][0]["latitude"] = 91.0
    document["locations"][1]["locality"] = "nowhere"
    document["travel_matrix"].append({"origin": "home-p1", "destination": "home-p9", "minutes": 5})
    document["travel_matrix"][0]["minutes"] = -1
    document["visits"][0]["location"] = "home-p9"
    document["staff"][0]["home_location"] = "home-p9"
    assert {
        "$.locations[0].latitude",
        "$.locations[1].locality",
        "$.travel_matrix[0].minutes",
        "$.travel_matrix[1].destination",
        "$.visits[0].location",
        "$.staff[0].home_location",
    } <= _paths(document)


def test_sense_checks_alone_catch_what_the_schema_cannot():
    """A location named like a locality, a visit at an address in another locality."""
    document = problem_to_dict(_located())
    document["locations"].append({"id": "loc-b", "latitude": 53.8, "longitude": -1.5,
                                  "locality": "loc-b"})
    document["visits"][1]["locality"] = "loc-b"
    assert {"$.locations[2].id", "$.visits[1].location"} <= _paths(document)


def test_travel_is_defined_once():
    """No module but travel.py reads the locality table, the within default or the speeds."""
    import re
    from pathlib import Path

    import optimizer.place

    root = Path(optimizer.place.__file__).parent
    pattern = re.compile(r"travel_within_locality_minutes|great_circle|\.kmh\(|get\(\"travel\"")
    readers = {
        path.relative_to(root).as_posix()
        for path in root.rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    }
    assert readers <= {"travel.py", "problem.py", "problem_json.py"}


def _three_doors(closes: int):
    """Return visits at A (09:00), at C (due 09:45, late up to `closes` minutes) and at B
    (15:00): A to B 5 minutes, B to C 35, A to C 40; the typical leg between them is 27."""
    spots = _spots(Location("home-p3", 53.81, -1.55, "loc-a"))
    late = {"window": 0, "late_tolerance_minutes": closes}  # the model starts it soonest
    visits = [
        visit("v1", hour=9, window=0, location="home-p1"),
        visit("v2", person="p2", hour=9, minute=45, location="home-p2", **late),
        visit("v3", person="p3", hour=15, window=0, location="home-p3"),
    ]
    return place([worker("w1", home_location="home-p1")], visits, locations=spots)


def _day_plan(problem):
    """Return the day-by-day phase's plan alone (before conform and repair), as documents."""
    from optimizer.place.daily.decompose import plan
    from optimizer.place.eligibility import Eligibility

    assignments = plan(problem, 5.0, "cpsat", 1, None, Eligibility(problem))
    return [hand(a.staff, a.item, a.start, a.end, a.employer) for a in assignments]


@pytest.mark.parametrize("closes, starts", [(45, "2026-11-02T10:10"), (15, None)])
def test_the_day_plan_is_retimed_door_to_door(closes, starts):
    """Planned with a 27-minute typical leg, the visit at C moves to 10:10 (09:30 + 40) or,
    when its window closes at 10:00, is left for the repair pass."""
    problem = _three_doors(closes)
    day = _day_plan(problem)
    assert broken_rules(problem, solved(problem), day) == []
    at_c = [a["start"] for a in day if a["item"] == "v2"]
    assert at_c == ([starts] if starts else [])


def test_each_carer_takes_the_door_nearest_their_home():
    """Two people 10 km apart, each visited at 09:00 and 14:00, and a carer living at each
    door: nobody crosses town (2 x 2 x 40 minutes saved)."""
    visits = [
        visit(f"v{n}{p}", person=p, hour=hour, window=0, location=f"home-{p}")
        for n, hour in enumerate((9, 14)) for p in ("p1", "p2")
    ]
    staff = [worker("w1", home_location="home-p2"), worker("w2", home_location="home-p1")]
    solution = solved(place(staff, visits, locations=_spots()))
    assert {(a.staff, a.item[2:]) for a in solution.assignments} == {("w1", "p2"), ("w2", "p1")}
    assert solution.summary.objective_terms["travel"] == 0


def test_both_carers_of_a_double_handed_visit_arrive_together_door_to_door():
    """w1 comes from A (40 minutes away), w2 from B (35): the visit at C starts at 10:10."""
    spots = _spots(Location("home-p3", 53.81, -1.55, "loc-a"))
    late = {"window": 0, "late_tolerance_minutes": 60}
    visits = [
        visit("v1", hour=9, window=0, location="home-p1"),
        visit("v3", person="p3", hour=9, window=0, location="home-p3"),
        visit("v2", person="p2", hour=9, minute=45, carers=2, location="home-p2", **late),
    ]
    staff = [worker("w1", home_location="home-p1"), worker("w2", home_location="home-p3")]
    problem = place(staff, visits, locations=spots)
    day = _day_plan(problem)
    assert broken_rules(problem, solved(problem), day) == []
    assert sorted((a["staff"], a["start"]) for a in day if a["item"] == "v2") == [
        ("w1", "2026-11-02T10:10"), ("w2", "2026-11-02T10:10")]
