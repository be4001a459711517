"""A home health care routing and scheduling instance (Mankowska et al.), read from its JSON.

The benchmark's JSON (optionally gzip-compressed) becomes frozen dataclasses. Malformed input
raises `InstanceError` listing every problem found, each with its JSON path.
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass
from pathlib import Path

SIMULTANEOUS = "simultaneous"
SEQUENTIAL = "sequential"


class InstanceError(ValueError):
    """The instance cannot be read; `problems` lists each fault with its JSON path."""

    def __init__(self, problems: list[str]):
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class Need:
    """One service a patient needs, with how long it takes."""

    service: str
    duration: float


@dataclass(frozen=True)
class Sync:
    """How a patient's two services are tied: started together, or the second min..max after."""

    kind: str
    min_gap: float = 0.0
    max_gap: float = 0.0


@dataclass(frozen=True)
class Patient:
    """A person visited at home: where, the window for starting service, what they need."""

    id: str
    location: tuple[float, float]
    window: tuple[float, float]
    needs: tuple[Need, ...]
    sync: Sync | None = None


@dataclass(frozen=True)
class Caregiver:
    """A carer and the services they may perform."""

    id: str
    abilities: frozenset[str]


@dataclass(frozen=True)
class Instance:
    """Patients, carers and the travel matrix (row/column 0 is the depot, then patients)."""

    name: str
    patients: tuple[Patient, ...]
    caregivers: tuple[Caregiver, ...]
    services: tuple[str, ...]
    depot: str
    distances: tuple[tuple[float, ...], ...]

    def distance(self, origin: int, destination: int) -> float:
        """Travel between two matrix nodes (0 depot, patient i at i + 1)."""
        return self.distances[origin][destination]


def load(path: str | Path) -> Instance:
    """Read an instance from a .json or .json.gz file."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise InstanceError([f"{path}: no such file"]) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InstanceError([f"{path}: not readable JSON ({error})"]) from None
    name = path.name.removesuffix(".gz").removesuffix(".json")
    return parse(data, name=name)


def parse(data: object, name: str = "instance") -> Instance:
    """Build an Instance from decoded JSON, or raise InstanceError listing every problem."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise InstanceError(["$: expected an object"])
    for key in ("patients", "services", "caregivers", "central_offices", "distances"):
        if not isinstance(data.get(key), list):
            problems.append(f"$.{key}: missing or not a list")
    if problems:
        raise InstanceError(problems)
    defaults = _services(data["services"], problems)
    caregivers = _caregivers(data["caregivers"], defaults, problems)
    patients = _patients(data["patients"], defaults, problems)
    depot = _depot(data["central_offices"], problems)
    distances = _distances(data["distances"], len(data["patients"]) + 1, problems)
    if problems:
        raise InstanceError(problems)
    return Instance(name, patients, caregivers, tuple(defaults), depot, distances)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _entries(items: list, where: str, problems: list[str]):
    """Yield (path, item) for each entry that is an object with a string id."""
    seen: set[str] = set()
    for index, item in enumerate(items):
        path = f"{where}[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            problems.append(f"{path}: expected an object with a string id")
            continue
        if item["id"] in seen:
            problems.append(f"{path}.id: duplicate id {item['id']!r}")
        seen.add(item["id"])
        yield path, item


def _services(items: list, problems: list[str]) -> dict[str, float]:
    defaults: dict[str, float] = {}
    for path, item in _entries(items, "$.services", problems):
        duration = item.get("default_duration")
        if not _number(duration) or duration <= 0:
            problems.append(f"{path}.default_duration: expected a positive number")
            duration = 0.0
        defaults[item["id"]] = float(duration)
    return defaults


def _caregivers(items: list, defaults: dict, problems: list[str]) -> tuple[Caregiver, ...]:
    caregivers = []
    for path, item in _entries(items, "$.caregivers", problems):
        abilities = item.get("abilities")
        if not isinstance(abilities, list) or not all(isinstance(a, str) for a in abilities):
            problems.append(f"{path}.abilities: expected a list of service ids")
            abilities = []
        for unknown in sorted(set(abilities) - set(defaults)):
            problems.append(f"{path}.abilities: unknown service {unknown!r}")
        caregivers.append(Caregiver(item["id"], frozenset(abilities)))
    if not caregivers:
        problems.append("$.caregivers: no caregivers")
    return tuple(caregivers)


