"""The engine's view of an instance: one task per required service, times scaled to integers.

Distances in the benchmark carry three decimals and windows and durations are whole, so
scaling every time and distance by SCALE keeps them exact as integers; the engine works in
these units and the solution is written back divided by SCALE.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from optimizer.hhcrsp.instance import SIMULTANEOUS, Instance

SCALE = 1000


def scaled(value: float) -> int:
    """A benchmark time or distance in the engine's integer units."""
    return round(value * SCALE)


@dataclass(frozen=True)
class Tasks:
    """Parallel tuples over tasks, plus the scaled travel matrix and carers' eligible tasks."""

    instance: Instance
    patient: tuple[int, ...]
    service: tuple[str, ...]
    node: tuple[int, ...]
    duration: tuple[int, ...]
    opens: tuple[int, ...]
    closes: tuple[int, ...]
    partner: tuple[int | None, ...]
    # For a synchronised pair, (first, second, min gap, max gap); simultaneous: gap 0..0.
    pairs: tuple[tuple[int, int, int, int], ...]
    eligible: tuple[tuple[int, ...], ...]  # per task: caregiver indexes able to perform it
    travel: tuple[tuple[int, ...], ...]
    # What the benchmark leaves out and a place's day has (the defaults are the benchmark's):
    home: tuple[int, ...] = ()  # per carer: the travel node their route starts and ends at
    ready: tuple[int, ...] = ()  # per carer: the earliest time they leave home
    latest: tuple[int, ...] = ()  # per task: the last start allowed at all (lateness included)
    weights: tuple[int, int, int] = (1, 1, 1)  # per unit of travel, total and largest lateness
    # (carer, route, starts) -> whether the carer's day keeps the caller's own rules
    route_check: Callable[[int, list[int], list[int]], bool] | None = None

    @property
    def count(self) -> int:
        """How many tasks."""
        return len(self.patient)

    @property
    def caregivers(self) -> int:
        """How many carers."""
        return len(self.instance.caregivers)

    def leg(self, origin: int | None, destination: int | None, carer: int | None = None) -> int:
        """Travel between two tasks (None is the carer's home: the depot in the benchmark)."""
        depot = self.home[carer] if self.home and carer is not None else 0
        a = depot if origin is None else self.node[origin]
        b = depot if destination is None else self.node[destination]
        return self.travel[a][b]

    def ready_of(self, carer: int) -> int:
        """The earliest time a carer leaves home."""
        return self.ready[carer] if self.ready else 0


def build_tasks(instance: Instance) -> Tasks:
    """One task per (patient, required service), in patient then listed order."""
    rows: list[tuple] = []
    pairs = []
    partner: list[int | None] = []
    for index, patient in enumerate(instance.patients):
        first = len(rows)
        for need in patient.needs:
            rows.append((index, need.service, index + 1, scaled(need.duration),
                         scaled(patient.window[0]), scaled(patient.window[1])))  # fmt: skip
        if patient.sync is None:
            partner.append(None)
            continue
        partner += [first + 1, first]
        if patient.sync.kind == SIMULTANEOUS:
            pairs.append((first, first + 1, 0, 0))
        else:
            pairs.append(
                (first, first + 1, scaled(patient.sync.min_gap), scaled(patient.sync.max_gap))
            )
    eligible = tuple(
        tuple(c for c, carer in enumerate(instance.caregivers) if row[1] in carer.abilities)
        for row in rows
    )
    travel = tuple(tuple(scaled(d) for d in row) for row in instance.distances)
    columns = list(zip(*rows, strict=True)) if rows else [()] * 6
    return Tasks(instance, *map(tuple, columns), tuple(partner), tuple(pairs), eligible, travel)
