"""Cover the roster left short: fill what any person can still legally take, explain the rest.

Every candidate is judged by the independent validator's own hard-rule checks on that
person's roster with the shift added, so a reason shown to a manager is the rule that
really stops that person, and "nobody could" means every person in the team was tried.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from optimizer.roster.check.checks import CHECKS, Rota
from optimizer.roster.problem import Assignment, CoverRequirement, Problem

# What each validator check means when it stops a person taking one more shift.
BLOCKERS = {
    "_check_one_shift_per_day": "already working another shift that day",
    "_check_unavailable_days": "on leave or unavailable that day",
    "_check_shift_type_limits": "at their limit of this kind of shift",
    "_check_sites": "not attached to this site",
    "_check_successions": "the shift would follow one it may not follow",
    "_check_total_minutes": "would work more than their contracted hours",
    "_check_weekends": "would work more weekends than allowed",
    "_check_stretches": "would work too many days in a row",
    "_check_fixed_work": "already working elsewhere then",
    "_check_daily_rest": "would not get their daily rest",
    "_check_weekly_rest": "would not get their weekly rest",
    "_check_averaged_limits": "would go over the averaged weekly or night limit",
    "_check_breaks": "the shift is too long for the break it includes",
}
NO_COMPETENCE = "does not hold a valid {competence}"


@dataclass(frozen=True)
class Gap:
    """People still needed on one shift of one day (holding one competence, if any)."""

    day: int
    shift: str
    competence: str | None
    missing: int
    reason: str
    candidates: tuple[tuple[str, str], ...]  # (person, what stops them), nearest first


def shortfalls(problem: Problem, assignments) -> list[tuple[CoverRequirement, int]]:
    """Each cover minimum (the heaviest under-cover weight of its cell) and how many it lacks."""
    heaviest = {}
    for need in problem.cover:
        key = (need.day, need.shift, need.competence)
        if need.under_weight and (
            key not in heaviest or need.under_weight > heaviest[key].under_weight
        ):
            heaviest[key] = need
    out = []
    for need in heaviest.values():
        present = sum(1 for a in assignments if _counts(problem, a, need))
        if present < need.required:
            out.append((need, need.required - present))
    return sorted(out, key=lambda pair: (pair[0].day, pair[0].shift, pair[0].competence or ""))


def _counts(problem: Problem, assignment, need: CoverRequirement) -> bool:
    if assignment.day != need.day or assignment.shift != need.shift:
        return False
    return need.competence is None or _holds(problem, assignment.staff, need.competence, need.day)


def _holds(problem: Problem, staff_id: str, competence: str, day: int) -> bool:
    person = next(p for p in problem.staff if p.id == staff_id)
    when = problem.date_of(day)
    return any(c.id == competence and c.valid_on(when) for c in person.competences)


def blockers(problem: Problem, assignments, staff_id: str, day: int, shift: str) -> list[str]:
    """What stops `staff_id` working `shift` on `day` beside their roster (empty: nothing)."""
    person = next(p for p in problem.staff if p.id == staff_id)
    own = [a for a in assignments if a.staff == staff_id] + [Assignment(staff_id, day, shift)]
    alone = dataclasses.replace(problem, staff=(person,), cover=())
    rota = Rota(alone, own)
    return [
        BLOCKERS.get(check.__name__, check.__name__)
        for check in CHECKS
        if any(True for _ in check(rota))
    ]


def fill(problem: Problem, assignments) -> list[Assignment]:
    """Add people to short shifts while someone can legally take one (no fill left behind)."""
    roster = list(assignments)
    progress = True
    while progress:
        progress = False
        for need, _missing in shortfalls(problem, roster):
            for person in problem.staff:
                if need.competence and not _holds(problem, person.id, need.competence, need.day):
                    continue
                if not blockers(problem, roster, person.id, need.day, need.shift):
                    roster.append(Assignment(person.id, need.day, need.shift))
                    progress = True
                    break
    return sorted(roster)


def explain(problem: Problem, assignments) -> list[Gap]:
    """Why each shortfall is left: every person in the problem is tried against every rule."""
    gaps = []
    for need, missing in shortfalls(problem, assignments):
        tried = []
        for person in problem.staff:
            if need.competence and not _holds(problem, person.id, need.competence, need.day):
                tried.append((person.id, NO_COMPETENCE.format(competence=need.competence), 9))
                continue
            stops = blockers(problem, assignments, person.id, need.day, need.shift)
            tried.append((person.id, "; ".join(stops) or "free to work it", len(stops)))
        tried.sort(key=lambda t: t[2])
        gaps.append(
            Gap(
                need.day,
                need.shift,
                need.competence,
                missing,
                _reason(need, tried),
                tuple((who, why) for who, why, _n in tried[:5]),
            )
        )
    return gaps


def _reason(need: CoverRequirement, tried: list) -> str:
    """The reason in the domain's words, true for every person tried."""
    holders = [t for t in tried if not t[1].startswith("does not hold")]
    if not tried:
        return "nobody is in the team"
    if need.competence and not holders:
        return f"nobody in the team holds a valid {need.competence} that day"
    if any(t[2] == 0 for t in holders):
        return "someone could still work it (the solver ran out of time)"
    common = set.intersection(*(set(t[1].split("; ")) for t in holders))
    who = f"holder of {need.competence}" if need.competence else "person in the team"
    if common:
        return f"every {who} is stopped: " + "; ".join(sorted(common))
    return f"every {who} is stopped by a working-time or contract rule (see candidates)"
