"""Independent check of a solution in the benchmark's format, and its objective recomputed.

Works on the JSON solution and the instance only (no engine code): every required service
performed exactly once by a carer with the ability, a patient's two services by two carers,
travel and service time respected along each route, no start before the window opens, the
synchronisation rules kept. The objective is
(distance with depot legs + total tardiness + maximum tardiness) / 3, in floats.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from optimizer.hhcrsp.instance import SIMULTANEOUS, Instance

TOLERANCE = 1e-4


@dataclass(frozen=True)
class Verdict:
    """Whether a solution keeps the rules, what it breaks, and its objective split."""

    valid: bool
    problems: tuple[str, ...]
    distance: float
    total_tardiness: float
    max_tardiness: float

    @property
    def objective(self) -> float:
        """The benchmark's cost: (distance + total tardiness + maximum tardiness) / 3."""
        return (self.distance + self.total_tardiness + self.max_tardiness) / 3


@dataclass(frozen=True)
class _Visit:
    caregiver: str
    patient: int
    service: str
    start: float
    end: float


def validate(instance: Instance, solution: object) -> Verdict:
    """Check a benchmark-format solution against the instance's rules and recompute its cost."""
    problems: list[str] = []
    routes = _routes(instance, solution, problems)
    distance = sum(_route_distance(instance, visits) for visits in routes.values())
    for caregiver, visits in routes.items():
        check_route_timing(instance, caregiver, visits, problems)
    starts = check_coverage(instance, routes, problems)
    check_two_carers(instance, routes, problems)
    check_windows(instance, starts, problems)
    check_synchronisation(instance, starts, problems)
    tardiness = [
        max(0.0, start - instance.patients[p].window[1]) for (p, _), start in starts.items()
    ]
    return Verdict(
        not problems, tuple(problems), distance, sum(tardiness), max(tardiness, default=0.0)
    )


def _routes(instance: Instance, solution: object, problems: list[str]) -> dict[str, list[_Visit]]:
    """Read the routes, reporting malformed entries, unknown ids and missing abilities."""
    if not isinstance(solution, dict) or not isinstance(solution.get("routes"), list):
        problems.append("$.routes: missing or not a list")
        return {}
    caregivers = {c.id: c for c in instance.caregivers}
    patients = {p.id: index for index, p in enumerate(instance.patients)}
    routes: dict[str, list[_Visit]] = {}
    for index, route in enumerate(solution["routes"]):
        path = f"$.routes[{index}]"
        if not isinstance(route, dict) or route.get("caregiver_id") not in caregivers:
            problems.append(f"{path}.caregiver_id: not a caregiver of the instance")
            continue
        caregiver = caregivers[route["caregiver_id"]]
        if caregiver.id in routes:
            problems.append(f"{path}: second route for caregiver {caregiver.id}")
            continue
        locations = route.get("locations")
        if not isinstance(locations, list):
            problems.append(f"{path}.locations: expected a list")
            continue
        routes[caregiver.id] = []
        for position, stop in enumerate(locations):
            visit = _visit(
                instance, patients, caregiver, stop, f"{path}.locations[{position}]", problems
            )
            if visit is not None:
                routes[caregiver.id].append(visit)
    return routes


