"""An independent check of a place solution against every rule, on the plain JSON documents.

It shares no code with the model: it reads the problem and solution dictionaries itself,
rebuilds each worker's days, and recomputes the objective (see `validator_objective`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from optimizer.kernel import DAY, MINUTES_PER_HOUR, closed, day_shape, unexcused
from optimizer.kernel.excuse import key
from optimizer.kernel.validity import competence_valid, delegation_usable
from optimizer.place.check.validator_objective import recompute_objective
from optimizer.place.check.validator_summary import check_summary, shape_problems
from optimizer.place.check.validator_times import check_gaps, check_leave
from optimizer.place.travel import home_of, place_of, travel_source
from optimizer.place.worktime import (
    fixed_pieces,
    shift_piece,
    visit_piece,
    worker_rules,
    working_time,
)

_ALREADY = "; their fixed work alone already breaks it, so nothing may be added there"


class _Problem:
    """Lookups over the problem document."""

    def __init__(self, raw: dict):
        self.raw = raw
        self.origin = datetime.fromisoformat(raw["start"] + "T00:00")
        self.days = raw["days"]
        self.wt = working_time(raw.get("rules") or {})
        self.sites = {s["id"]: place_of(s) for s in raw.get("sites", [])}
        self.staff = {s["id"]: s for s in raw["staff"]}
        self.cover = {c["id"]: c for c in raw.get("cover", [])}
        self.visits = {v["id"]: v for v in raw.get("visits", [])}
        self.trip = travel_source(raw).minutes  # the engine's one definition of travel

    def minute(self, text: str) -> int:
        """Return minutes since the start of the horizon."""
        return int((datetime.fromisoformat(text) - self.origin).total_seconds() // 60)

    def date_of(self, minute: int) -> date:
        """Return the calendar date of a minute of the horizon."""
        return (self.origin + timedelta(minutes=minute)).date()


def validate(problem: dict, solution: dict) -> list[str]:
    """Check a solution document against its problem document.

    Args:
        problem: the parsed problem JSON.
        solution: the parsed solution JSON.

    Returns:
        Every broken rule in words; empty when the plan is valid.
    """
    try:
        unusable = shape_problems(problem, solution)
        if unusable:
            return unusable
        return _validate(problem, solution)
    except Exception as error:  # noqa: BLE001 - a validator reports, never crashes
        return [f"validator: cannot check these documents ({type(error).__name__}: {error})"]


def _validate(problem: dict, solution: dict) -> list[str]:
    """Check documents of the right shape."""
    p = _Problem(problem)
    broken: list[str] = []
    by_item: dict[str, list[dict]] = defaultdict(list)
    for a in solution["assignments"]:
        broken += _check_assignment(p, a)
        by_item[a["item"]].append(a)
    broken += _check_items(p, by_item) + check_gaps(p, by_item)
    broken += _check_unfilled(p, by_item, solution.get("unfilled", []))
    for staff_id, items in _by_staff(solution["assignments"]).items():
        if staff_id in p.staff and _known(p, items):
            broken += _check_worker(p, p.staff[staff_id], items)
    everyone = solution["assignments"]
    if any(a["staff"] not in p.staff for a in everyone) or not _known(p, everyone):
        return broken  # figures cannot be recomputed for unknown workers or items
    broken += _check_objective(problem, solution)
    return broken + check_summary(problem, solution)


def _known(p: _Problem, items: list[dict]) -> bool:
    """Return whether every item exists (unknown ones are reported once, elsewhere)."""
    return all((p.cover if a["kind"] == "cover" else p.visits).get(a["item"]) for a in items)


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
        until = None if until is None else date.fromisoformat(until)
        if c["code"] == code and competence_valid(date.fromisoformat(c["valid_from"]), until, day):
            return True
    return False


def _active_delegation(staff: dict, person: str, activity: str, day: date) -> bool:
    """Return whether the worker holds an active, in-review delegation on `day`."""
    return any(
        d["person"] == person
        and d["activity"] == activity
        and delegation_usable(d.get("status", "active"), date.fromisoformat(d["review_by"]), day)
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
    late = visit.get("late_tolerance_minutes", 0)
    if not p.minute(visit["earliest_start"]) <= start <= p.minute(visit["latest_start"]) + late:
        broken.append(f"visit window: {where} starts outside the agreed window"
                      + (f" and its {late} minutes' tolerance" if late else ""))
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
    """Check one worker's whole plan, fixed work included, with the working-time kernel."""
    fixed = fixed_pieces(p.wt, p.origin, staff)
    who = worker_rules(p.wt, p.days, p.origin.date(), staff)
    planned = [_piece(p, a) for a in items]
    broken = check_leave(p, staff, items)
    days, clashes = _shapes(p, staff, fixed + planned)
    broken += [
        f"travel/overlap: {staff['id']} cannot reach their work in time on day {d}" for d in clashes
    ]
    before, _ = _shapes(p, staff, fixed)
    shut = closed(before, who)  # excused while nothing planned falls in their day or period
    already = {key(c.breach) for c in shut}
    return broken + [
        _words(staff["id"], b, p) + (_ALREADY if key(b) in already else "")
        for b in unexcused(days, who, shut)
    ]


