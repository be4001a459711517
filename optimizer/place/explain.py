"""Why each unfilled visit or cover slot stayed unfilled, computed against the final plan.

Every worker is checked against each rule in turn: competence, delegation, contract,
availability, then (against their final plan) being busy, rest, the 48-hour limit and
contract hours. The first rule at which too few workers remain is the reason; the workers
stopped last are the nearest candidates, and what stopped them suggests the fix.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict

from optimizer.kernel import DAY, MINUTES_PER_HOUR, ORDER
from optimizer.place.eligibility import Eligibility, weeks
from optimizer.place.plans import Plans
from optimizer.place.problem import PlaceProblem
from optimizer.place.solution import Candidate, Unfilled

WORDS = {
    "busy": "busy with other work then (travel included)",
    "day_span": "would work more than a 13-hour day",
    "daily_rest": "would lose their 11 hours' daily rest",
    "weekly_rest": "would lose their 24 hours' weekly rest",
    "break": "would work over 6 hours without a 20-minute break",
    "night_limit": "at the night workers' 8-hour average",
    "weekly_limit": "at their 48-hour limit",
    "contract_hours": "at their contract hours",
    "could_fill": "free to take it",
}


def _fmt(day) -> str:
    """Return a date as '3 Nov'."""
    return f"{day.day} {day.strftime('%b')}"


def _window(problem: PlaceProblem, item, kind) -> tuple[int, int, int]:
    """Return (first minute, last minute, minutes of work) the item may occupy."""
    if kind == "visit":
        start = problem.minute(item.earliest_start)
        latest = problem.minute(item.latest_start)
        return start, latest + item.duration_minutes, item.duration_minutes
    start, end = problem.minute(item.start), problem.minute(item.end)
    return start, end, end - start


def _static_funnel(problem, eligibility: Eligibility, item, kind, already) -> tuple[dict, set[str]]:
    """Return who each static rule stops (competence, delegation, contract, leave), who passes."""
    start, end, _ = _window(problem, item, kind)
    by_code, by_delegation = eligibility.day_index(start // DAY)
    everyone = set(eligibility.staff) - set(already)
    passing = set(everyone)
    for code in item.competences if kind == "visit" else (item.competence,):
        passing &= by_code.get(code, set())
    stopped = {"no_competence": everyone - passing}
    if kind == "visit" and item.activity:
        delegated = passing & by_delegation.get((item.person, item.activity), set())
        stopped["no_delegation"], passing = passing - delegated, delegated
    contracted = passing & eligibility.employer_set(item.employers)
    stopped["no_contract"], passing = passing - contracted, contracted
    free = {n for n in passing if eligibility.free(n, start, end)}
    stopped["unavailable"] = passing - free
    return stopped, free


def _near_static(
    problem, eligibility: Eligibility, rule, names, item, kind
) -> list[tuple[str, str]]:
    """Return (worker, detail) for the workers a static rule stopped, nearest first."""
    day = problem.date_of_day(_window(problem, item, kind)[0] // DAY)
    near = []
    for name in sorted(names):
        staff = eligibility.staff[name]
        if rule == "no_competence":
            codes = item.competences if kind == "visit" else (item.competence,)
            lapsed = [
                c
                for c in staff.competences
                if c.code in codes and c.valid_until and c.valid_until < day
            ]
            if lapsed:
                near.append((name, f"{lapsed[0].code} expired on {_fmt(lapsed[0].valid_until)}"))
        elif rule == "no_delegation":
            for d in staff.delegations:
                if (d.person, d.activity) == (item.person, item.activity):
                    text = (
                        f"delegation review date {_fmt(d.review_by)} passed"
                        if d.status == "active"
                        else f"delegation {d.status}"
                    )
                    near.append((name, text))
        else:
            near.append(
                (
                    name,
                    "no contract with " + " or ".join(item.employers)
                    if rule == "no_contract"
                    else "on leave or unavailable",
                )
            )
    return near


CHECKED = 15  # eligible workers checked against the plan per item, nearest first
LATE_CHECKED = 3  # the same once the time for explanations has run out


def _nearest(problem, ledger: Plans, item, kind, names) -> list[str]:
    """Order eligible workers: not busy during the item first, then those working nearby."""
    start, end, _ = _window(problem, item, kind)
    where = item.locality if kind == "visit" else None

    def key(name: str) -> tuple:
        today = ledger.days[name].get(start // DAY, ())
        busy = any(w.start < end and start < w.end for w in today)
        return (busy, not any(w.locality == where for w in today), name)

    return sorted(names, key=key)


STAGES = (*ORDER, "ok")


def _starts(problem, plans: Plans, staff, item, kind) -> list[int]:
    """Return start times to test: the window's ends and middle, and just after other work."""
    if kind == "cover":
        return [problem.minute(item.start)]
    earliest, latest = problem.minute(item.earliest_start), problem.minute(item.latest_start)
    times = {earliest, latest, (earliest + latest) // 2}
    for w in plans.days[staff.id].get(earliest // DAY, ()):
        leg = problem.travel_minutes(w.locality, item.locality) if w.locality else 0
        times.add(w.end + leg)
    return sorted(t for t in times if earliest <= t <= latest)


def _plan_stage(problem, eligibility, plans: Plans, staff, item, kind) -> tuple[str, str]:
    """Return (rule, detail) of the furthest plan rule that stops the worker, or could_fill."""
    best = "busy"
    for start in _starts(problem, plans, staff, item, kind):
        end = start + (
            item.duration_minutes if kind == "visit" else problem.minute(item.end) - start
        )
        for k in eligibility.contracts_for(staff.id, item.employers):
            work = plans.piece(item.id, kind, start, end, staff.contracts[k].employer)
            rule, _ = plans.check(staff, work)
            if STAGES.index(rule) > STAGES.index(best):
                best = rule
    if best == "ok":
        return "could_fill", WORDS["could_fill"]
    if best == "weekly_limit":
        used = sum(plans.minutes_by_employer(staff.id).values()) / 60
        return best, f"at their 48-hour limit ({used:.1f} h worked across employers)"
    if best == "contract_hours":
        return best, _contract_detail(problem, plans, staff, item)
    return best, WORDS[best]


def _contract_detail(problem, plans: Plans, staff, item) -> str:
    """Say which contracts are used up and how many hours the others have free."""
    used, scale = plans.minutes_by_employer(staff.id), MINUTES_PER_HOUR * weeks(problem)
    free = {
        c.employer: max(0.0, c.hours_per_week_max * scale - used[c.employer]) / 60
        for c in staff.contracts
    }
    parts = [f"their {e} contract has {h:.1f} h free" for e, h in free.items()]
    return "has used their contract hours for " + "/".join(item.employers) + "; " + ", ".join(parts)


def _fix(rule: str, name: str, detail: str, item, kind) -> str:
    """Return the change that would let this worker fill the item."""
    what = {
        "no_competence": f"train or renew {name}'s competence ({detail})",
        "no_delegation": f"delegate {getattr(item, 'activity', '')} for "
        f"{getattr(item, 'person', '')} to {name} ({detail})",
        "no_contract": f"offer {name} a bank contract with {item.employers[0]}",
        "unavailable": f"ask {name} to change their leave",
        "busy": f"widen the visit window or move {name}'s other work"
        if kind == "visit"
        else f"swap {name}'s other work that day",
        "day_span": f"shorten {name}'s day: move their first or last visit",
        "daily_rest": f"move {name}'s work on the next or previous day",
        "weekly_rest": f"move {name}'s day off",
        "break": f"leave {name} a break between visits",
        "night_limit": f"give {name} fewer nights",
        "weekly_limit": f"{name} would need to opt out of the 48-hour limit",
        "contract_hours": f"extend {name}'s {item.employers[0]} contract or allow overtime",
        "could_fill": f"re-solve with more time: {name} is free",
    }
    return what[rule]


def explain_unfilled(
    problem: PlaceProblem, assignments, limit_candidates: int = 3, eligibility=None, seconds=60.0
) -> list[Unfilled]:
    """Return an `Unfilled` entry, with reason, candidates and fixes, for every item left short.

    Args:
        problem: the place problem.
        assignments: the final plan.
        limit_candidates: nearest candidates reported per item.
        eligibility: cached static facts, built if not given.
        seconds: after this, fewer workers per item are checked against the plan.

    Returns:
        One entry per unfilled visit or cover slot.
    """
    deadline = time.monotonic() + seconds
    eligibility = eligibility or Eligibility(problem)
    ledger = Plans(problem, eligibility.staff, assignments)
    count = Counter(a.item for a in assignments)
    assigned = defaultdict(set)
    for a in assignments:
        assigned[a.item].add(a.staff)
    result = []
    items = [(c, "cover", c.required) for c in problem.cover] + [
        (v, "visit", v.carers) for v in problem.visits
    ]
    for item, kind, need in items:
        missing = need - count[item.id] if kind == "cover" or count[item.id] < need else 0
        if missing > 0:
            result.append(
                _explain_one(
                    problem,
                    eligibility,
                    ledger,
                    item,
                    kind,
                    need,
                    missing,
                    assigned[item.id],
                    limit_candidates,
                    CHECKED if time.monotonic() < deadline else LATE_CHECKED,
                )
            )
    return result


def _explain_one(
    problem, eligibility, ledger, item, kind, need, missing, already, limit, checked=CHECKED
) -> Unfilled:
    """Explain one unfilled item by running every worker through the rules."""
    stopped, passing = _static_funnel(problem, eligibility, item, kind, already)
    planned: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for name in _nearest(problem, ledger, item, kind, passing)[:checked]:
        rule, detail = _plan_stage(
            problem, eligibility, ledger, eligibility.staff[name], item, kind
        )
        planned[rule].append((name, detail))
    order = ["no_competence", "no_delegation", "no_contract", "unavailable"]
    survivors = [
        sum(len(stopped.get(o, ())) for o in order[i + 1 :]) + len(passing)
        for i in range(len(order))
    ]
    rule = next(
        (r for r, left in zip(order, survivors, strict=True) if stopped.get(r) and left < need),
        None,
    )
    if rule is None:
        rule = (
            Counter({k: len(v) for k, v in planned.items()}).most_common(1)[0][0]
            if planned
            else "no_competence"
        )
    near = (
        planned[rule]
        if rule in planned
        else _near_static(problem, eligibility, rule, stopped.get(rule, ()), item, kind)
    )
    near = near[:limit]
    candidates = tuple(Candidate(s, rule, d) for s, d in near)
    fixes = tuple(_fix(rule, s, d, item, kind) for s, d in near) or (
        _generic_fix(rule, item, kind),
    )
    return Unfilled(
        item.id,
        kind,
        missing,
        rule,
        _sentence(rule, planned, near, item, kind, len(passing)),
        candidates,
        fixes,
    )


def _generic_fix(rule: str, item, kind) -> str:
    """Return a fix when no worker is even near."""
    if rule == "no_delegation":
        return f"delegate {item.activity} for {item.person} to a carer in {item.locality}"
    code = item.competence if kind == "cover" else ", ".join(item.competences)
    return f"train a worker in {code} or book bank or agency staff"


def _sentence(rule, planned, near, item, kind, passed) -> str:
    """Return the reason in domain words."""
    if rule == "no_delegation":
        dates = sorted(
            {d.split("date ")[1].replace(" passed", "") for _, d in near if "passed" in d}
        )
        lapsed = sum(1 for _, d in near if "passed" in d)
        text = f"no carer holds an active {item.activity} delegation for this person"
        return text + (f"; {lapsed} delegations expired on {', '.join(dates)}" if lapsed else "")
    if rule == "no_competence":
        code = item.competence if kind == "cover" else ", ".join(item.competences)
        return f"no available worker holds a valid {code}"
    if rule == "no_contract":
        return f"qualified workers have no contract with {' or '.join(item.employers)}"
    if rule == "unavailable":
        return "every qualified worker is on leave or unavailable"
    blocked = Counter({k: len(v) for k, v in planned.items()})
    parts = [f"{n} {WORDS[k]}" for k, n in blocked.most_common()]
    if rule == "contract_hours" and planned[rule]:
        parts.append(f"e.g. {planned[rule][0][0]} {planned[rule][0][1]}")
    checked = sum(blocked.values())
    scope = (
        f"all {passed} eligible workers"
        if checked == passed
        else (f"the {checked} nearest of {passed} eligible workers")
    )
    return f"{scope} are blocked: " + "; ".join(parts)