def _visit(instance, patients, caregiver, stop, path, problems) -> _Visit | None:
    """One stop of a route, or None (with the problem reported) when it cannot be read."""
    if not isinstance(stop, dict) or stop.get("patient_id") not in patients:
        problems.append(f"{path}.patient_id: not a patient of the instance")
        return None
    start, end = stop.get("arrival_time"), stop.get("departure_time")
    if not all(_finite(v) for v in (start, end)):
        # NaN compares false with everything, so it would slip past every timing rule
        problems.append(f"{path}: arrival_time and departure_time must be finite numbers")
        return None
    patient = patients[stop["patient_id"]]
    needs = {need.service: need for need in instance.patients[patient].needs}
    service = stop.get("service_id")
    if service not in needs:
        problems.append(f"{path}.service_id: {stop['patient_id']} does not need {service!r}")
        return None
    if service not in caregiver.abilities:
        problems.append(f"{path}: caregiver {caregiver.id} cannot perform {service}")
    if abs(end - start - needs[service].duration) > TOLERANCE:
        problems.append(
            f"{path}: departure {end} is not arrival {start} + duration {needs[service].duration}"
        )
    return _Visit(caregiver.id, patient, service, float(start), float(end))


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _route_distance(instance: Instance, visits: list[_Visit]) -> float:
    """Distance of one route, from the depot through each visit and back."""
    nodes = [0] + [visit.patient + 1 for visit in visits] + [0]
    return sum(instance.distance(a, b) for a, b in zip(nodes, nodes[1:], strict=False))


def check_route_timing(instance: Instance, caregiver: str, visits: list[_Visit], problems) -> None:
    """Each service starts no earlier than the previous one's end plus the travel (from the
    depot at time 0 for the first)."""
    ready, node = 0.0, 0
    for position, visit in enumerate(visits):
        earliest = ready + instance.distance(node, visit.patient + 1)
        if visit.start < earliest - TOLERANCE:
            patient = instance.patients[visit.patient].id
            problems.append(
                f"caregiver {caregiver}, stop {position + 1} ({patient}):"
                f" starts at {visit.start}, cannot arrive before {earliest:.3f}"
            )
        ready, node = visit.end, visit.patient + 1


def check_coverage(instance: Instance, routes: dict[str, list[_Visit]], problems) -> dict:
    """Every required service of every patient performed exactly once; returns the start of
    each (patient, service) performed."""
    starts: dict[tuple[int, str], float] = {}
    for visits in routes.values():
        for visit in visits:
            key = (visit.patient, visit.service)
            if key in starts:
                problems.append(
                    f"{instance.patients[visit.patient].id} {visit.service}: performed twice"
                )
            starts[key] = visit.start
    for index, patient in enumerate(instance.patients):
        for need in patient.needs:
            if (index, need.service) not in starts:
                problems.append(f"{patient.id} {need.service}: not performed")
    return starts


def check_two_carers(instance: Instance, routes: dict[str, list[_Visit]], problems) -> None:
    """A patient who needs two services needs two different carers."""
    carers: dict[int, set[str]] = {}
    for caregiver, visits in routes.items():
        for visit in visits:
            carers.setdefault(visit.patient, set()).add(caregiver)
    for index, patient in enumerate(instance.patients):
        if len(patient.needs) == 2 and len(carers.get(index, ())) == 1:
            (caregiver,) = carers[index]
            problems.append(f"{patient.id}: both services by one caregiver ({caregiver})")


def check_windows(instance: Instance, starts: dict, problems) -> None:
    """No service starts before its patient's window opens."""
    for (index, service), start in starts.items():
        opens = instance.patients[index].window[0]
        if start < opens - TOLERANCE:
            problems.append(
                f"{instance.patients[index].id} {service}: starts {start} before {opens}"
            )


def check_synchronisation(instance: Instance, starts: dict, problems) -> None:
    """Simultaneous services start at the same moment; sequential ones min..max apart."""
    for index, patient in enumerate(instance.patients):
        if patient.sync is None:
            continue
        first, second = (starts.get((index, need.service)) for need in patient.needs)
        if first is None or second is None:
            continue
        gap = second - first
        if patient.sync.kind == SIMULTANEOUS:
            if abs(gap) > TOLERANCE:
                problems.append(f"{patient.id}: simultaneous services start {gap:.3f} apart")
        elif not patient.sync.min_gap - TOLERANCE <= gap <= patient.sync.max_gap + TOLERANCE:
            problems.append(
                f"{patient.id}: second service starts {gap:.3f} after the first, allowed"
                f" {patient.sync.min_gap:g}..{patient.sync.max_gap:g}"
            )
