"""Each change a scenario makes, applied to the baseline's solver input: one function per lever.

Every lever draws from its own random stream, seeded by the run's seed and the lever's name,
so the same seed gives the same sample and adding one lever never reshuffles another's.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from datetime import datetime, time, timedelta

import optimizer.place as engine
from webapp.services.scenarios.baseline import Baseline, ScenarioError
from webapp.services.scenarios.changes import ROLE_GROUPS, Changes

REGISTRANT = "REGISTERED-PROFESSIONAL"  # held by staff with a professional registration
TEMPORARY = ("bank", "agency")
Problem = engine.PlaceProblem


def apply(baseline: Baseline, changes: Changes, seed: int) -> Problem:
    """The baseline's problem with every change made (the same seed, the same problem)."""
    problem = baseline.problem
    for lever in LEVERS:
        problem = lever(problem, baseline, changes, random.Random(f"{lever.__name__}/{seed}"))
    return problem


def renew(problem: Problem, baseline: Baseline, changes: Changes, rng) -> Problem:
    """Unless renewals lapse, entries and delegation reviews due in the period are renewed."""
    if changes.renewals_lapse:
        return problem
    first, last = problem.start, baseline.end
    return _each_staff(problem, lambda s: dataclasses.replace(
        s, competences=tuple(dataclasses.replace(c, valid_until=None)
                             if c.valid_until and first <= c.valid_until <= last else c
                             for c in s.competences),
        delegations=tuple(dataclasses.replace(d, review_by=last)
                          if first <= d.review_by < last else d for d in s.delegations)))


def drop_joint_roles(problem: Problem, baseline: Baseline, changes: Changes, rng) -> Problem:
    """Joint roles off: each worker keeps only the contract with the most hours."""
    if changes.joint_roles:
        return problem
    return _each_staff(problem, lambda s: dataclasses.replace(
        s, contracts=(max(s.contracts, key=lambda c: c.hours_per_week),)))


def stop_delegation(problem: Problem, baseline: Baseline, changes: Changes, rng) -> Problem:
    """Delegation off: a delegated activity's visit needs a registered professional instead."""
    if changes.delegation:
        return problem
    registrants = {sid for sid, info in baseline.staff.items() if info.registrant}
    employers = tuple(dict.fromkeys(c.employer for s in problem.staff if s.id in registrants
                                    for c in s.contracts))
    visits = tuple(dataclasses.replace(
        v, activity=None, competences=(REGISTRANT,),
        employers=tuple(dict.fromkeys(v.employers + employers))) if v.activity else v
        for v in problem.visits)
    since = problem.start - timedelta(days=1)
    problem = _each_staff(problem, lambda s: dataclasses.replace(
        s, competences=s.competences + (engine.Competence(REGISTRANT, since),))
        if s.id in registrants else s)
    return dataclasses.replace(problem, visits=visits)


def lose_staff(problem: Problem, baseline: Baseline, changes: Changes, rng) -> Problem:
    """Lose a share of the staff of a role and sector, sampled; refuse to empty a team."""
    if not changes.staff_loss_pct:
        return problem
    pool = [s.id for s in problem.staff if s.id in baseline.staff
            and matches(baseline.staff[s.id], changes.staff_loss_role, changes.staff_loss_sector)]
    lost = set(rng.sample(pool, round(len(pool) * changes.staff_loss_pct / 100)))
    _refuse_empty_teams(baseline, lost, changes)
    staff = tuple(s for s in problem.staff if s.id not in lost)
    visits = tuple(dataclasses.replace(v, preferred_carers=tuple(
        c for c in v.preferred_carers if c not in lost)) for v in problem.visits)
    return dataclasses.replace(problem, staff=staff, visits=visits)


def matches(info, role: str, sector: str) -> bool:
    """Whether a worker is of this role group (or job role) and sector."""
    wanted = (role[5:],) if role.startswith("role:") else ROLE_GROUPS[role][1]
    return (not wanted or bool(set(wanted) & set(info.roles))) and \
        (sector == "any" or sector in info.sectors)


def _refuse_empty_teams(baseline: Baseline, lost: set[str], changes: Changes) -> None:
    members = {}
    for sid, info in baseline.staff.items():
        for team in info.teams:
            members.setdefault(team, set()).add(sid)
    for team, people in sorted(members.items()):
        if people and people <= lost:
            raise ScenarioError(
                f"Losing {changes.staff_loss_pct:g}% of those staff leaves "
                f"{baseline.team_names.get(team, 'a team')} with nobody: lower the loss or "
                "narrow its role or sector")


def hold_back_absence(problem: Problem, baseline: Baseline, changes: Changes, rng) -> Problem:
    """Absence headroom: each staff-day is lost to sickness or training with this chance."""
    if not changes.absence_headroom_pct:
        return problem
    share = changes.absence_headroom_pct / 100

    def absent(s):
        days = [d for d in range(problem.days) if rng.random() < share]
        away = tuple(engine.Unavailability(
            datetime.combine(problem.date_of_day(d), time()),
            datetime.combine(problem.date_of_day(d), time()) + timedelta(days=1), "absence")
            for d in days)
        return dataclasses.replace(s, unavailable=s.unavailable + away)

    return _each_staff(problem, absent)


