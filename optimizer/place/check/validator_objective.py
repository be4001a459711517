"""The validator's own recomputation of a plan's objective, from the JSON documents alone.

Terms: unmet demand by priority; pay (contract rate up to contracted hours, overtime rate
beyond, per worker and employer); travel minutes (home to first visit, between visits, last
visit home); continuity (distinct carers per person beyond the first); fairness (unsocial
days per worker, squared); preferences (days worked that were asked off, visits by a carer
outside the person's preferred carers); lateness (minutes a visit starts after its window).
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime, timedelta

from optimizer.kernel import DAY, MINUTES_PER_HOUR
from optimizer.place.travel import home_of, place_of, travel_source

DEFAULT_WEIGHTS = {
    "unmet": {"1": 1_000_000.0, "2": 300_000.0, "3": 100_000.0},
    "cost": 1.0,
    "travel": 1.0,
    "continuity": 20.0,
    "fairness": 5.0,
    "preference_day_off": 10.0,
    "preference_carer": 5.0,
    "lateness": 10.0,
}


def _unmet_weight(weights: dict, priority: int) -> float:
    """Return the weight of one unmet unit at `priority` (the lowest listed if unlisted)."""
    table = {int(k): v for k, v in weights["unmet"].items()}
    return table.get(priority, min(table.values()))


def recompute_objective(problem: dict, solution: dict) -> dict[str, float]:
    """Return each objective term of a solution, recomputed from scratch.

    Args:
        problem: the parsed problem JSON.
        solution: the parsed solution JSON.

    Returns:
        {term: weighted value}; their sum is the objective.
    """
    weights = DEFAULT_WEIGHTS | problem.get("weights", {})
    origin = datetime.fromisoformat(problem["start"] + "T00:00")
    staff = {s["id"]: s for s in problem["staff"]}
    visits = {v["id"]: v for v in problem.get("visits", [])}
    cover = {c["id"]: c for c in problem.get("cover", [])}
    assignments = solution["assignments"]
    pay, travel, unsocial, asked_off = _worker_terms(
        problem, origin, staff, visits, cover, assignments
    )
    return {
        "unmet": _unmet(weights, visits, cover, assignments),
        "cost": weights["cost"] * pay,
        "travel": weights["travel"] * travel,
        "continuity": weights["continuity"] * _continuity(visits, assignments),
        "fairness": weights["fairness"] * sum(n * n for n in unsocial.values()),
        "preference": weights["preference_day_off"] * asked_off
        + weights["preference_carer"] * _non_preferred(visits, assignments),
        "lateness": weights["lateness"] * _late(origin, visits, assignments),
    }


def _unmet(weights, visits, cover, assignments) -> float:
    """Return unmet demand: missing people on shifts, and visits without all their carers."""
    count: dict[str, int] = defaultdict(int)
    for a in assignments:
        count[a["item"]] += 1
    total = sum(
        max(0, c["required"] - count[c["id"]]) * _unmet_weight(weights, c.get("priority", 2))
        for c in cover.values()
    )
    return total + sum(
        _unmet_weight(weights, v.get("priority", 2))
        for v in visits.values()
        if count[v["id"]] < v.get("carers", 1)
    )


def _worker_days(origin, assignments) -> dict[tuple[str, int], list[dict]]:
    """Group assignments by (worker, day of the horizon), each day in start order."""
    days: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for a in sorted(assignments, key=lambda a: a["start"]):
        minute = (datetime.fromisoformat(a["start"]) - origin).total_seconds() // 60
        days[a["staff"], int(minute // DAY)].append(a)
    return days


def _day_pieces(trip, worker, visits, items):
    """Yield (assignment, minutes worked, travel leg) for one worker's day: each visit's leg
    from where they were, and the journey home after the day's last visit."""
    home = where = home_of(worker)
    on_visits = [a for a in items if a["kind"] == "visit"]
    for a in items:
        length = (
            datetime.fromisoformat(a["end"]) - datetime.fromisoformat(a["start"])
        ).total_seconds() / 60
        leg = 0
        if a["kind"] == "visit":
            there = place_of(visits[a["item"]])
            leg, where = trip(where, there), there
            if a is on_visits[-1]:
                leg += trip(there, home)
        yield a, length + leg, leg


def _minutes(problem, origin, staff, visits, assignments):
    """Return minutes worked (travel included) by (worker, employer), as (item, minutes)."""
    minutes: dict[tuple[str, str], list[tuple[str, float]]] = defaultdict(list)
    trip = travel_source(problem).minutes
    for (staff_id, _), items in _worker_days(origin, assignments).items():
        for a, worked, _ in _day_pieces(trip, staff[staff_id], visits, items):
            minutes[staff_id, a["employer"]].append((a["item"], worked))
    return minutes


