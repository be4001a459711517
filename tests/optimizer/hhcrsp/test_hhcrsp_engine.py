"""The engine: earliest schedule, construction, CP-SAT search and the command, each answer
checked by the independent validator."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hhcrsp_factories import hand_instance, hand_solution, instance_data, moved

from optimizer.hhcrsp.__main__ import main
from optimizer.hhcrsp.construct import construct
from optimizer.hhcrsp.instance import InstanceError, load, parse
from optimizer.hhcrsp.relocate import relocate
from optimizer.hhcrsp.schedule import earliest_starts, evaluate
from optimizer.hhcrsp.solve import Plan, solve
from optimizer.hhcrsp.tasks import build_tasks
from optimizer.hhcrsp.validator import validate

BENCHMARK = Path("/work/shared/benchmarks/hhcrsp/mankowska")
BEST_KNOWN_10 = {
    1: 218.199, 2: 246.627, 3: 305.858, 4: 186.897, 5: 189.543,
    6: 200.099, 7: 225.369, 8: 232.048, 9: 222.295, 10: 225.006,
}  # fmt: skip
FIRST_OF_EACH_SIZE = [
    "InstanzCPLEX_HCSRP_10_1", "InstanzCPLEX_HCSRP_25_1", "InstanzCPLEX_HCSRP_50_1",
    "InstanzCPLEX_HCSRP_75_1", "InstanzVNS_HCSRP_100_1", "InstanzVNS_HCSRP_200_1",
    "InstanzVNS_HCSRP_300_1",
]  # fmt: skip

needs_benchmark = pytest.mark.skipif(
    not (BENCHMARK / "InstanzCPLEX_HCSRP_10_1.json.gz").exists(), reason="benchmark not present"
)

# Tasks of the hand instance: 0 p1 s1, 1 p2 s2, 2 p3 s1, 3 p3 s2, 4 p4 s1, 5 p4 s2.
HAND_ROUTES = [[0, 2, 4], [1, 3, 5], []]


def test_are_the_earliest_starts_the_hand_computed_ones():
    tasks = build_tasks(hand_instance())
    starts = earliest_starts(tasks, HAND_ROUTES)
    assert starts == [10_000, 20_000, 60_000, 60_000, 81_000, 86_000]
    assert evaluate(tasks, HAND_ROUTES)[0] == 169_000


def test_does_a_synchronised_pair_pull_its_first_service_later_when_the_second_must_wait():
    data = instance_data()
    data["patients"][3]["time_window"] = [0, 300]
    data["patients"][3]["synchronization"]["distance"] = [0, 2]
    tasks = build_tasks(parse(data))
    starts = earliest_starts(tasks, [[0, 2, 4], [1, 3, 5], []])
    # c2 reaches p4 at 81 like c1; with a gap of at most 2 both may start at 81
    assert (starts[4], starts[5]) == (81_000, 81_000)
    starts = earliest_starts(tasks, [[4, 0, 2], [1, 5, 3], []])
    # c1 could start p4 s1 at 40 (straight from the depot), but c2 only reaches p4 at 52
    # (after p2, 30 + 22) and may start at most 2 later, so p4 s1 waits until 50
    assert (starts[4], starts[5]) == (50_000, 52_000)
    # and everything after moves with it: p1 at 50 + 10 + 35, p3 at 95 + 10 + 25 on c1
    assert (starts[0], starts[2], starts[3]) == (95_000, 130_000, 130_000)


def test_do_routes_whose_orders_contradict_each_other_have_no_schedule():
    tasks = build_tasks(hand_instance())
    # c1 does p4 s2 before p3 s1, c2 p3 s2 before p4 s1: p4 s2 would have to precede itself
    assert earliest_starts(tasks, [[0, 5, 2], [1, 3, 4], []]) is None
    assert evaluate(tasks, [[0, 5, 2], [1, 3, 4], []]) is None


def test_is_an_instance_with_a_service_nobody_can_do_refused():
    data = instance_data()
    data["services"].append({"id": "s3", "default_duration": 5})
    data["patients"][0]["required_caregivers"] = [{"service": "s3"}]
    with pytest.raises(InstanceError, match="p1 s3: no caregiver has this ability"):
        solve(parse(data), time_limit=1)


def test_is_a_patient_whose_two_services_only_one_caregiver_can_do_refused():
    data = instance_data()
    data["services"].append({"id": "s3", "default_duration": 20})
    data["caregivers"][2]["abilities"] = ["s1", "s3"]
    data["patients"][2]["required_caregivers"] = [{"service": "s3"}, {"service": "s3"}]
    with pytest.raises(InstanceError, match="the same service twice"):
        parse(data)
    data["patients"][2]["required_caregivers"] = [{"service": "s3"}, {"service": "s1"}]
    data["caregivers"][0]["abilities"] = data["caregivers"][1]["abilities"] = ["s2"]
    for sync in ({"type": "simultaneous"}, {"type": "sequential", "distance": [5, 15]}):
        data["patients"][2]["synchronization"] = sync
        with pytest.raises(InstanceError, match="p3: the two services need two different"):
            solve(parse(data), time_limit=1)


def test_does_the_engine_find_a_valid_plan_no_dearer_than_the_hand_one():
    instance = hand_instance()
    plan = solve(instance, time_limit=10)
    result = validate(instance, plan.to_json())
    assert result.valid, result.problems
    assert result.objective == pytest.approx(plan.cost / 3000, abs=1e-9)
    assert result.objective <= validate(instance, hand_solution()).objective + 1e-9
    assert plan.proven_optimal
    assert result.objective == pytest.approx(169 / 3)  # the hand solution is optimal


def test_is_a_worse_hand_plan_beaten_by_the_engine():
    instance = hand_instance()
    late = validate(instance, moved(hand_solution(), 1, 0, start=37))
    assert late.valid and late.objective > solve(instance, time_limit=10).cost / 3000


@needs_benchmark
@pytest.mark.parametrize("name", FIRST_OF_EACH_SIZE)
def test_is_the_construction_valid_on_every_size(name):
    instance = load(BENCHMARK / f"{name}.json.gz")
    tasks = build_tasks(instance)
    routes = construct(tasks)
    cost, starts = evaluate(tasks, routes)
    plan = Plan(tasks, tuple(map(tuple, routes)), tuple(starts), cost, False, 0)
    result = validate(instance, plan.to_json())
    assert result.valid, result.problems[:5]
    assert result.objective == pytest.approx(cost / 3000, abs=1e-6)


@needs_benchmark
@pytest.mark.parametrize("number", sorted(BEST_KNOWN_10))
def test_does_the_validator_reproduce_the_best_known_value_from_the_engines_solution(number):
    instance = load(BENCHMARK / f"InstanzCPLEX_HCSRP_10_{number}.json.gz")
    plan = solve(instance, time_limit=20, seed=0)
    result = validate(instance, plan.to_json())
    assert result.valid, result.problems
    assert result.objective == pytest.approx(BEST_KNOWN_10[number], abs=1e-3)


@needs_benchmark
@pytest.mark.slow
def test_does_the_search_keep_a_valid_plan_no_dearer_than_the_construction():
    instance = load(BENCHMARK / "InstanzCPLEX_HCSRP_50_2.json.gz")
    tasks = build_tasks(instance)
    constructed = min(evaluate(tasks, construct(tasks, w))[0] for w in (1, 2, 4, 8, 16))
    plan = solve(instance, time_limit=4, seed=1)
    result = validate(instance, plan.to_json())
    assert result.valid, result.problems[:5]
    assert plan.cost <= constructed
    assert result.objective == pytest.approx(plan.cost / 3000, abs=1e-6)


def test_does_the_command_write_a_valid_solution_and_print_the_split(tmp_path, capsys):
    path, out = tmp_path / "hand.json", tmp_path / "solution.json"
    path.write_text(json.dumps(instance_data()))
    assert main([str(path), "--time-limit", "5", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    result = validate(hand_instance(), json.loads(out.read_text()))
    assert result.valid
    assert f"objective        {result.objective:.3f}" in printed
    assert f"distance         {result.distance:.3f}" in printed
    assert "total lateness   0.000" in printed and "maximum lateness 0.000" in printed
    assert "validator        valid" in printed and "seconds" in printed


def test_does_the_command_check_a_solution_and_exit_1_when_it_breaks_a_rule(tmp_path, capsys):
    path, solution = tmp_path / "hand.json", tmp_path / "solution.json"
    path.write_text(json.dumps(instance_data()))
    solution.write_text(json.dumps(moved(hand_solution(), 1, 1, start=61)))
    assert main([str(path), "--check", str(solution)]) == 1
    printed = capsys.readouterr().out
    assert "validator        INVALID" in printed
    assert "p3: simultaneous services start 1.000 apart" in printed


def test_does_the_routing_engine_import_without_the_web_stack():
    code = (
        "import sys, optimizer.hhcrsp.__main__, optimizer.hhcrsp.solve; "
        "print(sorted({'flask', 'sqlalchemy', 'sqlmodel', 'weasyprint'} & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_does_relocation_move_a_visit_to_where_it_costs_less():
    tasks = build_tasks(hand_instance())
    routes = [[2, 4], [1, 3, 5], [0]]  # c3 drives out to p1 alone: 20 instead of c1's extra 5
    cost, starts = evaluate(tasks, routes)
    moved_routes, lower, new_starts = relocate(tasks, routes, cost, starts, 1e18, random.Random(0))
    assert cost == 184_000  # c1 30 + 11 + 40, c2 83, c3 10 + 10
    # Moving p1 back to c1 saves 15; c2 cannot take p4 s1 as well (p4 needs two carers).
    assert (lower, moved_routes) == (169_000, HAND_ROUTES)
    assert new_starts == earliest_starts(tasks, HAND_ROUTES)


def test_does_a_route_with_both_services_of_one_patient_have_no_schedule():
    tasks = build_tasks(hand_instance())
    assert earliest_starts(tasks, [[0, 2], [1, 3, 4, 5], []]) is None