def cap_bank_agency(problem: Problem, baseline: Baseline, changes: Changes, rng) -> Problem:
    """Cap a week's bank and agency hours: their contracts' limits shrink in proportion."""
    cap = changes.bank_agency_cap_hours
    total = sum(c.hours_per_week_max for s in problem.staff for c in s.contracts
                if c.type in TEMPORARY)
    if cap is None or total <= cap:
        return problem
    factor = cap / total

    def shrink(c):
        if c.type not in TEMPORARY:
            return c
        most = round(c.hours_per_week_max * factor, 2)
        return dataclasses.replace(c, hours_per_week_max=most,
                                   hours_per_week=min(c.hours_per_week, most))

    return _each_staff(problem, lambda s: dataclasses.replace(
        s, contracts=tuple(shrink(c) for c in s.contracts)))


def grow_demand(problem: Problem, baseline: Baseline, changes: Changes, rng) -> Problem:
    """Demand grows: new people with the same needs as a sample of today's, and more cover."""
    if not changes.demand_growth_pct:
        return problem
    share = changes.demand_growth_pct / 100
    visits = [v for v in problem.visits if _in_scope(changes, baseline.visit_teams.get(v.id),
                                                     v.locality)]
    extra = tuple(dataclasses.replace(v, id=f"{v.id}+g{n}", person=f"{v.person}+g",
                                      preferred_carers=())
                  for n, v in enumerate(rng.sample(visits, round(len(visits) * share))))
    sites = {s.id: s for s in problem.sites}
    slots = [c for c in problem.cover if _in_scope(changes, int(c.site[1:]),
                                                   sites[c.site].locality)]
    more = {c.id for c in rng.sample(slots, round(len(slots) * share))}
    cover = tuple(dataclasses.replace(c, required=c.required + 1) if c.id in more else c
                  for c in problem.cover)
    return dataclasses.replace(problem, visits=problem.visits + extra, cover=cover)


def _in_scope(changes: Changes, team_id: int | None, locality: str) -> bool:
    team, where = changes.demand_growth_team_id, changes.demand_growth_locality_id
    return (team is None or team == team_id) and (where is None or locality == f"l{where}")


def train(problem: Problem, baseline: Baseline, changes: Changes, rng) -> Problem:
    """Train carers who lack it in a competence, or sign them off for a delegated activity."""
    code = baseline.names.get(("code", changes.train_competence_id))
    if not changes.train_count or code is None:
        return problem
    where = changes.train_locality_id
    pool = [s.id for s in problem.staff if s.id in baseline.staff
            and matches(baseline.staff[s.id], "hca", "any")
            and (where is None or s.home_locality == f"l{where}")
            and all(c.code != code for c in s.competences)]
    chosen = set(rng.sample(pool, min(changes.train_count, len(pool))))
    people = sorted({v.person for v in problem.visits if v.activity == code
                     and (where is None or v.locality == f"l{where}")})
    since = problem.start - timedelta(days=1)
    return _each_staff(problem, lambda s: dataclasses.replace(
        s, competences=s.competences + (engine.Competence(code, since),),
        delegations=s.delegations + tuple(engine.Delegation(p, code, baseline.end)
                                          for p in people)) if s.id in chosen else s)


def recruit(problem: Problem, baseline: Baseline, changes: Changes, rng) -> Problem:
    """New starters of a role, modelled on the first of that role (in the locality if any)."""
    if not changes.recruit_count:
        return problem
    home = f"l{changes.recruit_locality_id}" if changes.recruit_locality_id else None
    like = [s for s in problem.staff if changes.recruit_role in
            baseline.staff.get(s.id, _NOBODY).roles]
    if not like:
        raise ScenarioError(f"Nobody at the place is a {changes.recruit_role} to model "
                            "recruits on: choose another role")
    model = next((s for s in like if s.home_locality == home), like[0])
    fresh = tuple(dataclasses.replace(
        model, id=f"snew{n}", name=f"Recruit {n}", home_locality=home or model.home_locality,
        contracts=model.contracts[:1], delegations=(), unavailable=(),
        **({"fixed_work": ()} if hasattr(model, "fixed_work") else {}))
        for n in range(1, changes.recruit_count + 1))
    return dataclasses.replace(problem, staff=problem.staff + fresh)


def _each_staff(problem: Problem, change: Callable) -> Problem:
    return dataclasses.replace(problem, staff=tuple(change(s) for s in problem.staff))


_NOBODY = dataclasses.make_dataclass("Nobody", [("roles", tuple, ())])()
LEVERS = (renew, drop_joint_roles, stop_delegation, lose_staff, hold_back_absence,
          cap_bank_agency, grow_demand, train, recruit)
