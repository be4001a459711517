"""An independent check of a place solution against every rule, on the plain JSON documents.

It shares no code with the model: it reads the problem and solution dictionaries itself,
rebuilds each worker's days, and recomputes the objective (see `validator_objective`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, datetime, timedelta

from optimizer.place.validator_objective import recompute_objective


class _Problem:
    """Lookups over the problem document."""

    def __init__(self, raw: dict):
        self.raw = raw
        self.origin = datetime.fromisoformat(raw["start"] + "T00:00")
        self.days = raw["days"]
        self.weeks = max(1, math.ceil(self.days / 7))
        self.rules = {
            "weekly_max_hours": 48.0,
            "daily_rest_hours": 11.0,
            "weekly_rest_hours": 24.0,
            "max_day_span_hours": 13.0,
        } | raw.get("rules", {})
        self.staff = {s["id"]: s for s in raw["staff"]}
        self.cover = {c["id"]: c for c in raw.get("cover", [])}
        self.visits = {v["id"]: v for v in raw.get("visits", [])}
        self.within = raw.get("travel_within_locality_minutes", 10)
        self.travel = {(t["origin"], t["destination"]): t["minutes"] for t in raw.get("travel", [])}

    def minute(self, text: str) -> int:
        """Return minutes since the start of the horizon."""
        return int((datetime.fromisoformat(text) - self.origin).total_seconds() // 60)

    def date_of(self, minute: int) -> date:
        """Return the calendar date of a minute of the horizon."""
        return (self.origin + timedelta(minutes=minute)).date()

    def trip(self, a: str, b: str) -> int:
        """Return travel minutes between localities."""
        if a == b:
            return self.travel.get((a, a), self.within)
        return self.travel.get((a, b), self.travel.get((b, a), 60))


def validate(problem: dict, solution: dict) -> list[str]:
    """Check a solution document against its problem document.

    Args:
        problem: the parsed problem JSON.
        solution: the parsed solution JSON.

    Returns:
        Every broken rule in words; empty when the plan is valid.
    """
    p = _Problem(problem)
    broken: list[str] = []
    by_item: dict[str, list[dict]] = defaultdict(list)
    for a in solution["assignments"]:
        broken += _check_assignment(p, a)
        by_item[a["item"]].append(a)
    broken += _check_items(p, by_item)
    broken += _check_unfilled(p, by_item, solution.get("unfilled", []))
    for staff_id, items in _by_staff(solution["assignments"]).items():
        if staff_id in p.staff:
            broken += _check_worker(p, p.staff[staff_id], items)
    broken += _check_objective(problem, solution)
    return broken


def _by_staff(assignments):
    """Group assignments by worker, sorted by start."""
    grouped: dict[str, list[dict]] = defaultdict(list)
    for a in assignments:
        grouped[a["staff"]].append(a)
    for items in grouped.values():
        items.sort(key=lambda a: a["start"])
    return grouped


def _valid_competence(staff: dict, code: str, day: date) -> bool:
    """Return whether the worker holds `code` valid on `day`."""
    for c in staff.get("competences", []):
        until = c.get("valid_until")
        started = c["code"] == code and date.fromisoformat(c["valid_from"]) <= day
        if started and (until is None or day <= date.fromisoformat(until)):
            return True
    return False


def _active_delegation(staff: dict, person: str, activity: str, day: date) -> bool:
    """Return whether the worker holds an active, in-review delegation on `day`."""
    return any(
        d["person"] == person
        and d["activity"] == activity
        and d.get("status", "active") == "active"
        and day <= date.fromisoformat(d["review_by"])
        for d in staff.get("delegations", [])
    )


def _check_assignment(p: _Problem, a: dict) -> list[str]:
    """Check one assignment alone: it exists, the employer may be charged, the worker qualifies."""
    staff, where = p.staff.get(a["staff"]), f"{a['staff']} on {a['item']}"
    item = p.cover.get(a["item"]) if a["kind"] == "cover" else p.visits.get(a["item"])
    if staff is None or item is None:
        return [f"unknown worker or item: {where}"]
    broken = []
    if a["employer"] not in {c["employer"] for c in staff["contracts"]}:
        broken.append(f"contract: {where} charged to {a['employer']}, not one of their employers")
    if a["employer"] not in item["employers"]:
        broken.append(f"contract: {where} charged to {a['employer']}, who may not staff it")
    start, end = p.minute(a["start"]), p.minute(a["end"])
    day = p.date_of(start)
    if a["kind"] == "cover":
        if (start, end) != (p.minute(item["start"]), p.minute(item["end"])):
            broken.append(f"cover: {where} does not match the shift times")
        if not _valid_competence(staff, item["competence"], day):
            broken.append(f"competence: {where} lacks a valid {item['competence']}")
        return broken
    return broken + _check_visit(p, staff, item, start, end, day, where)


def _check_visit(p, staff, visit, start, end, day, where) -> list[str]:
    """Check a visit assignment's time window, competences and delegation."""
    broken = []
    if not p.minute(visit["earliest_start"]) <= start <= p.minute(visit["latest_start"]):
        broken.append(f"visit window: {where} starts outside the agreed window")
    if end - start != visit["duration_minutes"]:
        broken.append(f"visit length: {where} is not {visit['duration_minutes']} minutes")
    for code in visit.get("competences", []):
        if not _valid_competence(staff, code, day):
            broken.append(f"competence: {where} lacks a valid {code}")
    activity = visit.get("activity")
    if activity and not _active_delegation(staff, visit["person"], activity, day):
        broken.append(
            f"delegation: {where} has no active {activity} delegation for {visit['person']}"
        )
    return broken


