"""Check an HHCRSP solution against the benchmark README's rules, without optimizer/ code.

    python bench/hhcrsp_readme_check.py INSTANCE.json[.gz] SOLUTION.json [--euclidean]

Written from /work/shared/benchmarks/hhcrsp/README.md alone and run on the raw JSON, so that
a misreading shared by our instance reader, engine and validator shows up as a disagreement.
`--euclidean` takes travel from the locations instead of the matrix: the original Mankowska
files hold float32 distances, the JSON rounds them to 3 decimals. Prints every broken rule,
the objective split, the smallest slack of each timing rule and each carer's return time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

EPSILON = 1e-6  # solutions carry 3 decimals; anything looser would hide a real breach


@dataclass
class Check:
    """What a solution breaks, its cost split and how close it runs to each timing rule."""

    problems: list[str] = field(default_factory=list)
    distance: float = 0.0
    lateness: dict[tuple[str, str], float] = field(default_factory=dict)
    slack: dict[str, float] = field(default_factory=dict)
    returns: dict[str, float] = field(default_factory=dict)

    @property
    def total_tardiness(self) -> float:
        return sum(self.lateness.values())

    @property
    def max_tardiness(self) -> float:
        return max(self.lateness.values(), default=0.0)

    @property
    def objective(self) -> float:
        return (self.distance + self.total_tardiness + self.max_tardiness) / 3

    def note(self, rule: str, slack: float, problem: str) -> None:
        """Keep the smallest slack per rule; a negative one is a breach."""
        self.slack[rule] = min(self.slack.get(rule, math.inf), slack)
        if slack < -EPSILON:
            self.problems.append(f"{rule}: {problem} (short by {-slack:.6f})")


def read_json(path: Path) -> dict:
    """Read a .json or .json.gz file."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def travel(instance: dict, euclidean: bool) -> tuple[dict[str, int], list[list[float]]]:
    """Matrix node of each patient id (depot 0, then file order) and the travel matrix."""
    nodes = {p["id"]: i + 1 for i, p in enumerate(instance["patients"])}
    if not euclidean:
        return nodes, instance["distances"]
    points = [instance["central_offices"][0]["location"]]
    points += [p["location"] for p in instance["patients"]]
    return nodes, [[math.dist(a, b) for b in points] for a in points]


def needs(instance: dict) -> dict[tuple[str, str], float]:
    """Duration of every (patient, service) required: its own, else the service default."""
    default = {s["id"]: s["default_duration"] for s in instance["services"]}
    return {
        (p["id"], r["service"]): r.get("duration", default[r["service"]])
        for p in instance["patients"]
        for r in p["required_caregivers"]
    }


def check(instance: dict, solution: dict, euclidean: bool = False) -> Check:
    """Check every README rule and recompute the cost split."""
    result = Check()
    nodes, matrix = travel(instance, euclidean)
    starts = check_routes(instance, solution, result)
    for route in solution["routes"]:
        check_timing(route, nodes, matrix, result)
    check_coverage(instance, starts, result)
    check_windows_and_lateness(instance, starts, result)
    check_synchronisation(instance, starts, result)
    return result


def check_routes(instance: dict, solution: dict, result: Check) -> dict:
    """One route per known carer, abilities, durations; returns (patient, service) -> starts."""
    abilities = {c["id"]: set(c["abilities"]) for c in instance["caregivers"]}
    required = needs(instance)
    seen: set[str] = set()
    starts: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for route in solution["routes"]:
        carer = route["caregiver_id"]
        if carer not in abilities or carer in seen:
            result.problems.append(f"route for {carer}: unknown or repeated carer")
        seen.add(carer)
        for stop in route["locations"]:
            key = (stop["patient_id"], stop["service_id"])
            if key not in required:
                result.problems.append(f"{key}: not a required service")
                continue
            if key[1] not in abilities.get(carer, ()):
                result.problems.append(f"{key}: {carer} lacks the ability")
            if not all(math.isfinite(stop[k]) for k in ("arrival_time", "departure_time")):
                result.problems.append(f"{key}: a time is not a finite number")
            length = stop["departure_time"] - stop["arrival_time"]
            if abs(length - required[key]) > EPSILON:
                result.problems.append(f"{key}: lasts {length}, needs {required[key]}")
            starts.setdefault(key, []).append((carer, stop["arrival_time"]))
    return starts


