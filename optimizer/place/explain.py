"""Why each unfilled visit or cover slot stayed unfilled, computed against the final plan.

Every worker is checked against each rule in turn: competence, delegation, contract,
availability, then (against their final plan) being busy, rest, the 48-hour limit and
contract hours. The first rule at which too few workers remain is the reason; the workers
stopped last are the nearest candidates, and what stopped them suggests the fix.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from optimizer.place.eligibility import Eligibility, weeks
from optimizer.place.problem import PlaceProblem
from optimizer.place.solution import Candidate, Unfilled

WORDS = {
    "busy": "busy with other work then",
    "daily_rest": "would lose their 11 hours' daily rest or exceed the day's span",
    "weekly_rest": "would lose their 24 hours' weekly rest",
    "weekly_limit": "at their 48-hour limit",
    "contract_hours": "at their contract hours",
    "could_fill": "free to take it",
}


class _Ledger:
    """Each worker's final plan: busy periods by day and minutes by employer."""

    def __init__(self, problem: PlaceProblem, assignments):
        self.busy: dict[tuple[str, int], list[tuple[int, int, str | None]]] = defaultdict(list)
        self.minutes: dict[str, Counter] = defaultdict(Counter)
        locality = {v.id: v.locality for v in problem.visits}
        for a in assignments:
            start, end = problem.minute(a.start), problem.minute(a.end)
            self.busy[a.staff, start // 1440].append((start, end, locality.get(a.item)))
            self.minutes[a.staff][a.employer] += end - start


def _fmt(day) -> str:
    """Return a date as '3 Nov'."""
    return f"{day.day} {day.strftime('%b')}"


def _static_stage(problem, eligibility: Eligibility, staff, item, kind) -> tuple[str, str] | None:
    """Return (rule, detail) of the first static rule the worker breaks, or None."""
    start = problem.minute(item.earliest_start if kind == "visit" else item.start)
    day = start // 1440
    codes = item.competences if kind == "visit" else (item.competence,)
    held = eligibility.competences_on(staff.id, day)
    for code in codes:
        if code not in held:
            lapsed = [c.valid_until for c in staff.competences if c.code == code and c.valid_until]
            return "no_competence", f"{code} expired on {_fmt(max(lapsed))}" if lapsed else f"no {code}"
    if kind == "visit" and item.activity:
        if (item.person, item.activity) not in eligibility.delegations_on(staff.id, day):
            mine = [d for d in staff.delegations if (d.person, d.activity) == (item.person, item.activity)]
            if mine:
                d = mine[0]
                detail = f"delegation review date {_fmt(d.review_by)} passed" if d.status == "active" else f"delegation {d.status}"
                return "no_delegation", detail
            return "no_delegation", "no delegation"
    if not eligibility.contracts_for(staff.id, item.employers):
        return "no_contract", "no contract with " + " or ".join(item.employers)
    end = problem.minute(item.latest_start) + item.duration_minutes if kind == "visit" else problem.minute(item.end)
    if not eligibility.free(staff.id, start, end):
        return "unavailable", "on leave or unavailable"
    return None


def _plan_stage(problem, eligibility, ledger: _Ledger, staff, item, kind) -> tuple[str, str]:
    """Return (rule, detail) of the first plan rule that stops the worker, or could_fill."""
    if kind == "visit":
        start, latest = problem.minute(item.earliest_start), problem.minute(item.latest_start)
        length, where = item.duration_minutes, item.locality
    else:
        start = latest = problem.minute(item.start)
        length, where = problem.minute(item.end) - start, None
    day = start // 1440
    mine = ledger.busy.get((staff.id, day), [])
    gap = problem.travel_within_locality_minutes if where else 0
    times = [t for t in [start, latest] + [e + gap for _, e, _ in mine] if start <= t <= latest]
    free = [t for t in times if all(t + length + gap <= s or e + gap <= t for s, e, _ in mine)]
    if not free:
        return "busy", "busy with other work then"
    span = [s for s, _, _ in mine] + [free[0]], [e for _, e, _ in mine] + [free[0] + length]
    if max(span[1]) - min(span[0]) > problem.rules.max_day_span_hours * 60 or not _rest_ok(problem, ledger, staff.id, day, min(span[0]), max(span[1])):
        return "daily_rest", WORDS["daily_rest"]
    used = sum(ledger.minutes[staff.id].values())
    if not staff.wtr_opt_out and used + length > problem.rules.weekly_max_hours * 60 * weeks(problem):
        return "weekly_limit", f"at their 48-hour limit ({used / 60:.1f} h worked)"
    return _contract_stage(problem, ledger, staff, item, length)


def _rest_ok(problem, ledger: _Ledger, staff_id: str, day: int, first: int, last: int) -> bool:
    """Return whether 11 hours' rest remain before and after the day with the item added."""
    rest = problem.rules.daily_rest_hours * 60
    before = ledger.busy.get((staff_id, day - 1), [])
    after = ledger.busy.get((staff_id, day + 1), [])
    return (not before or first - max(e for _, e, _ in before) >= rest) and (
        not after or min(s for s, _, _ in after) - last >= rest
    )


def _contract_stage(problem, ledger, staff, item, length) -> tuple[str, str]:
    """Return contract_hours with the hours free on each contract, or could_fill."""
    scale = 60 * weeks(problem)
    free = {c.employer: c.hours_per_week_max * scale - ledger.minutes[staff.id][c.employer] for c in staff.contracts}
    if any(free[e] >= length for e in item.employers if e in free):
        return "could_fill", "could take it in this plan"
    parts = [f"their {e} contract has {max(0.0, m) / 60:.1f} h free" for e, m in free.items()]
    return "contract_hours", "has used their contract hours for " + "/".join(item.employers) + "; " + ", ".join(parts)


def _fix(rule: str, name: str, detail: str, item, kind) -> str:
    """Return the change that would let this worker fill the item."""
    what = {
        "no_competence": f"train or renew {name}'s competence ({detail})",
        "no_delegation": f"delegate {getattr(item, 'activity', '')} for {getattr(item, 'person', '')} to {name} ({detail})",
        "no_contract": f"offer {name} a bank contract with {item.employers[0]}",
        "unavailable": f"ask {name} to change their leave",
        "busy": f"widen the visit window or move {name}'s other work",
        "daily_rest": f"move {name}'s work on the next or previous day",
        "weekly_rest": f"move {name}'s day off",
        "weekly_limit": f"{name} would need to opt out of the 48-hour limit",
        "contract_hours": f"extend {name}'s {item.employers[0]} contract or allow overtime",
        "could_fill": f"re-solve with more time: {name} is free",
    }
    return what[rule]


def explain_unfilled(problem: PlaceProblem, assignments, limit_candidates: int = 3) -> list[Unfilled]:
    """Return an `Unfilled` entry, with reason, candidates and fixes, for every item left short.

    Args:
        problem: the place problem.
        assignments: the final plan.
        limit_candidates: nearest candidates reported per item.

    Returns:
        One entry per unfilled visit or cover slot.
    """
    eligibility, ledger = Eligibility(problem), _Ledger(problem, assignments)
    count = Counter(a.item for a in assignments)
    assigned = defaultdict(set)
    for a in assignments:
        assigned[a.item].add(a.staff)
    result = []
    items = [(c, "cover", c.required) for c in problem.cover] + [(v, "visit", v.carers) for v in problem.visits]
    for item, kind, need in items:
        missing = need - count[item.id] if kind == "cover" or count[item.id] < need else 0
        if missing > 0:
            result.append(_explain_one(problem, eligibility, ledger, item, kind, need, missing, assigned[item.id], limit_candidates))
    return result


def _explain_one(problem, eligibility, ledger, item, kind, need, missing, already, limit) -> Unfilled:
    """Explain one unfilled item by running every worker through the rules."""
    stopped: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for staff in problem.staff:
        if staff.id in already:
            continue
        verdict = _static_stage(problem, eligibility, staff, item, kind)
        if verdict is None:
            verdict = _plan_stage(problem, eligibility, ledger, staff, item, kind)
        stopped[verdict[0]].append((staff.id, verdict[1]))
    order = ["no_competence", "no_delegation", "no_contract", "unavailable"]
    passed = sum(len(v) for k, v in stopped.items() if k not in order)
    rule = next((r for i, r in enumerate(order) if sum(len(stopped[o]) for o in order[i + 1:]) + passed < need and stopped[r]), None)
    if rule is None:
        plan_rules = Counter({k: len(v) for k, v in stopped.items() if k not in order})
        rule = plan_rules.most_common(1)[0][0] if plan_rules else "no_competence"
    near = stopped[rule][:limit]
    candidates = tuple(Candidate(s, rule, d) for s, d in near)
    fixes = tuple(_fix(rule, s, d, item, kind) for s, d in near) or (_generic_fix(rule, item, kind),)
    return Unfilled(item.id, kind, missing, rule, _sentence(rule, stopped, item, kind, passed), candidates, fixes)


def _generic_fix(rule: str, item, kind) -> str:
    """Return a fix when no worker is even near."""
    if rule == "no_delegation":
        return f"delegate {item.activity} for {item.person} to a carer in {item.locality}"
    code = item.competence if kind == "cover" else ", ".join(item.competences)
    return f"train a worker in {code} or book bank or agency staff"


def _sentence(rule, stopped, item, kind, passed) -> str:
    """Return the reason in domain words."""
    if rule == "no_delegation":
        lapsed = [d for _, d in stopped[rule] if "passed" in d]
        dates = sorted({d.split("date ")[1].replace(" passed", "") for d in lapsed})
        text = f"no carer holds an active {item.activity} delegation for this person"
        return text + (f"; {len(lapsed)} delegations expired on {', '.join(dates)}" if lapsed else "")
    if rule == "no_competence":
        code = item.competence if kind == "cover" else ", ".join(item.competences)
        return f"no available worker holds a valid {code}"
    if rule == "no_contract":
        return f"qualified workers have no contract with {' or '.join(item.employers)}"
    if rule == "unavailable":
        return "every qualified worker is on leave or unavailable"
    blocked = Counter({k: len(v) for k, v in stopped.items() if k in WORDS})
    parts = [f"{n} {WORDS[k]}" for k, n in blocked.most_common()]
    if rule == "contract_hours" and stopped[rule]:
        parts.append(f"e.g. {stopped[rule][0][0]} {stopped[rule][0][1]}")
    return f"all {passed} eligible workers are blocked: " + "; ".join(parts)