def _piece(p: _Problem, a: dict):
    """Return the kernel piece of one assignment."""
    start, end = p.minute(a["start"]), p.minute(a["end"])
    if a["kind"] == "visit":
        return visit_piece(start, end, place_of(p.visits[a["item"]]), a["employer"])
    site = p.sites.get(p.cover[a["item"]].get("site"))
    return shift_piece(p.wt, start, end, site, a["employer"])


def _shapes(p: _Problem, staff: dict, pieces: list) -> tuple[list, list[int]]:
    """Return the worker's day shapes and the days whose pieces clash (travel included)."""
    grouped: dict[int, list] = defaultdict(list)
    for piece in pieces:
        grouped[piece.start // DAY].append(piece)
    shapes, clashes = [], []
    for day in sorted(grouped):
        shape = day_shape(grouped[day], home_of(staff), p.trip, p.wt.break_length)
        if shape is None:
            clashes.append(day)
        else:
            shapes.append(shape)
    return shapes, clashes


def _words(staff_id: str, breach, p: _Problem) -> str:
    """Return a breach in words, with the rule's own numbers."""
    d, wt = breach.detail, p.wt
    h = lambda m: f"{m / MINUTES_PER_HOUR:g}"  # noqa: E731
    return {
        "day_span": f"daily rest: {staff_id} works a {h(d.get('span', 0))}-hour day, "
        f"longer than the allowed {h(wt.max_day_span)}-hour span",
        "break": f"break: {staff_id} works {h(d.get('stretch', 0))} hours without a "
        f"{wt.break_length}-minute break",
        "daily_rest": f"daily rest: {staff_id} has under {h(wt.daily_rest)} hours between "
        "working days",
        "weekly_rest": f"weekly rest: {staff_id} has no {h(wt.weekly_rest)} hours of rest in a "
        f"{wt.weekly_rest_days}-day period",
        "weekly_limit": f"{h(wt.weekly_limit)}-hour limit: {staff_id} works "
        f"{h(d.get('minutes', 0))} h against {h(d.get('limit', 0))} h over the reference period",
        "night_limit": f"night work: {staff_id} averages over {h(wt.night_average)} hours a night",
        "contract_hours": f"contract hours: {staff_id} exceeds their {d.get('employer')} contract",
    }[breach.rule]


def _check_objective(problem: dict, solution: dict) -> list[str]:
    """Check the reported objective against an independent recomputation."""
    reported = solution.get("summary", {}).get("objective")
    if reported is None:
        return []
    recomputed = sum(recompute_objective(problem, solution).values())
    if abs(recomputed - reported) > 1e-6 * max(1.0, abs(recomputed)) + 0.01:
        return [f"objective: reported {reported:.2f}, recomputed {recomputed:.2f}"]
    return []
