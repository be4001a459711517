"""What a solve means for the place, as aggregates only: never a member of staff's name."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict

import optimizer.place as engine
from webapp.services.scenarios.levers import REGISTRANT, TEMPORARY

# The engine's reasons that mean a worker was held back by a working-time limit.
WORKING_TIME = frozenset({"weekly_limit", "daily_rest", "weekly_rest", "day_span",
                          "night_limit"})
# Hours at which a visit's window opens, for the usual home-care rounds.
BANDS = ((11, "Morning (before 11:00)"), (14, "Lunch (11:00–14:00)"),
         (18, "Tea (14:00–18:00)"), (24, "Evening (from 18:00)"))
HEADLINES = ("fill_rate", "unmet_visits", "unmet_hours", "cost", "bank_agency_hours",
             "held_back", "continuity", "thin_delegation")


def measure(problem: engine.PlaceProblem, solution: engine.PlaceSolution, titles: dict) -> dict:
    """Headline figures and breakdowns of one solve."""
    gaps = _gaps(problem, solution, titles | {REGISTRANT: "A registered professional"})
    summary = solution.summary
    orgs = {o.id: o.name for o in problem.organisations}
    return {
        "fill_rate": round(summary.fill_rate, 4),
        "unmet_visits": sum(1 for g in gaps if g["kind"] == "visit"),
        "unmet_hours": round(sum(g["hours"] for g in gaps), 1),
        "cost": round(sum(summary.cost_by_funder.values()), 2),
        "bank_agency_hours": _bank_agency_hours(problem, solution),
        "held_back": len({c.staff for u in solution.unfilled for c in u.candidates
                          if c.blocked_by in WORKING_TIME}),
        "continuity": _continuity(problem, solution),
        "thin_delegation": _thin_delegation(problem),
        "by": {key: _breakdown(gaps, key) for key in
               ("locality", "band", "competence", "priority")},
        "cost_by_funder": dict(sorted(summary.cost_by_funder.items())),
        "cost_by_employer": {orgs.get(k, k): v for k, v in summary.cost_by_employer.items()},
        "unfilled_by_reason": dict(summary.unfilled_by_reason),
        "staff": len(problem.staff), "visits": len(problem.visits),
        "positions": sum(c.required for c in problem.cover),
        "validator": summary.validator,
        "repeatable": summary.repeatable,
    }


def _gaps(problem, solution, titles: dict) -> list[dict]:
    """Each unfilled item with where, when, what and how urgent."""
    visits, slots = {v.id: v for v in problem.visits}, {c.id: c for c in problem.cover}
    places = {x.id: x.name for x in problem.localities}
    sites = {s.id: s.locality for s in problem.sites}
    gaps = []
    for u in solution.unfilled:
        if u.item in visits:
            v = visits[u.item]
            code = v.activity or (v.competences[0] if v.competences else "any care worker")
            gaps.append({"kind": "visit", "locality": places.get(v.locality, v.locality),
                         "band": _band(v.earliest_start.hour), "priority": f"P{v.priority}",
                         "competence": titles.get(code, code), "reason": u.reason,
                         "hours": u.missing * v.duration_minutes / 60})
        elif u.item in slots:
            c = slots[u.item]
            gaps.append({"kind": "cover", "locality": places.get(sites.get(c.site), "?"),
                         "band": f"Shift: {c.shift}", "priority": f"P{c.priority}",
                         "competence": titles.get(c.competence, c.competence.replace(
                             "TEAM-", "Team ")), "reason": u.reason,
                         "hours": u.missing * (c.end - c.start).total_seconds() / 3600})
    return gaps


def _band(hour: int) -> str:
    return next(name for until, name in BANDS if hour < until)


def _breakdown(gaps: list[dict], key: str) -> dict:
    rows = defaultdict(lambda: {"visits": 0, "hours": 0.0})
    for g in gaps:
        rows[g[key]]["visits"] += g["kind"] == "visit"
        rows[g[key]]["hours"] = round(rows[g[key]]["hours"] + g["hours"], 1)
    return dict(sorted(rows.items()))


def _bank_agency_hours(problem, solution) -> float:
    temporary = {(s.id, c.employer) for s in problem.staff for c in s.contracts
                 if c.type in TEMPORARY}
    return round(sum((a.end - a.start).total_seconds() / 3600 for a in solution.assignments
                     if (a.staff, a.employer) in temporary), 1)


def _continuity(problem, solution) -> float:
    """Distinct carers a person receiving care sees in a week, on average."""
    person = {v.id: v.person for v in problem.visits}
    seen = defaultdict(set)
    for a in solution.assignments:
        if a.kind == "visit":
            seen[person[a.item]].add(a.staff)
    weeks = max(1, problem.days // 7)
    return round(statistics.fmean(len(s) for s in seen.values()) / weeks, 2) if seen else 0.0


def _thin_delegation(problem) -> int:
    """People with a delegated activity that fewer than two signed-off carers may do."""
    needed = {(v.person, v.activity) for v in problem.visits if v.activity}
    holders = Counter((d.person, d.activity) for s in problem.staff for d in s.delegations
                      if d.status == "active" and d.review_by >= problem.start)
    return len({person for person, activity in needed if holders[(person, activity)] < 2})


def spread(runs: list[dict]) -> dict:
    """Each headline figure's lowest, median and highest value over the seeds' runs."""
    return {key: {"low": min(r[key] for r in runs), "median": statistics.median(
        r[key] for r in runs), "high": max(r[key] for r in runs)} for key in HEADLINES}


def median_run(runs: list[dict]) -> int:
    """The index of the run with the median fill rate (its breakdowns are shown)."""
    order = sorted(range(len(runs)), key=lambda i: (runs[i]["fill_rate"], i))
    return order[(len(order) - 1) // 2]
