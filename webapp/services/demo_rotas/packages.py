"""People receiving care where they live, and their care packages of recurring visits."""

import math
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, select

from webapp.models import Delegation, DelegationStatus, PersonReceivingCare
from webapp.models.demand import CarePackage, CareVisitPlan, PreferredCarer, Team
from webapp.services.demo_rotas import data

KM_PER_DEGREE = 111.2


@dataclass
class HomeCare:
    """What the package builder needs to know about one home-care team."""

    team: Team
    members: list[int]  # staff member ids
    target_visits: int  # visits a week to plan for it

    def __post_init__(self):
        self.member_set = frozenset(self.members)


def locality_centres(place_name: str, localities) -> dict[int, tuple[float, float]]:
    """Put each locality's centre at its compass offset from the place's town centre."""
    lat, lon = data.PLACE_CENTRES.get(place_name.removesuffix(" Place"), data.FALLBACK_CENTRE)
    centres = {}
    for n, loc in enumerate(localities):
        north, east = data.LOCALITY_OFFSETS_KM.get(loc.name, (4.0 * n, -3.0 * n))
        centres[loc.id] = (lat + north / KM_PER_DEGREE,
                           lon + east / (KM_PER_DEGREE * math.cos(math.radians(lat))))
    return centres


def scatter(rng: random.Random, centre: tuple[float, float]) -> tuple[float, float]:
    """A point drawn evenly from the disc of SCATTER_KM around a centre."""
    distance = data.SCATTER_KM * math.sqrt(rng.random())
    angle = rng.uniform(0, 2 * math.pi)
    lat, lon = centre
    return (round(lat + distance * math.cos(angle) / KM_PER_DEGREE, 6),
            round(lon + distance * math.sin(angle)
                  / (KM_PER_DEGREE * math.cos(math.radians(lat))), 6))


def place_people(session: Session, rng: random.Random, centres: dict) -> list[PersonReceivingCare]:
    """Give every person receiving care a home inside their locality."""
    people = list(session.exec(select(PersonReceivingCare).order_by(PersonReceivingCare.id)))
    for person in people:
        person.latitude, person.longitude = scatter(rng, centres[person.locality_id])
    return people


def active_delegations(session: Session) -> dict[int, list[tuple[int, int]]]:
    """Return each person's active delegations as (care worker id, activity id)."""
    rows = session.exec(select(Delegation.person_id, Delegation.care_worker_id,
                               Delegation.activity_id)
                        .where(Delegation.status == DelegationStatus.ACTIVE)
                        .order_by(Delegation.id))
    by_person = defaultdict(list)
    for person_id, worker_id, activity_id in rows:
        by_person[person_id].append((worker_id, activity_id))
    return by_person


def choose_team(person, delegated, teams: list[HomeCare], demo_carer_id: int) -> HomeCare:
    """The team holding the demo carer or most of the person's delegated carers, else the
    council branch of their locality, else the first (the demo manager's) branch."""
    workers = {w for w, _ in delegated}
    if demo_carer_id in workers:
        return teams[0]
    best = max(teams, key=lambda t: len(workers & t.member_set))
    if workers & best.member_set:
        return best
    local = [t for t in teams if t.team.locality_id == person.locality_id]
    return local[person.id % len(local)] if local else teams[0]  # spread over its branches


