"""A four-patient instance small enough to check by hand, and its hand-made solution.

Distances (depot 0, then p1..p4):      0   1   2   3   4
                                   0 [ 0, 10, 20, 30, 40]
                                   1 [10,  0, 15, 25, 35]
                                   2 [20, 15,  0, 12, 22]
                                   3 [30, 25, 12,  0, 11]
                                   4 [40, 35, 22, 11,  0]
Every service lasts 10 (the services' default). p1 needs s1 in [0, 100]; p2 s2 in [20, 30];
p3 s1 and s2 simultaneously in [60, 200]; p4 s1 then s2 5..15 later, in [0, 300].

By hand: c1 depot -10-> p1 (start 10, end 20) -25-> p3 (arrives 45, waits, 60-70)
-11-> p4 s1 (81-91) -40-> depot: 86. c2 depot -20-> p2 (20-30) -12-> p3 (60-70) -11-> p4 s2
(arrives 81, 5 after p4 s1 is 86: 86-96) -40-> depot: 83. Distance 169, no lateness,
objective 169 / 3.
"""

from __future__ import annotations

import copy

from optimizer.hhcrsp.instance import parse

HAND_DISTANCE = 169.0

DISTANCES = [
    [0, 10, 20, 30, 40],
    [10, 0, 15, 25, 35],
    [20, 15, 0, 12, 22],
    [30, 25, 12, 0, 11],
    [40, 35, 22, 11, 0],
]


def instance_data() -> dict:
    """The hand instance as benchmark JSON (decoded)."""
    return {
        "patients": [
            {"id": "p1", "location": [1, 0], "time_window": [0, 100],
             "required_caregivers": [{"service": "s1"}]},
            {"id": "p2", "location": [2, 0], "time_window": [20, 30],
             "required_caregivers": [{"service": "s2"}]},
            {"id": "p3", "location": [3, 0], "time_window": [60, 200],
             "required_caregivers": [{"service": "s1"}, {"service": "s2"}],
             "synchronization": {"type": "simultaneous"}},
            {"id": "p4", "location": [4, 0], "time_window": [0, 300],
             "required_caregivers": [{"service": "s1", "duration": 10}, {"service": "s2"}],
             "synchronization": {"type": "sequential", "distance": [5, 15]}},
        ],
        "services": [{"id": "s1", "default_duration": 10}, {"id": "s2", "default_duration": 10}],
        "caregivers": [
            {"id": "c1", "abilities": ["s1", "s2"]},
            {"id": "c2", "abilities": ["s2", "s1"]},
            {"id": "c3", "abilities": ["s1"]},
        ],
        "central_offices": [{"id": "d", "location": [0, 0]}],
        "distances": copy.deepcopy(DISTANCES),
    }  # fmt: skip


def hand_instance():
    """The hand instance, read."""
    return parse(instance_data(), name="hand")


def stop(patient: str, service: str, start: float, duration: float = 10) -> dict:
    """One visit in the benchmark's solution format."""
    return {"patient_id": patient, "service_id": service,
            "arrival_time": start, "departure_time": start + duration}  # fmt: skip


def hand_solution() -> dict:
    """The solution worked out by hand in the module docstring."""
    return {
        "routes": [
            {"caregiver_id": "c1", "locations": [
                stop("p1", "s1", 10), stop("p3", "s1", 60), stop("p4", "s1", 81)]},
            {"caregiver_id": "c2", "locations": [
                stop("p2", "s2", 20), stop("p3", "s2", 60), stop("p4", "s2", 86)]},
            {"caregiver_id": "c3", "locations": []},
        ]
    }  # fmt: skip


def moved(solution: dict, caregiver: int, position: int, **changes) -> dict:
    """A copy of the solution with one stop changed (start moves keep the duration)."""
    changed = copy.deepcopy(solution)
    visit = changed["routes"][caregiver]["locations"][position]
    if "start" in changes:
        length = visit["departure_time"] - visit["arrival_time"]
        visit["arrival_time"] = changes.pop("start")
        visit["departure_time"] = visit["arrival_time"] + length
    visit.update(changes)
    return changed
