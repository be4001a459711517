"""Ranked fixes: for the worst gaps, the obvious levers, each measured by solving again."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from webapp.services.scenarios.baseline import Baseline
from webapp.services.scenarios.changes import ROLE_GROUPS, Changes

MAX_FIXES = 3  # each is one more solve of the scenario
TRAIN, RECRUIT = 5, 5  # carers trained or recruited by a suggested fix


@dataclass(frozen=True)
class Fix:
    label: str
    levers: dict  # the Changes fields a new scenario sets
    units: int  # how many carers trained, people recruited, or 1 for a policy switch
    unit: str


def candidates(baseline: Baseline, changes: Changes, problem, solution) -> list[Fix]:
    """Levers aimed at the scenario's worst gaps, most promising first."""
    found = [_train_delegation(baseline, problem, solution), _recruit(baseline, problem, solution)]
    if not changes.delegation:
        found.append(Fix("Keep delegating healthcare activities to trained care workers",
                         {"delegation": True}, 1, "policy"))
    if changes.bank_agency_cap_hours is not None:
        found.append(Fix("Lift the bank and agency cap", {"bank_agency_cap_hours": None}, 1,
                         "policy"))
    if not changes.joint_roles:
        found.append(Fix("Keep joint roles across employers", {"joint_roles": True}, 1,
                         "policy"))
    return [f for f in found if f is not None][:MAX_FIXES]


def _train_delegation(baseline: Baseline, problem, solution) -> Fix | None:
    """Sign off more carers where delegated visits go unfilled for want of a delegation."""
    visits = {v.id: v for v in problem.visits}
    short = Counter((visits[u.item].locality, visits[u.item].activity)
                    for u in solution.unfilled
                    if u.reason == "no_delegation" and u.item in visits)
    if not short:
        return None
    (locality, code), _ = short.most_common(1)[0]
    ids = {c: i for (kind, i), c in baseline.names.items() if kind == "code"}
    where = _locality_name(problem, locality)
    return Fix(f"Train {TRAIN} more carers in {baseline.titles.get(code, code)} in {where}",
               {"train_count": TRAIN, "train_competence_id": ids.get(code),
                "train_locality_id": int(locality[1:])}, TRAIN, "carers trained")


def _recruit(baseline: Baseline, problem, solution) -> Fix | None:
    """Recruit care workers where most visits go unfilled for other reasons."""
    visits = {v.id: v for v in problem.visits}
    short = Counter(visits[u.item].locality for u in solution.unfilled
                    if u.item in visits and u.reason != "no_delegation")
    if not short:
        return None
    locality = short.most_common(1)[0][0]
    home = {s.id: s.home_locality for s in problem.staff}
    roles = Counter(r for sid, info in baseline.staff.items() if home.get(sid) == locality
                    for r in info.roles if r in ROLE_GROUPS["hca"][1])
    roles = roles or Counter(r for info in baseline.staff.values() for r in info.roles
                             if r in ROLE_GROUPS["hca"][1])
    if not roles:
        return None
    role = roles.most_common(1)[0][0]
    return Fix(f"Recruit {RECRUIT} more {role.lower()}s in {_locality_name(problem, locality)}",
               {"recruit_count": RECRUIT, "recruit_role": role,
                "recruit_locality_id": int(locality[1:])}, RECRUIT, "people recruited")


def _locality_name(problem, locality: str) -> str:
    return next((x.name for x in problem.localities if x.id == locality), locality)


def ranked(fixes: list[dict]) -> list[dict]:
    """Fixes by visits recovered per unit, then hours per unit, best first."""
    return sorted(fixes, key=lambda f: (-f["visits_per_unit"], -f["hours_per_unit"], f["label"]))