def plan_packages(session: Session, rng: random.Random, *, people, teams: list[HomeCare],
                  delegations: dict, centres: dict, codes: dict, today: date,
                  demo_carer_id: int) -> tuple[int, int]:
    """Give people packages until each team has its visits; return (packages, visits)."""
    queues = defaultdict(list)
    for person in people:
        queues[choose_team(person, delegations.get(person.id, []), teams, demo_carer_id)
               .team.id].append(person)
    drafts, made = [], len(people)
    for home_care in teams:
        queue, visits = queues[home_care.team.id], 0
        while queue or visits < home_care.target_visits:
            if queue:
                person = queue.pop(0)
            else:
                person = _new_person(session, rng, made, home_care.team, centres)
                made += 1
            pattern = rng.choices(data.PATTERNS, [p[2] for p in data.PATTERNS])[0]
            drafts.append((home_care, person, pattern))
            visits += len(pattern[0]) * pattern[1].bit_count()
    session.flush()  # new people get their ids
    activity_codes = {c.id: code for code, c in codes.items()}
    packages = [_package(rng, draft, delegations.get(draft[1].id, []), activity_codes, today)
                for draft in drafts]
    session.add_all(package for package, _, _ in packages)
    session.flush()  # packages get their ids
    visits = sum(_add_visits(session, rng, draft, *made_package, codes)
                 for draft, made_package in zip(drafts, packages, strict=True))
    return len(drafts), visits


def _new_person(session, rng, number: int, team: Team, centres) -> PersonReceivingCare:
    latitude, longitude = scatter(rng, centres[team.locality_id])
    person = PersonReceivingCare(reference=f"PRC-{number:05d}", locality_id=team.locality_id,
                                 latitude=latitude, longitude=longitude)
    session.add(person)
    return person


def _package(rng, draft, delegated, activity_codes, today) -> tuple:
    """A person's package; its delegated activities (round → code) and the team's carers
    holding a delegation for the person."""
    home_care, person, (rounds, _weekdays, _weight) = draft
    fillable = [(w, a) for w, a in delegated if w in home_care.member_set]
    activities = _activity_rounds(rounds, [activity_codes[a] for _, a in fillable])
    package = CarePackage(person_id=person.id, team_id=home_care.team.id,
                          funder=rng.choices(*zip(*data.FUNDERS, strict=True))[0],
                          starts_on=today - timedelta(days=rng.randint(7, 700)),
                          priority=_priority(rng, activities))
    return package, activities, fillable


def _add_visits(session, rng, draft, package, activities, fillable, codes) -> int:
    """Add a package's visit plans and preferred carers; return its weekly visits."""
    home_care, _person, (rounds, weekdays, _weight) = draft
    double = rng.random() < data.DOUBLE_HANDED_SHARE
    for name in rounds:
        session.add(_visit_plan(rng, package, name, weekdays, double, activities.get(name),
                                codes))
    for staff_id in _preferred(rng, home_care.members, [w for w, _ in fillable]):
        session.add(PreferredCarer(package_id=package.id, staff_member_id=staff_id))
    return len(rounds) * weekdays.bit_count()


def _activity_rounds(rounds, activity_codes: list[str]) -> dict[str, str]:
    """Put each delegated activity on its usual rounds (insulin morning and tea)."""
    chosen: dict[str, str] = {}
    for code in dict.fromkeys(activity_codes):
        for name in data.ACTIVITY_ROUNDS.get(code, (rounds[0],)):
            if name in rounds and name not in chosen:
                chosen[name] = code
    return chosen


def _priority(rng, activities: dict) -> int:
    if set(activities.values()) & data.TIME_CRITICAL:
        return 1  # time-critical medicines
    return 3 if rng.random() < 0.2 else 2


def _visit_plan(rng, package, name, weekdays, double, activity, codes) -> CareVisitPlan:
    earliest, latest, durations, tasks = data.ROUNDS[name]
    if activity:
        tasks = f"{tasks}; {codes[activity].title.lower()}"
    return CareVisitPlan(package_id=package.id, weekdays=weekdays, earliest_start=earliest,
                         latest_start=latest, duration_minutes=rng.choice(durations),
                         carers=2 if double and name in data.DOUBLE_HANDED_ROUNDS else 1,
                         tasks=tasks, activity_id=codes[activity].id if activity else None)


def _preferred(rng, members: list[int], delegated: list[int]) -> list[int]:
    """One to three carers the person knows, their delegated carers first."""
    wanted = rng.randint(1, 3)
    chosen = list(dict.fromkeys(delegated))[:wanted]
    others = [m for m in members if m not in chosen]
    return chosen + rng.sample(others, min(len(others), wanted - len(chosen)))