def _patients(items: list, defaults: dict, problems: list[str]) -> tuple[Patient, ...]:
    patients = []
    for path, item in _entries(items, "$.patients", problems):
        location = item.get("location")
        if not (isinstance(location, list) and len(location) == 2 and all(map(_number, location))):
            problems.append(f"{path}.location: expected [x, y]")
            location = [0.0, 0.0]
        window = item.get("time_window")
        if not (isinstance(window, list) and len(window) == 2 and all(map(_number, window))):
            problems.append(f"{path}.time_window: expected [earliest, latest] start")
            window = [0.0, 0.0]
        elif window[0] > window[1]:
            problems.append(f"{path}.time_window: earliest {window[0]} after latest {window[1]}")
        needs = _needs(
            item.get("required_caregivers"), f"{path}.required_caregivers", defaults, problems
        )
        sync = _sync(item, path, len(needs), problems)
        patients.append(
            Patient(item["id"], (float(location[0]), float(location[1])),
                    (float(window[0]), float(window[1])), needs, sync)
        )  # fmt: skip
    return tuple(patients)


def _needs(items: object, path: str, defaults: dict, problems: list[str]) -> tuple[Need, ...]:
    if not isinstance(items, list) or len(items) not in (1, 2):
        problems.append(f"{path}: expected a list of one or two services")
        return ()
    needs = []
    for index, entry in enumerate(items):
        where = f"{path}[{index}]"
        if not isinstance(entry, dict) or entry.get("service") not in defaults:
            problems.append(f"{where}.service: expected a known service id")
            continue
        duration = entry.get("duration", defaults[entry["service"]])
        if not _number(duration) or duration <= 0:
            problems.append(f"{where}.duration: expected a positive number")
            continue
        needs.append(Need(entry["service"], float(duration)))
    if len(needs) == 2 and needs[0].service == needs[1].service:
        problems.append(f"{path}: the same service twice is not supported")
    return tuple(needs)


def _sync(item: dict, path: str, count: int, problems: list[str]) -> Sync | None:
    sync = item.get("synchronization")
    if count < 2:
        if sync is not None:
            problems.append(f"{path}.synchronization: given for a single service")
        return None
    if not isinstance(sync, dict) or sync.get("type") not in (SIMULTANEOUS, SEQUENTIAL):
        problems.append(f"{path}.synchronization.type: expected 'simultaneous' or 'sequential'")
        return None
    if sync["type"] == SIMULTANEOUS:
        return Sync(SIMULTANEOUS)
    gap = sync.get("distance")
    if not (isinstance(gap, list) and len(gap) == 2 and all(map(_number, gap))) or not (
        0 <= gap[0] <= gap[1]
    ):
        problems.append(
            f"{path}.synchronization.distance: expected [min, max] with 0 <= min <= max"
        )
        return None
    return Sync(SEQUENTIAL, float(gap[0]), float(gap[1]))


def _depot(items: list, problems: list[str]) -> str:
    offices = list(_entries(items, "$.central_offices", problems))
    if len(offices) != 1:
        problems.append(f"$.central_offices: expected exactly one depot, found {len(offices)}")
        return ""
    return offices[0][1]["id"]


def _distances(rows: list, size: int, problems: list[str]) -> tuple[tuple[float, ...], ...]:
    if len(rows) != size:
        problems.append(f"$.distances: expected {size} rows (depot + patients), found {len(rows)}")
        return ()
    matrix = []
    for index, row in enumerate(rows):
        if not (isinstance(row, list) and len(row) == size and all(map(_number, row))):
            problems.append(f"$.distances[{index}]: expected {size} numbers")
            continue
        if any(value < 0 for value in row):
            problems.append(f"$.distances[{index}]: negative distance")
        matrix.append(tuple(float(value) for value in row))
    return tuple(matrix)