def _check_items(p: _Problem, by_item) -> list[str]:
    """Check staffing per item: not over-filled, double-handed visits together, no one twice."""
    broken = []
    for item_id, assigned in by_item.items():
        names = [a["staff"] for a in assigned]
        if len(set(names)) < len(names):
            broken.append(f"item {item_id}: the same worker assigned twice")
        if item_id in p.cover and len(assigned) > p.cover[item_id]["required"]:
            broken.append(f"cover {item_id}: more people than required")
        if item_id in p.visits:
            carers = p.visits[item_id].get("carers", 1)
            if len(assigned) > carers:
                broken.append(f"visit {item_id}: more carers than needed")
            elif len(assigned) < carers:
                broken.append(
                    f"double-handed: visit {item_id} has {len(assigned)} of {carers} carers"
                )
            if len({a["start"] for a in assigned}) > 1:
                broken.append(f"double-handed: carers of visit {item_id} do not arrive together")
    return broken


def _check_unfilled(p: _Problem, by_item, unfilled) -> list[str]:
    """Check that every item left short is listed as unfilled, with a reason."""
    listed = {u["item"]: u for u in unfilled}
    broken = []
    needs = {k: v["required"] for k, v in p.cover.items()} | {
        k: v.get("carers", 1) for k, v in p.visits.items()
    }
    for item_id, need in needs.items():
        missing = need - len(by_item.get(item_id, []))
        if missing > 0 and (item_id not in listed or not listed[item_id].get("reason")):
            broken.append(f"unfilled: {item_id} is short but not explained")
    return broken


def _check_worker(p: _Problem, staff: dict, items: list[dict]) -> list[str]:
    """Check one worker's whole plan: overlaps, travel, leave, rest, hours and contracts."""
    days = _worker_days(p, staff, items)
    broken = _check_leave(p, staff, items)
    for day in days:
        broken += day["broken"]
        if day["end"] - day["start"] > p.rules["max_day_span_hours"] * 60:
            broken.append(f"daily rest: {staff['id']} works a day longer than the allowed span")
    for before, after in zip(days, days[1:], strict=False):
        if after["start"] - before["end"] < p.rules["daily_rest_hours"] * 60:
            broken.append(f"daily rest: {staff['id']} has under 11 hours between working days")
    broken += _check_weekly_rest(p, staff, days)
    broken += _check_hours(p, staff, days)
    return broken


