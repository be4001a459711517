"""Why each unfilled visit or cover slot stayed unfilled, computed against the final plan.

Every worker is checked against each rule in turn: competence, delegation, contract,
availability, then (against their final plan, at every start that matters) being busy, the
day's span, breaks, rest, the hours limits and contract hours. A static rule is the reason
when it leaves fewer workers than are missing. Otherwise a worker who could take the item
makes the reason "could fill" (for a double-up, only when enough are free at one start);
failing that, the rule that stops most workers is the reason. A deadline bounds the checks,
and the words say when it cut them short.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from optimizer.kernel import DAY, MINUTES_PER_HOUR
from optimizer.place.budget import deadline
from optimizer.place.eligibility import Eligibility, weeks
from optimizer.place.problem import PlaceProblem
from optimizer.place.solution import Candidate, Unfilled
from optimizer.place.whole.explain_fixed import fixed_detail
from optimizer.place.whole.explain_words import fix, generic_fix, sentence, words
from optimizer.place.whole.insertion import STAGES, able_at, best_stage, window
from optimizer.place.whole.plans import Plans

STATIC = ("no_competence", "no_delegation", "no_contract", "unavailable")


def _fmt(day) -> str:
    """Return a date as '3 Nov'."""
    return f"{day.day} {day.strftime('%b')}"


def _window(problem: PlaceProblem, item, kind) -> tuple[int, int, int]:
    """Return (first minute, last minute, minutes of work) the item may occupy."""
    if kind == "visit":
        start = problem.minute(item.earliest_start)
        latest = problem.minute(item.last_start)
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
    if kind == "visit":  # away for part of the window: the visit may start around it
        free = {n for n in passing if eligibility.free_for_visit(n, item)}
    else:
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


def _nearest(problem, ledger: Plans, item, kind, names) -> list[str]:
    """Order eligible workers: not busy during the item first, then those working nearby."""
    start, end, _ = _window(problem, item, kind)
    where = item.locality if kind == "visit" else None

    def key(name: str) -> tuple:
        today = ledger.days[name].get(start // DAY, ())
        busy = any(w.start < end and start < w.end for w in today)
        near = any(problem.travel_source.locality(w.locality or "") == where for w in today)
        return (busy, not near, name)

    return sorted(names, key=key)


def _plan_stage(plans: Plans, staff, item, kind) -> tuple[str, str]:
    """Return (rule, detail) of the furthest rule that stops the worker, or could_fill."""
    best, when = best_stage(plans, staff, item, kind)
    said = words(plans.wt)
    if best == "ok":
        return "could_fill", said["could_fill"]
    date = lambda m: _fmt(plans.problem.date_of_day(m // DAY))  # noqa: E731 - the words' dates
    detail = fixed_detail(plans, staff, item, kind, best, when, date)
    if detail is not None:
        return best, detail
    if best == "weekly_limit":
        used = sum(plans.minutes_by_employer(staff.id).values()) / MINUTES_PER_HOUR
        return best, f"{said[best]} ({used:.1f} h worked across employers)"
    if best == "contract_hours":
        return best, _contract_detail(plans, staff, item)
    return best, said[best]


def _tied_out(ledger: Plans, item) -> bool:
    """Return whether no start of the visit keeps its gaps to the visits planned."""
    earliest, last, _ = window(ledger, item, "visit")
    return earliest > last


def _contract_detail(plans: Plans, staff, item) -> str:
    """Say which contracts are used up and how many hours the others have free."""
    used, scale = plans.minutes_by_employer(staff.id), MINUTES_PER_HOUR * weeks(plans.problem)
    free = {
        c.employer: max(0.0, c.hours_per_week_max * scale - used[c.employer]) / MINUTES_PER_HOUR
        for c in staff.contracts
    }
    parts = [f"their {e} contract has {h:.1f} h free" for e, h in free.items()]
    return "has used their contract hours for " + "/".join(item.employers) + "; " + ", ".join(parts)


def explain_unfilled(
    problem: PlaceProblem, assignments, limit_candidates: int = 3, eligibility=None, seconds=60.0
) -> list[Unfilled]:
    """Return an `Unfilled` entry, with reason, candidates and fixes, for every item left short.

    Args:
        problem: the place problem.
        assignments: the final plan.
        limit_candidates: nearest candidates reported per item.
        eligibility: cached static facts, built if not given.
        seconds: the deadline for checking workers against the plan (seconds, or a
            `Deadline`, which may count checks); reasons given after it rest on the workers
            checked, and say so.

    Returns:
        One entry per unfilled visit or cover slot.
    """
    until = deadline(seconds)
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
            context = (eligibility, ledger, item, kind, missing, assigned[item.id])
            result.append(_explain_one(problem, context, limit_candidates, until))
    return result


def _check_workers(ledger: Plans, eligibility, item, kind, names, until):
    """Return ({rule: [(worker, detail)]}, cut) over the workers checked before the deadline."""
    planned: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for name in names:
        if until.passed():
            return planned, True
        rule, detail = _plan_stage(ledger, eligibility.staff[name], item, kind)
        planned[rule].append((name, detail))
    return planned, False


def _could_fill(ledger, eligibility, item, kind, missing, planned) -> str | None:
    """Return could_fill when enough free workers can go together, no_second_carer when not."""
    free = [name for name, _ in planned.get("could_fill", ())]
    if not free:
        return None
    if kind == "cover" or missing == 1:
        return "could_fill"
    together = able_at(ledger, eligibility, item, kind, free, missing)
    return "could_fill" if together else "no_second_carer"


def _explain_one(problem, context, limit, until) -> Unfilled:
    """Explain one unfilled item by running every worker through the rules."""
    eligibility, ledger, item, kind, missing, already = context
    if kind == "visit" and _tied_out(ledger, item):
        text = sentence("visit_gap", {}, (), item, kind, 0, False, ledger.wt)
        return Unfilled(item.id, kind, missing, "visit_gap", text, (),
                        (generic_fix("visit_gap", item, kind),))
    stopped, passing = _static_funnel(problem, eligibility, item, kind, already)
    survivors = [
        sum(len(stopped.get(o, ())) for o in STATIC[i + 1 :]) + len(passing)
        for i in range(len(STATIC))
    ]
    rule = next(
        (r for r, left in zip(STATIC, survivors, strict=True) if stopped.get(r) and left < missing),
        None,
    )
    planned: dict = {}
    cut = False
    if rule is None:
        order = _nearest(problem, ledger, item, kind, passing)
        planned, cut = _check_workers(ledger, eligibility, item, kind, order, until)
        rule = _could_fill(ledger, eligibility, item, kind, missing, planned)
    if rule == "no_second_carer":
        planned["no_second_carer"] = planned.pop("could_fill")
    if rule is None:
        blocked = Counter({k: len(v) for k, v in planned.items()})
        rule = min(blocked, key=lambda k: (-blocked[k], STAGES.index(k))) if blocked else None
    rule = rule or ("not_checked" if cut else "no_competence")
    near = planned.get(rule) or _near_static(
        problem, eligibility, rule, stopped.get(rule, ()), item, kind
    )
    near = near[:limit]
    wt = ledger.wt
    candidates = tuple(Candidate(s, rule, d) for s, d in near)
    fixes = tuple(fix(rule, s, d, item, kind, wt) for s, d in near) or (
        generic_fix(rule, item, kind),
    )
    left = survivors[STATIC.index(rule)] if rule in STATIC else len(passing)
    text = sentence(rule, planned, near, item, kind, left, cut, wt)
    if rule in STATIC and left:
        text += f" (only {left} could be considered, {missing} needed)"
    return Unfilled(item.id, kind, missing, rule, text, candidates, fixes)