def _worker_terms(problem, origin, staff, visits, cover, assignments):
    """Return pay, travel minutes, unsocial days per worker and days worked that were asked off."""
    minutes: dict[tuple[str, str], list[tuple[str, float]]] = defaultdict(list)
    travel, asked_off, unsocial = 0, 0, defaultdict(int)
    late = problem.get("rules", {}).get("unsocial_from_hour", 20)
    trip = travel_source(problem).minutes
    for (staff_id, day), items in _worker_days(origin, assignments).items():
        worker = staff[staff_id]
        for a, worked, leg in _day_pieces(trip, worker, visits, items):
            minutes[staff_id, a["employer"]].append((a["item"], worked))
            travel += leg
        when = (origin + timedelta(days=day)).date()
        asked_off += when.isoformat() in worker.get("preferred_days_off", [])
        unsocial[staff_id] += _unsocial(when, items, visits, cover, late)
    return _pay(problem, staff, minutes)["total"], travel, unsocial, asked_off


def _unsocial(when, items, visits, cover, late: int) -> bool:
    """A weekend day, a night shift or a visit opening at or after `late` o'clock is unsocial."""
    if when.weekday() >= 5:
        return True
    for a in items:
        if a["kind"] == "cover" and cover[a["item"]]["shift"] == "night":
            return True
        if (
            a["kind"] == "visit"
            and datetime.fromisoformat(visits[a["item"]]["earliest_start"]).hour >= late
        ):
            return True
    return False


def _pay(problem, staff, minutes) -> dict:
    """Return pay (contract rate up to contracted hours, overtime beyond), with its figures.

    Minutes charged to an employer the worker has no contract with are not paid (the
    validator reports the assignment itself).
    """
    weeks = max(1, math.ceil(problem["days"] / 7))
    funders = {v["id"]: v.get("funder", "council") for v in problem.get("visits", [])} | {
        c["id"]: c.get("funder", "NHS") for c in problem.get("cover", [])
    }
    figures: dict = {"total": 0.0, "hours": defaultdict(float), "employer": defaultdict(float)}
    figures["funder"] = defaultdict(float)
    for (staff_id, employer), items in minutes.items():
        contract = next(
            (c for c in staff[staff_id]["contracts"] if c["employer"] == employer), None
        )
        worked = sum(m for _, m in items)
        if contract is None:
            continue
        base = min(worked, contract["hours_per_week"] * MINUTES_PER_HOUR * weeks)
        pay = (
            base * contract["cost_per_hour"] + (worked - base) * contract["overtime_cost_per_hour"]
        ) / MINUTES_PER_HOUR
        figures["total"] += pay
        figures["hours"][employer] += worked / MINUTES_PER_HOUR
        figures["employer"][employer] += pay
        for item, m in items:
            figures["funder"][funders.get(item, "")] += pay * m / worked if worked else 0.0
    return figures


def recompute_figures(problem: dict, solution: dict) -> dict:
    """Return the summary figures recomputed: fill rate, hours and cost by employer and funder."""
    origin = datetime.fromisoformat(problem["start"] + "T00:00")
    staff = {s["id"]: s for s in problem["staff"]}
    visits = {v["id"]: v for v in problem.get("visits", [])}
    cover = {c["id"]: c for c in problem.get("cover", [])}
    minutes = _minutes(problem, origin, staff, visits, solution["assignments"])
    pay = _pay(problem, staff, minutes)
    count: dict[str, int] = defaultdict(int)
    for a in solution["assignments"]:
        count[a["item"]] += 1
    units = sum(c["required"] for c in cover.values()) + len(visits)
    filled = sum(min(count[k], c["required"]) for k, c in cover.items()) + sum(
        count[k] >= v.get("carers", 1) for k, v in visits.items()
    )
    return {
        "fill_rate": filled / units if units else 1.0,
        "hours_by_employer": dict(pay["hours"]),
        "cost_by_employer": dict(pay["employer"]),
        "cost_by_funder": dict(pay["funder"]),
    }


def _late(origin, visits, assignments) -> float:
    """Return minutes visits start after their latest start, once per visit."""
    starts = {a["item"]: a["start"] for a in assignments if a["kind"] == "visit"}
    late = 0.0
    for item, start in starts.items():
        delay = datetime.fromisoformat(start) - datetime.fromisoformat(visits[item]["latest_start"])
        late += max(0.0, delay.total_seconds() / 60)
    return late


def _continuity(visits, assignments) -> int:
    """Return distinct carers per person beyond the first, summed."""
    carers: dict[str, set[str]] = defaultdict(set)
    for a in assignments:
        if a["kind"] == "visit":
            carers[visits[a["item"]]["person"]].add(a["staff"])
    return sum(len(c) - 1 for c in carers.values())


def _non_preferred(visits, assignments) -> int:
    """Return visit assignments to a carer outside a non-empty preferred list."""
    return sum(
        1
        for a in assignments
        if a["kind"] == "visit"
        and visits[a["item"]].get("preferred_carers")
        and a["staff"] not in visits[a["item"]]["preferred_carers"]
    )