def _worker_days(p: _Problem, staff: dict, items: list[dict]) -> list[dict]:
    """Rebuild a worker's days: first and last minute (travel included), minutes by employer."""
    grouped: dict[int, list[dict]] = defaultdict(list)
    for a in items:
        grouped[p.minute(a["start"]) // 1440].append(a)
    return [_worker_day(p, staff, grouped[d]) for d in sorted(grouped)]


def _worker_day(p: _Problem, staff: dict, items: list[dict]) -> dict:
    """Rebuild one working day, checking overlaps and travel between visits."""
    home, here, broken = staff["home_locality"], staff["home_locality"], []
    by_employer: dict[str, int] = defaultdict(int)
    busy_until, last_kind, first = None, None, None
    for a in items:
        start, end = p.minute(a["start"]), p.minute(a["end"])
        travel = 0
        if a["kind"] == "visit":
            there = p.visits[a["item"]]["locality"]
            travel, here = p.trip(here, there), there
        gap = travel if last_kind == "visit" and a["kind"] == "visit" else 0
        if busy_until is not None and start < busy_until + gap:
            broken.append(f"travel/overlap: {staff['id']} cannot reach {a['item']} in time")
        first = start - travel if first is None else first
        by_employer[a["employer"]] += end - start + travel
        busy_until = end if busy_until is None else max(busy_until, end)
        last_kind = a["kind"]
    last = busy_until
    visits = [a for a in items if a["kind"] == "visit"]
    if visits:
        back = p.trip(here, home)
        by_employer[visits[-1]["employer"]] += back
        last = max(last, p.minute(visits[-1]["end"]) + back)
    return {"start": first, "end": last, "minutes": dict(by_employer), "broken": broken}


def _check_leave(p: _Problem, staff: dict, items: list[dict]) -> list[str]:
    """Check no work falls in approved leave or other unavailability."""
    broken = []
    for u in staff.get("unavailable", []):
        a0, b0 = p.minute(u["start"]), p.minute(u["end"])
        for a in items:
            if p.minute(a["start"]) < b0 and a0 < p.minute(a["end"]):
                broken.append(
                    f"availability: {staff['id']} works {a['item']} "
                    f"during {u.get('reason', 'leave')}"
                )
    return broken


def _check_weekly_rest(p: _Problem, staff: dict, days: list[dict]) -> list[str]:
    """Check 24 hours of uninterrupted rest in the week (horizons of seven days or more)."""
    if p.days < 7 or not days:
        return []
    edges = [0] + [m for d in days for m in (d["start"], d["end"])] + [p.days * 1440]
    gaps = [edges[i + 1] - edges[i] for i in range(0, len(edges), 2)]
    if max(gaps) < p.rules["weekly_rest_hours"] * 60:
        return [f"weekly rest: {staff['id']} has no 24 hours of rest in the week"]
    return []


def _check_hours(p: _Problem, staff: dict, days: list[dict]) -> list[str]:
    """Check the 48-hour limit across all employers and each contract's hours cap."""
    broken, total = [], defaultdict(int)
    for d in days:
        for employer, minutes in d["minutes"].items():
            total[employer] += minutes
    limit = p.rules["weekly_max_hours"] * 60 * p.weeks
    if not staff.get("wtr_opt_out") and sum(total.values()) > limit:
        broken.append(
            f"48-hour limit: {staff['id']} works {sum(total.values()) / 60:.1f} h across employers"
        )
    for c in staff["contracts"]:
        if total.get(c["employer"], 0) > c["hours_per_week_max"] * 60 * p.weeks:
            broken.append(f"contract hours: {staff['id']} exceeds their {c['employer']} contract")
    return broken


def _check_objective(problem: dict, solution: dict) -> list[str]:
    """Check the reported objective against an independent recomputation."""
    reported = solution.get("summary", {}).get("objective")
    if reported is None:
        return []
    recomputed = sum(recompute_objective(problem, solution).values())
    if abs(recomputed - reported) > 1e-6 * max(1.0, abs(recomputed)) + 0.01:
        return [f"objective: reported {reported:.2f}, recomputed {recomputed:.2f}"]
    return []
