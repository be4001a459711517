"""The benchmark's instance JSON read into dataclasses, and malformed input refused clearly."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hhcrsp_factories import instance_data

from optimizer.hhcrsp.instance import SEQUENTIAL, SIMULTANEOUS, InstanceError, load, parse

BENCHMARK = Path("/work/shared/benchmarks/hhcrsp/mankowska")
ROOT = Path(__file__).resolve().parents[3]

needs_benchmark = pytest.mark.skipif(
    not (BENCHMARK / "InstanzCPLEX_HCSRP_10_1.json.gz").exists(), reason="benchmark not present"
)


@needs_benchmark
def test_does_the_first_10_patient_instance_read_as_published():
    instance = load(BENCHMARK / "InstanzCPLEX_HCSRP_10_1.json.gz")
    kinds = [p.sync.kind for p in instance.patients if p.sync is not None]
    assert (len(instance.patients), len(instance.caregivers), len(instance.services)) == (10, 3, 6)
    assert (kinds.count(SIMULTANEOUS), kinds.count(SEQUENTIAL)) == (1, 2)
    assert instance.name == "InstanzCPLEX_HCSRP_10_1" and instance.depot == "d"
    assert len(instance.distances) == 11 and instance.distance(0, 1) == 38.471
    assert instance.patients[0].window == (345.0, 465.0)
    assert instance.caregivers[0].abilities == frozenset({"s1", "s2", "s3"})


def test_does_a_service_without_duration_take_the_service_default(tmp_path):
    path = tmp_path / "hand.json"
    path.write_text(json.dumps(instance_data()))
    instance = load(path)
    assert instance.patients[0].needs[0].duration == 10.0
    p4 = instance.patients[3]
    assert (p4.sync.kind, p4.sync.min_gap, p4.sync.max_gap) == (SEQUENTIAL, 5.0, 15.0)


def test_does_a_gzip_file_read_like_the_plain_one(tmp_path):
    path = tmp_path / "hand.json.gz"
    with gzip.open(path, "wt") as handle:
        json.dump(instance_data(), handle)
    assert load(path) == parse(instance_data(), name="hand")


def broken() -> dict:
    data = instance_data()
    data["patients"][0]["time_window"] = [50, 10]
    data["patients"][1]["required_caregivers"] = [{"service": "s9"}]
    data["patients"][2]["synchronization"] = {"type": "together"}
    data["patients"][3]["synchronization"]["distance"] = [15, 5]
    data["caregivers"][2]["abilities"] = ["s1", "s7"]
    data["distances"][2] = [0, 1]
    return data


def test_are_all_problems_listed_with_their_json_paths():
    with pytest.raises(InstanceError) as caught:
        parse(broken())
    assert caught.value.problems == (
        "$.caregivers[2].abilities: unknown service 's7'",
        "$.patients[0].time_window: earliest 50 after latest 10",
        "$.patients[1].required_caregivers[0].service: expected a known service id",
        "$.patients[2].synchronization.type: expected 'simultaneous' or 'sequential'",
        "$.patients[3].synchronization.distance: expected [min, max] with 0 <= min <= max",
        "$.distances[2]: expected 5 numbers",
    )


def test_is_a_missing_section_or_a_wrong_matrix_size_refused():
    data = instance_data()
    del data["caregivers"]
    with pytest.raises(InstanceError, match=r"\$\.caregivers: missing or not a list"):
        parse(data)
    data = instance_data()
    data["distances"].pop()
    with pytest.raises(InstanceError, match=r"expected 5 rows \(depot \+ patients\), found 4"):
        parse(data)


def test_does_the_command_refuse_bad_input_with_exit_2_and_no_traceback(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken()))
    done = subprocess.run(
        [sys.executable, "-m", "optimizer.hhcrsp", str(path), "--time-limit", "1"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "$.patients[0].time_window: earliest 50 after latest 10" in done.stderr
    assert "$.distances[2]: expected 5 numbers" in done.stderr


def test_does_the_command_refuse_a_file_that_is_not_json(tmp_path):
    path = tmp_path / "nonsense.json"
    path.write_text("{not json")
    done = subprocess.run(
        [sys.executable, "-m", "optimizer.hhcrsp", str(path)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 2 and "not readable JSON" in done.stderr
    assert "Traceback" not in done.stderr