def check_timing(route: dict, nodes: dict, matrix: list, result: Check) -> None:
    """Each start no earlier than the previous end plus travel; the depot is left at 0."""
    node, ready = 0, 0.0
    for stop in route["locations"]:
        here = nodes[stop["patient_id"]]
        leg = matrix[node][here]
        result.distance += leg
        slack = stop["arrival_time"] - (ready + leg)
        result.note("travel", slack, f"{route['caregiver_id']} at {stop['patient_id']}")
        node, ready = here, stop["departure_time"]
    result.distance += matrix[node][0]
    result.returns[route["caregiver_id"]] = ready + matrix[node][0]


def check_coverage(instance: dict, starts: dict, result: Check) -> None:
    """Every required service exactly once; a patient's two services by two carers."""
    for key in needs(instance):
        if len(starts.get(key, ())) != 1:
            result.problems.append(f"{key}: performed {len(starts.get(key, ()))} times")
    for patient in instance["patients"]:
        services = [r["service"] for r in patient["required_caregivers"]]
        carers = {c for s in services for c, _ in starts.get((patient["id"], s), ())}
        if len(services) == 2 and len(carers) != 2:
            result.problems.append(f"{patient['id']}: two services, carers {sorted(carers)}")


def check_windows_and_lateness(instance: dict, starts: dict, result: Check) -> None:
    """No start before a; each service's start after b is its lateness."""
    for patient in instance["patients"]:
        opens, closes = patient["time_window"]
        for r in patient["required_caregivers"]:
            key = (patient["id"], r["service"])
            for _, start in starts.get(key, ()):
                result.note("window opens", start - opens, f"{key} starts at {start}")
                result.lateness[key] = max(0.0, start - closes)


def check_synchronisation(instance: dict, starts: dict, result: Check) -> None:
    """Simultaneous: equal starts. Sequential: second listed min..max after the first listed."""
    for patient in instance["patients"]:
        sync = patient.get("synchronization")
        keys = [(patient["id"], r["service"]) for r in patient["required_caregivers"]]
        if sync is None or any(len(starts.get(k, ())) != 1 for k in keys):
            continue
        gap = starts[keys[1]][0][1] - starts[keys[0]][0][1]
        low, high = sync.get("distance", [0, 0]) if sync["type"] == "sequential" else (0, 0)
        result.note(f"{sync['type']} min", gap - low, f"{patient['id']} gap {gap}")
        result.note(f"{sync['type']} max", high - gap, f"{patient['id']} gap {gap}")


def main(argv: list[str] | None = None) -> int:
    """Print the verdict, the split, the slacks and the return times; 0 when valid."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("instance", type=Path)
    parser.add_argument("solution", type=Path)
    parser.add_argument("--euclidean", action="store_true", help="travel from the locations")
    arguments = parser.parse_args(argv)
    result = check(
        read_json(arguments.instance), read_json(arguments.solution), arguments.euclidean
    )
    terms = (result.objective, result.distance, result.total_tardiness, result.max_tardiness)
    print("objective {:.3f}  distance {:.3f}  total late {:.3f}  max late {:.3f}".format(*terms))
    print("slack    " + "  ".join(f"{r} {s:.4f}" for r, s in sorted(result.slack.items())))
    print("returns  " + "  ".join(f"{c} {t:.1f}" for c, t in sorted(result.returns.items())))
    late = {k: v for k, v in result.lateness.items() if v > 0}
    print("late     " + "  ".join(f"{p} {s} {v:.3f}" for (p, s), v in sorted(late.items())))
    print("valid" if not result.problems else "INVALID\n  " + "\n  ".join(result.problems))
    return 0 if not result.problems else 1


if __name__ == "__main__":
    sys.exit(main())
